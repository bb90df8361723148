import { Duration, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { renderScript } from './private/render';
import { CommandsOptions } from './quiescers/commands';
import { FsfreezeOptions } from './quiescers/fsfreeze';
import { MysqlOptions } from './quiescers/mysql';
import { PostgresqlOptions } from './quiescers/postgresql';
import { Quiescer } from './quiescers/quiescer';
import { checkPath, QuiescerBinding } from './quiescers/shared';
import { checkInteger, checkString, raw, Where } from '../common/validation';
import { ssmDocumentArn } from '../dlm/private/ssm';
import { ISnapshotScript, ScriptFailureAction, ScriptStage, SnapshotScriptConfig } from '../dlm/script';

/** What every `ConsistentBackupHook` can be told, whatever it quiesces. */
export interface ConsistentBackupHookOptions {
  /**
   * How long DLM lets each of the pre-script and the post-script run (10-120 seconds, whole
   * seconds). The script's own waits (connecting, the lock) are derived from it.
   *
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;

  /**
   * How often DLM retries a failed script (0-3). A failed pre-script retries the whole
   * snapshot (pre and post); a failed post-script only the post-script.
   *
   * @default 0
   */
  readonly maximumRetryCount?: number;

  /**
   * What DLM does with an instance whose pre-script failed after all retries.
   *
   * @default ScriptFailureAction.CRASH_CONSISTENT_SNAPSHOT
   */
  readonly onFailure?: ScriptFailureAction;

  /**
   * The auto thaw: when the post-script has not come this long after the freeze/lock was
   * taken, it is released anyway, and the next post-script exits 203. Between 1 second and
   * 5 minutes, whole seconds.
   *
   * @default Duration.seconds(60)
   */
  readonly autoThaw?: Duration;

  /**
   * The SSM document's name (3-128 letters, digits, `_`, `-`, `.`; not starting with `aws`,
   * `amazon` or `amzn`). A named document is updated in place (`UpdateMethod: NewVersion`).
   *
   * @default - a name CloudFormation generates; a changed script replaces the document
   */
  readonly documentName?: string;

  /**
   * Tag the document `DLMScriptsAccess=true`, which the AWS managed policy
   * `AWSDataLifecycleManagerSSMFullAccess` requires to let DLM run it. The tag grants nothing
   * by itself; it only matters to roles with that managed policy. The library's own
   * least-privilege role is granted this document by ARN and does not need it.
   *
   * @default true
   */
  readonly dlmScriptsAccessTag?: boolean;

  /**
   * Where the script keeps its state on the instance (holder PID, status, logs), an absolute
   * path. On a tmpfs such as `/run` a reboot clears it, which is what a freeze needs.
   *
   * @default - `/run/cdk-tiered-backup/<kind>` (`fsfreeze`, `mysql`, `postgresql` or `commands`)
   */
  readonly stateDirectory?: string;
}

/** Properties of a `ConsistentBackupHook`. */
export interface ConsistentBackupHookProps extends ConsistentBackupHookOptions {
  /** What to quiesce between the pre-script and the post-script. */
  readonly quiescer: Quiescer;
}

/** Properties of `ConsistentBackupHook.fsfreeze()`. */
export interface FsfreezeHookProps extends ConsistentBackupHookOptions, FsfreezeOptions {}

/** Properties of `ConsistentBackupHook.mysql()`. */
export interface MysqlHookProps extends ConsistentBackupHookOptions, MysqlOptions {}

/** Properties of `ConsistentBackupHook.postgresql()`. */
export interface PostgresqlHookProps extends ConsistentBackupHookOptions, PostgresqlOptions {}

/** Properties of `ConsistentBackupHook.commands()`. */
export interface CommandsHookProps extends ConsistentBackupHookOptions, CommandsOptions {}

const DEFAULT_TIMEOUT = Duration.seconds(30);
const DEFAULT_AUTO_THAW = Duration.seconds(60);
const MAX_AUTO_THAW_SECONDS = 300;
/** Seconds of DLM's timeout the script keeps for itself around its own waits. */
const SCRIPT_MARGIN_SECONDS = 2;
const DOCUMENT_NAME = /^(?!aws|amazon|amzn)[a-zA-Z0-9_.-]{3,128}$/i;
const EXECUTION_ID_PATTERN = '^(None|[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12})$';
/** The tag the AWS managed policy AWSDataLifecycleManagerSSMFullAccess conditions on. */
const DLM_SCRIPTS_ACCESS_TAG = 'DLMScriptsAccess';

/**
 * Application-consistent EBS snapshots through Data Lifecycle Manager pre/post scripts: an SSM
 * Command document that quiesces an application on the instance before DLM starts the
 * snapshot and resumes it after, with an auto thaw when the post-script never comes.
 *
 * Use it as the `script` of a schedule of a `SnapshotPolicy` that targets instances. DLM's
 * execution role is granted `ssm:SendCommand` with this document only.
 *
 * The instance needs the SSM Agent, an instance profile that lets Systems Manager manage it
 * (e.g. `AmazonSSMManagedInstanceCore`), and what `grantInstance()` grants.
 *
 * For scripts this library does not generate (Windows VSS, SAP HANA, an existing SSM
 * document), use `SnapshotScript`.
 *
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/automate-app-consistent-backups.html
 */
export class ConsistentBackupHook extends Construct implements ISnapshotScript {
  /** Freeze file systems with `fsfreeze` between the pre-script and the post-script. */
  public static fsfreeze(scope: Construct, id: string, props: FsfreezeHookProps): ConsistentBackupHook {
    return new ConsistentBackupHook(scope, id, { ...props, quiescer: Quiescer.fsfreeze(props) });
  }

  /** Hold MySQL's or MariaDB's global read lock between the pre-script and the post-script. */
  public static mysql(scope: Construct, id: string, props: MysqlHookProps = {}): ConsistentBackupHook {
    return new ConsistentBackupHook(scope, id, { ...props, quiescer: Quiescer.mysql(props) });
  }

  /** Keep PostgreSQL in backup mode between the pre-script and the post-script. */
  public static postgresql(scope: Construct, id: string, props: PostgresqlHookProps = {}): ConsistentBackupHook {
    return new ConsistentBackupHook(scope, id, { ...props, quiescer: Quiescer.postgresql(props) });
  }

  /** Your own commands as the pre-script and/or the post-script. */
  public static commands(scope: Construct, id: string, props: CommandsHookProps): ConsistentBackupHook {
    return new ConsistentBackupHook(scope, id, { ...props, quiescer: Quiescer.commands(props) });
  }

  /** The SSM document. */
  public readonly document: ssm.CfnDocument;

  /** The SSM document's name (DLM's `ExecutionHandler`). */
  public readonly documentName: string;

  /** The SSM document's ARN. */
  public readonly documentArn: string;

  /** What the hook quiesces. */
  public readonly quiescer: Quiescer;

  /**
   * The bash script of the document's `aws:runShellScript` step, with SSM's `{{ command }}`
   * and `{{ executionId }}` placeholders.
   */
  public readonly shellScript: string;

  private readonly binding: QuiescerBinding;
  private readonly props: ConsistentBackupHookProps;
  private readonly timeout: Duration;

  public constructor(scope: Construct, id: string, props: ConsistentBackupHookProps) {
    super(scope, id);
    const where = new Where(this);
    this.props = props;
    this.quiescer = props.quiescer;

    this.timeout = props.timeout ?? DEFAULT_TIMEOUT;
    const timeoutSeconds = wholeSeconds(where, 'timeout', this.timeout, 10, 120);
    const autoThawSeconds = wholeSeconds(where, 'autoThaw', props.autoThaw ?? DEFAULT_AUTO_THAW, 1, MAX_AUTO_THAW_SECONDS);
    checkInteger(where, 'maximumRetryCount', props.maximumRetryCount, 0, 3);
    checkString(where, 'documentName', props.documentName, {
      pattern: DOCUMENT_NAME, patternText: '3-128 letters, digits, _ - . (not starting with aws, amazon or amzn)',
    });
    checkPath(where, 'stateDirectory', props.stateDirectory, 200);
    checkStateDirectory(where, props.stateDirectory);

    this.binding = this.quiescer._bind(where, { timeoutSeconds, autoThawSeconds, region: Stack.of(this).region });
    if (props.onFailure !== undefined && !this.binding.pre) {
      where.fail('onFailure', 'only applies to scripts with a pre-script (give `pre` commands)', props.onFailure);
    }

    const scriptWait = timeoutSeconds - SCRIPT_MARGIN_SECONDS;
    this.shellScript = renderScript(this.binding.parts, {
      stateDirectory: props.stateDirectory ?? `/run/cdk-tiered-backup/${this.binding.parts.kind}`,
      autoThawSeconds,
      acquireSeconds: scriptWait,
      releaseSeconds: scriptWait,
    });

    const tags = props.dlmScriptsAccessTag ?? true ? [{ key: DLM_SCRIPTS_ACCESS_TAG, value: 'true' }] : undefined;
    this.document = new ssm.CfnDocument(this, 'Resource', {
      documentType: 'Command',
      documentFormat: 'JSON',
      targetType: '/AWS::EC2::Instance',
      name: props.documentName,
      updateMethod: props.documentName !== undefined ? 'NewVersion' : undefined,
      content: this.renderContent(),
      tags,
    });
    checkDocumentSize(where, this.document.content, this.binding);
    this.documentName = this.document.ref;
    this.documentArn = ssmDocumentArn(this, this.documentName);
  }

  /**
   * The DLM `Scripts` entry: this document, both stages (or the one given), the options. The
   * policy must be in the document's account and Region (DLM runs documents of its own).
   */
  public bindScript(scope: Construct): SnapshotScriptConfig {
    const [mine, theirs] = [Stack.of(this), Stack.of(scope)];
    for (const what of ['region', 'account'] as const) {
      const [a, b] = [mine[what], theirs[what]];
      if (!Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b) {
        new Where(scope).fail('script', `must be a hook in the policy's ${what} ${b} (DLM runs SSM documents of its own ${what}); ${this.node.path} is in ${a}`);
      }
    }
    const stages = [this.binding.pre ? ScriptStage.PRE : undefined, this.binding.post ? ScriptStage.POST : undefined]
      .filter((s): s is ScriptStage => s !== undefined);
    return {
      executionHandler: this.documentName,
      systemsManager: true,
      stages,
      timeout: this.timeout,
      maximumRetryCount: this.props.maximumRetryCount,
      onFailure: this.props.onFailure,
      documentArn: this.documentArn,
    };
  }

  /**
   * Grants the instance role what the script needs at run time: reading (and decrypting) the
   * SecureString password parameter, when one is used; otherwise nothing (a dropped grant).
   * The instance also needs Systems Manager's own permissions (e.g. the managed policy
   * `AmazonSSMManagedInstanceCore`), which are yours to attach.
   */
  public grantInstance(grantee: iam.IGrantable): iam.Grant {
    const parameter = this.binding.passwordParameter;
    if (parameter === undefined) {
      return iam.Grant.drop(grantee, 'the hook reads no parameter on the instance');
    }
    return parameter.grantRead(grantee);
  }

  private renderContent(): { [key: string]: unknown } {
    return {
      schemaVersion: '2.2',
      description: `Data Lifecycle Manager pre/post script: ${this.binding.description}. Generated by cdk-tiered-backup (ConsistentBackupHook).`,
      parameters: {
        executionId: {
          type: 'String',
          default: 'None',
          description: '(Required) Specifies the unique identifier associated with a pre and/or post execution',
          allowedPattern: EXECUTION_ID_PATTERN,
        },
        command: {
          type: 'String',
          default: 'dry-run',
          description: '(Required) Specifies whether pre-script and/or post-script should be executed.',
          allowedValues: ['pre-script', 'post-script', 'dry-run'],
        },
      },
      mainSteps: [{
        action: 'aws:runShellScript',
        name: 'run_pre_post_scripts',
        precondition: { StringEquals: ['platformType', 'Linux'] },
        inputs: { runCommand: [this.shellScript] },
      }],
    };
  }
}

/** Directories anyone may write to (sticky or not): a state directory under one can be planted. */
const WORLD_WRITABLE = ['/tmp', '/var/tmp', '/dev/shm', '/run/lock', '/var/lock', '/var/crash'];
/** Virtual and boot file systems. */
const NOT_UNDER = ['/proc', '/sys', '/dev', '/boot'];
/** Directories the system shares: the hook would take them over (mode 700). */
const SYSTEM_DIRECTORIES = new Set([
  '/', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/usr', '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/lib64',
  '/usr/local', '/usr/local/bin', '/usr/local/sbin', '/usr/local/lib', '/usr/share', '/etc', '/home', '/root', '/opt', '/srv',
  '/mnt', '/media', '/run', '/run/user', '/var', '/var/run', '/var/lib', '/var/log', '/var/cache', '/var/spool', '/var/mail',
  '/var/opt', '/var/local', '/var/backups',
]);

/**
 * The state directory is root's private place on the instance: not a directory the system
 * shares, and not under one any user may write to (where a local user could create it first,
 * with symbolic links inside). What synth cannot know (a parent made world-writable on the
 * instance) the script checks at run time.
 */
function checkStateDirectory(where: Where, dir: string | undefined): void {
  if (dir === undefined) return;
  const under = (parents: string[]) => parents.some((p) => dir === p || dir.startsWith(`${p}/`));
  if (under(WORLD_WRITABLE)) {
    where.fail('stateDirectory', `must be a directory of its own, not under a world-writable directory (${WORLD_WRITABLE.join(', ')})`, dir);
  }
  if (under(NOT_UNDER)) where.fail('stateDirectory', `must not be under ${NOT_UNDER.slice(0, -1).join(', ')} or ${NOT_UNDER[NOT_UNDER.length - 1]}`, dir);
  if (SYSTEM_DIRECTORIES.has(dir)) {
    where.fail('stateDirectory', 'must be a directory of its own, not a system directory (/, /etc, /run, /var/lib, ...)', dir);
  }
}

/**
 * SSM's limit on a document's content: "The content of the document must not exceed 64KB"
 * (CreateDocument, https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html).
 */
const MAX_DOCUMENT_BYTES = 65_536;
/** Room kept for each value CloudFormation resolves at deployment (base64 of up to 1011 characters). */
const TOKEN_RESERVE_BYTES = 1_400;

/**
 * The document's content, as JSON (what CloudFormation sends to SSM), must fit SSM's limit. Each
 * token is counted at the size of its largest deployed value.
 */
function checkDocumentSize(where: Where, content: unknown, binding: QuiescerBinding): void {
  const json = JSON.stringify(content);
  const tokens = Tokenization.reverseString(json).tokens.length;
  const bytes = Buffer.byteLength(json, 'utf8') + tokens * TOKEN_RESERVE_BYTES;
  if (bytes > MAX_DOCUMENT_BYTES) {
    const culprit = binding.parts.kind === 'commands'
      ? [binding.pre ? '`pre`' : undefined, binding.post ? '`post`' : undefined].filter((x) => x).join(' and ')
      : 'the settings';
    throw new Error(`${where.prefix()}${culprit} make${culprit.includes(' and ') ? '' : 's'} the SSM document ${bytes} bytes; it must be at most ${MAX_DOCUMENT_BYTES} bytes (SSM's document size limit), got ${bytes} bytes`);
  }
}

/** Whole seconds of a literal duration within [min, max]. */
function wholeSeconds(where: Where, prop: string, value: Duration, min: number, max: number): number {
  if (value.isUnresolved()) {
    where.fail(prop, 'must be a literal duration, not a token (the script is generated at synth time)');
  }
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    where.fail(prop, `must be a whole number of seconds between ${min} and ${max}`, raw(`${seconds} seconds`));
  }
  return seconds;
}
