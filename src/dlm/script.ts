import { Duration, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ssmDocumentArn } from './private/ssm';
import { checkString, Where } from '../common/validation';

/** An SSM document ARN: a handler that is not a plain document name must be one. */
const DOCUMENT_ARN = /^arn:aws(-[a-z]+)*:ssm:[a-z0-9-]+:\d{12}:document\/[a-zA-Z0-9_.-]{3,128}$/;

/** When a DLM pre/post script runs. */
export enum ScriptStage {
  /** Before the snapshot is started. */
  PRE = 'PRE',
  /** After the snapshot has been initiated. */
  POST = 'POST',
}

/**
 * What DLM does with an instance whose pre-script failed (after all retries).
 */
export enum ScriptFailureAction {
  /** Take a crash-consistent snapshot anyway (DLM's default). */
  CRASH_CONSISTENT_SNAPSHOT = 'CRASH_CONSISTENT_SNAPSHOT',
  /** Skip the instance for this run. */
  SKIP_INSTANCE = 'SKIP_INSTANCE',
}

/** The DLM `Scripts` entry a script renders into a schedule's create rule. */
export interface SnapshotScriptConfig {
  /**
   * SSM document name or ARN, or `AWS_VSS_BACKUP` for Windows VSS.
   */
  readonly executionHandler: string;

  /**
   * Whether the handler is an SSM document run by AWS Systems Manager.
   *
   * @default true - `ExecutionHandlerService: AWS_SYSTEMS_MANAGER`; false for VSS
   */
  readonly systemsManager?: boolean;

  /**
   * The stages the script runs in.
   *
   * @default - DLM's default (both PRE and POST); not rendered for VSS
   */
  readonly stages?: ScriptStage[];

  /**
   * How long each stage may run (10-120 seconds).
   *
   * @default - DLM's default of 10 seconds
   */
  readonly timeout?: Duration;

  /**
   * How often a failed script is retried (0-3).
   *
   * @default - DLM's default of 0
   */
  readonly maximumRetryCount?: number;

  /**
   * What to do when the pre-script fails after all retries.
   *
   * @default ScriptFailureAction.CRASH_CONSISTENT_SNAPSHOT
   */
  readonly onFailure?: ScriptFailureAction;

  /**
   * ARN of the SSM document, used to grant the execution role `ssm:SendCommand` on it.
   *
   * @default - no SSM permission is granted
   */
  readonly documentArn?: string;
}

/**
 * A pre/post script for a snapshot schedule that targets instances.
 *
 * `SnapshotScript` offers the plain forms; `ConsistentBackupHook` (hooks) builds
 * application-consistent documents on this interface.
 */
export interface ISnapshotScript {
  /**
   * Produces the script configuration for a policy in `scope`.
   */
  bindScript(scope: Construct): SnapshotScriptConfig;
}

/** Options for an SSM-document script. */
export interface SsmDocumentScriptOptions {
  /**
   * The stages the document runs in.
   *
   * @default - both PRE and POST
   */
  readonly stages?: ScriptStage[];

  /**
   * How long each stage may run (10-120 seconds).
   *
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;

  /**
   * How often a failed script is retried (0-3).
   *
   * @default 0
   */
  readonly maximumRetryCount?: number;

  /**
   * What to do when the pre-script fails after all retries.
   *
   * @default ScriptFailureAction.CRASH_CONSISTENT_SNAPSHOT
   */
  readonly onFailure?: ScriptFailureAction;
}

/** Options for Windows VSS backups. */
export interface VssScriptOptions {
  /**
   * How often a failed VSS backup is retried (0-3).
   *
   * @default 0
   */
  readonly maximumRetryCount?: number;

  /**
   * What to do when the VSS backup fails after all retries.
   *
   * @default ScriptFailureAction.CRASH_CONSISTENT_SNAPSHOT
   */
  readonly onFailure?: ScriptFailureAction;
}

/**
 * The DLM pre/post scripts this library does not generate: an existing SSM document (of this
 * account by name, or shared by ARN), Windows VSS, or SAP HANA. `ConsistentBackupHook` (hooks)
 * generates documents.
 *
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/automate-app-consistent-backups.html
 */
export class SnapshotScript implements ISnapshotScript {
  /** The handler DLM uses for Windows VSS backups. */
  public static readonly VSS_HANDLER = 'AWS_VSS_BACKUP';

  /** The AWS-owned SSM document DLM runs for Windows VSS backups. */
  public static readonly VSS_DOCUMENT = 'AWSEC2-CreateVssSnapshot';

  /** The AWS-managed SSM document for SAP HANA. */
  public static readonly SAP_HANA_DOCUMENT = 'AWSSystemsManagerSAP-CreateDLMSnapshotForSAPHANA';

  /**
   * Run an existing SSM Command document (name or ARN) as the pre/post script.
   * The document must follow DLM's script contract.
   */
  public static fromSsmDocument(nameOrArn: string, options: SsmDocumentScriptOptions = {}): SnapshotScript {
    return new SnapshotScript(nameOrArn, true, options);
  }

  /** Windows VSS (Volume Shadow Copy Service) application-consistent snapshots. */
  public static windowsVss(options: VssScriptOptions = {}): SnapshotScript {
    return new SnapshotScript(SnapshotScript.VSS_HANDLER, false, options);
  }

  /** SAP HANA, through the AWS-managed SSM document. */
  public static sapHana(options: SsmDocumentScriptOptions = {}): SnapshotScript {
    return new SnapshotScript(SnapshotScript.SAP_HANA_DOCUMENT, true, options);
  }

  private constructor(
    private readonly handler: string,
    private readonly systemsManager: boolean,
    private readonly options: SsmDocumentScriptOptions,
  ) {}

  public bindScript(scope: Construct): SnapshotScriptConfig {
    const handler = this.handler;
    if (this.systemsManager && !Token.isUnresolved(handler) && /[:/]/.test(handler)) {
      checkString(new Where(scope, 'script'), 'documentArn', handler, {
        pattern: DOCUMENT_ARN, patternText: 'an SSM document ARN (arn:aws:ssm:<region>:<account>:document/<name>)',
      });
    }
    return {
      executionHandler: this.handler,
      systemsManager: this.systemsManager,
      stages: this.options.stages,
      timeout: this.options.timeout,
      maximumRetryCount: this.options.maximumRetryCount,
      onFailure: this.options.onFailure,
      // DLM runs VSS backups through the AWS-owned document AWSEC2-CreateVssSnapshot
      documentArn: ssmDocumentArn(scope, this.systemsManager ? this.handler : SnapshotScript.VSS_DOCUMENT),
    };
  }
}
