import { Annotations, Duration, Fn, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BoundDrillValidation, DrillValidation } from './drill-validation';
import {
  METRIC_DRILL_STARTED, METRIC_NAMESPACE_PATTERN, METRIC_NAMESPACE_TEXT, METRIC_RESTORE_SECONDS, METRIC_RESTORE_SUCCEEDED,
  RESTORE_METRICS_NAMESPACE, TIER_DIMENSION,
} from './metric-names';
import { notifier } from './private/alarm-actions';
import { drillDefinition, DrillDefinitionOptions } from './private/definition';
import { markRestoreSource, restoreSections } from './private/report';
import { scheduleIntervalHours } from './private/schedule-interval';
import { checkString, raw, Where } from '../common/validation';
import { ReportSection, ReportSectionRow, ReportSections, IReportSectionSource } from '../compliance/report-section';
import type { ILifecyclePolicy } from '../dlm/policy-base';
import type { CompiledTier } from '../tiers/compiled-tier';

const RESTORE_DRILL_TAG = 'cdk-tiered-backup:restore-drill';

/** PutMetricAlarm: period x evaluation periods may not exceed 7 days for periods of an hour or more. */
const MAX_ALARM_RANGE_HOURS = 7 * 24;
const VOLUME_ID = /^vol-[0-9a-f]{8,17}$/;
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
const DEVICE = /^\/dev\/(sd|xvd)[f-p]$/;
const AZ = /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/;

/** Properties of `RestoreDrill`. */
export interface RestoreDrillProps {
  /**
   * The tier to drill: the newest completed snapshot any of its DLM policies made is restored,
   * its declared `rto` is the alarm threshold and its name the metrics' `Tier` dimension.
   * Give this or `policy`.
   *
   * @default - none; `policy` must be given
   */
  readonly tier?: CompiledTier;

  /**
   * Any DLM snapshot policy (e.g. `SnapshotPolicy`, or one imported by ID) to drill instead of
   * a tier. Give this or `tier`.
   *
   * @default - none; `tier` must be given
   */
  readonly policy?: ILifecyclePolicy;

  /**
   * The value of the metrics' `Tier` dimension (1-255 characters).
   *
   * @default - the tier's name; for a `policy`, this construct's id
   */
  readonly tierName?: string;

  /**
   * The recovery time objective the measured restore time is held against (the RTO alarm).
   *
   * @default - the tier's declared `rto`; none for a `policy` (no RTO alarm)
   */
  readonly rto?: Duration;

  /**
   * When the drill runs (EventBridge Scheduler), e.g. `ScheduleExpression.cron({ day: '1', hour: '5', minute: '0' })`
   * for the reference strategy's monthly full drill.
   *
   * @default - weekly, Mondays 05:00 UTC (`cron(0 5 ? * MON *)`)
   */
  readonly schedule?: scheduler.ScheduleExpression;

  /**
   * The longest time between two runs of `schedule`: the missed-drill alarm's look-back is
   * twice this (at most 7 days). Needed only when it cannot be read from the expression
   * (lists, ranges or steps in a cron expression).
   *
   * @default - read from `schedule` (rate expressions; cron expressions running hourly, daily at one hour, weekly on one day, monthly on one day)
   */
  readonly interval?: Duration;

  /**
   * Whether the schedule is enabled.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Only snapshots of this source volume (`vol-...`): a drill per volume of a tier that
   * protects many (each volume's restore is then measured, not only the newest snapshot's).
   *
   * @default - snapshots of every volume the policies protect
   */
  readonly sourceVolumeId?: string;

  /**
   * The Availability Zone the volume is restored in.
   *
   * @default - the drill instance's zone when there is a validation; else the first zone where
   * the tier keeps fast snapshot restore enabled; else the first zone of the stack's Region
   */
  readonly availabilityZone?: string;

  /**
   * The restored volume's type.
   *
   * @default ec2.EbsDeviceVolumeType.GP3
   */
  readonly volumeType?: ec2.EbsDeviceVolumeType;

  /**
   * How long the drill waits between two looks at the volume's state (whole seconds, 1 to 300).
   * The measured restore time is the sum of these waits, so this is its resolution.
   *
   * @default Duration.seconds(15)
   */
  readonly pollInterval?: Duration;

  /**
   * How long the drill waits for the volume to become `available` before it gives up, deletes
   * it and reports a failure (at least `pollInterval`, at most 24 hours).
   *
   * @default - twice the RTO, at least 30 minutes; 1 hour without an RTO
   */
  readonly timeout?: Duration;

  /**
   * A check run on the drill instance with the restored volume attached, e.g.
   * `DrillValidation.fileSystemCheck()`. Needs `drillInstance` or `drillInstanceId`.
   *
   * @default - the volume becoming `available` is the whole test
   */
  readonly validation?: DrillValidation;

  /**
   * The instance the volume is attached to for the validation (Linux, managed by Systems
   * Manager, in the restore's Availability Zone).
   *
   * @default - none; `drillInstanceId` with `availabilityZone`, or no validation
   */
  readonly drillInstance?: ec2.IInstance;

  /**
   * The drill instance's ID (`i-...`), when it is not in this app; give `availabilityZone` too.
   *
   * @default - none
   */
  readonly drillInstanceId?: string;

  /**
   * The device name the volume is attached as (`/dev/sdf` to `/dev/sdp`, or `/dev/xvdf`...).
   *
   * @default '/dev/sdf'
   */
  readonly device?: string;

  /**
   * How long the validation may run (whole minutes, 1 to 120).
   *
   * @default Duration.minutes(15)
   */
  readonly validationTimeout?: Duration;

  /**
   * Customer managed KMS keys the tier's snapshots are encrypted with: the drill's role may use
   * them through EC2 only (`kms:ViaService`), to create a volume from such a snapshot. Volumes
   * and snapshots under the AWS managed key `aws/ebs` need none.
   *
   * @default - none
   */
  readonly encryptionKeys?: kms.IKey[];

  /**
   * The SNS topic the alarms notify (ALARM and OK), e.g. the monitoring layer's topic.
   *
   * @default - the alarms notify nobody
   */
  readonly topic?: sns.ITopic;

  /**
   * The CloudWatch namespace of the metrics (not starting with `AWS/`).
   *
   * @default 'CdkTieredBackup/RestoreDrills'
   */
  readonly metricNamespace?: string;
}

/**
 * A restore drill for a DLM-protected tier (or any DLM snapshot policy): on a schedule
 * (EventBridge Scheduler, weekly by default), a Step Functions state machine built only from AWS
 * SDK service integrations finds the newest completed snapshot the policies made, creates a
 * volume from it in a chosen Availability Zone (where the tier keeps fast snapshot restore, by
 * default), waits until it is `available` (a bounded poll), optionally attaches it to a drill
 * instance and runs a validation document, then detaches and deletes it. It publishes the
 * measured time and the outcome to CloudWatch (`RestoreSeconds`, `RestoreSucceeded`, dimension
 * `Tier`); every failure path deletes what the drill created and publishes `RestoreSucceeded` 0.
 *
 * Alarms: the restore took longer than the RTO; a drill failed; no drill started in twice the
 * schedule's interval (CloudWatch looks back at most 7 days: see `missedDrillAlarm`).
 *
 * @example
 * new RestoreDrill(this, 'CriticalDrill', {
 *   tier: tiers.tier('critical'),
 *   validation: DrillValidation.fileSystemCheck(),
 *   drillInstance: drillHost,
 *   topic: alarmTopic,
 * });
 */
export class RestoreDrill extends Construct implements IReportSectionSource {
  /** The CloudWatch namespace of the drills' metrics, unless a drill is given another. */
  public static readonly DEFAULT_NAMESPACE = RESTORE_METRICS_NAMESPACE;

  /** The tag key every volume a drill creates carries; its value names the drill (`volumeTagValue`). */
  public static readonly VOLUME_TAG_KEY = RESTORE_DRILL_TAG;

  /** The state machine that runs a drill. */
  public readonly stateMachine: sfn.StateMachine;

  /** The role the state machine runs with. */
  public readonly role: iam.Role;

  /** The schedule that starts it. */
  public readonly schedule: scheduler.Schedule;

  /** The value of the metrics' `Tier` dimension. */
  public readonly tierName: string;

  /** The metrics' namespace. */
  public readonly metricNamespace: string;

  /** The RTO the restore time is held against. @default - none */
  public readonly rto?: Duration;

  /** ALARM when a drill's restore took longer than the RTO. @default - no RTO, no alarm */
  public readonly rtoAlarm?: cloudwatch.Alarm;

  /** ALARM when a drill failed (RestoreSucceeded 0); back to OK after a successful drill. */
  public readonly failureAlarm: cloudwatch.Alarm;

  /**
   * ALARM when no drill started within twice the schedule's interval. CloudWatch evaluates at
   * most 7 days (period x evaluation periods, PutMetricAlarm), so the look-back is
   * min(2 x interval, 7 days) in hourly periods; a drill rarer than weekly gets none (a warning
   * says so): watch its failures, or run a weekly partial drill beside it.
   *
   * @default - none when the interval exceeds 7 days
   */
  public readonly missedDrillAlarm?: cloudwatch.Alarm;

  /** The tag every volume the drill creates carries (`cdk-tiered-backup:restore-drill` = this value). */
  public readonly volumeTagValue: string;

  private readonly facts: { schedule: string; zone: string; validation: string; source: string };

  public constructor(scope: Construct, id: string, props: RestoreDrillProps) {
    super(scope, id);
    const where = new Where(this);
    const stack = Stack.of(this);

    if ((props.tier === undefined) === (props.policy === undefined)) {
      where.fail('tier', 'or `policy` must be given, exactly one of them', raw(props.tier && props.policy ? 'both' : 'neither'));
    }
    const tier = props.tier;
    const policyIds = tier ? tier.policies.map((p) => p.policyId) : [props.policy!.policyId];
    if (tier && policyIds.length === 0) {
      where.fail('tier', 'must be a tier with DLM policies (a restore drill restores DLM snapshots; AWS Backup tiers are drilled by TierRestoreTesting)', tier.tierName);
    }
    this.tierName = props.tierName ?? tier?.tierName ?? id;
    checkString(where, 'tierName', this.tierName, { minLength: 1, maxLength: 255 });
    this.metricNamespace = props.metricNamespace ?? RESTORE_METRICS_NAMESPACE;
    checkString(where, 'metricNamespace', this.metricNamespace, { pattern: METRIC_NAMESPACE_PATTERN, patternText: METRIC_NAMESPACE_TEXT });
    checkString(where, 'sourceVolumeId', props.sourceVolumeId, { pattern: VOLUME_ID, patternText: 'a volume ID such as vol-0123456789abcdef0' });
    this.rto = props.rto ?? tier?.declaration.rto;

    const pollSeconds = wholeSeconds(where, 'pollInterval', props.pollInterval ?? Duration.seconds(15), 1, 300);
    const defaultTimeout = this.rto && !this.rto.isUnresolved()
      ? Duration.minutes(Math.max(30, Math.ceil((2 * this.rto.toSeconds()) / 60)))
      : Duration.hours(1);
    const timeoutSeconds = wholeSeconds(where, 'timeout', props.timeout ?? defaultTimeout, pollSeconds, 24 * 3600);
    const maxPolls = Math.ceil(timeoutSeconds / pollSeconds);

    // The drill instance and the zone
    if (props.drillInstance && props.drillInstanceId !== undefined) {
      where.fail('drillInstanceId', 'must not be given with `drillInstance`', props.drillInstanceId);
    }
    checkString(where, 'drillInstanceId', props.drillInstanceId, { pattern: INSTANCE_ID, patternText: 'an instance ID such as i-0123456789abcdef0' });
    const instanceId = props.drillInstance?.instanceId ?? props.drillInstanceId;
    if (props.validation && instanceId === undefined) {
      where.fail('validation', 'needs `drillInstance` or `drillInstanceId`: the instance the restored volume is attached to', raw('no drill instance'));
    }
    if (!props.validation && instanceId !== undefined) {
      where.fail('drillInstance', 'is only used by a `validation`: give one (e.g. DrillValidation.fileSystemCheck())', instanceId);
    }
    if (props.drillInstanceId !== undefined && props.availabilityZone === undefined) {
      where.fail('availabilityZone', 'must be given with `drillInstanceId`: the drill instance\'s zone, where the volume is restored', raw('none'));
    }
    checkString(where, 'availabilityZone', props.availabilityZone, { pattern: AZ, patternText: 'an Availability Zone name such as ap-south-1a' });
    const instanceZone = instanceZoneOf(props.drillInstance);
    if (props.availabilityZone !== undefined && instanceZone !== undefined && !Token.isUnresolved(instanceZone)
      && !Token.isUnresolved(props.availabilityZone) && instanceZone !== props.availabilityZone) {
      where.fail('availabilityZone', `must be the drill instance's zone (${instanceZone}): a volume attaches only to an instance in its zone`, props.availabilityZone);
    }
    const fsrZones = tier?.declaration.fastRestore ? (tier.declaration.fastRestore.availabilityZones ?? [Fn.select(0, Fn.getAzs())]) : undefined;
    const zone = props.availabilityZone ?? instanceZone ?? fsrZones?.[0] ?? Fn.select(0, Fn.getAzs());
    const fsrKnown = fsrZones !== undefined && !fsrZones.some((z) => Token.isUnresolved(z)) && !Token.isUnresolved(zone);
    if (fsrKnown && !fsrZones!.includes(zone)) {
      Annotations.of(this).addWarningV2('cdk-tiered-backup:restore-drill-zone',
        `The drill restores in ${zone}, where tier \`${this.tierName}\` keeps no fast snapshot restore (${fsrZones!.join(', ')}): the measured time is a restore without it`);
    }
    const device = props.device ?? '/dev/sdf';
    checkString(where, 'device', device, { pattern: DEVICE, patternText: 'a device name /dev/sd[f-p] or /dev/xvd[f-p]' });
    const validationMinutes = wholeMinutes(where, 'validationTimeout', props.validationTimeout ?? Duration.minutes(15), 1, 120);

    // The schedule and its interval
    const expression = props.schedule ?? scheduler.ScheduleExpression.cron({ weekDay: 'MON', hour: '5', minute: '0' });
    const expressionText = expression.expressionString;
    if (!Token.isUnresolved(expressionText) && expressionText.startsWith('at(')) {
      where.fail('schedule', 'must recur (a rate or cron expression): a drill proves the RTO again and again', expressionText);
    }
    let intervalHours: number | undefined;
    if (props.interval !== undefined) {
      intervalHours = props.interval.isUnresolved() ? undefined : props.interval.toMinutes({ integral: false }) / 60;
      if (intervalHours !== undefined && intervalHours < 1) where.fail('interval', 'must be at least 1 hour', props.interval);
    } else {
      intervalHours = Token.isUnresolved(expressionText) ? undefined : scheduleIntervalHours(expressionText);
      if (intervalHours === undefined) {
        where.fail('interval', 'must be given when it cannot be read from `schedule` (rate, or cron running hourly, daily, weekly on one day or monthly on one day of 1-28)', expressionText);
      } else if (intervalHours < 1) {
        where.fail('schedule', 'must run at most hourly (a drill creates a volume each time)', expressionText);
      }
    }

    // The volume tag the IAM conditions key on: deterministic, unique in the app
    this.volumeTagValue = Names.uniqueResourceName(this, { maxLength: 128 });

    let bound: BoundDrillValidation | undefined;
    if (props.validation) bound = props.validation._bind(this, where);

    const options: DrillDefinitionOptions = {
      policyIds,
      sourceVolumeId: props.sourceVolumeId,
      availabilityZone: zone,
      volumeType: props.volumeType ?? ec2.EbsDeviceVolumeType.GP3,
      tagKey: RESTORE_DRILL_TAG,
      tagValue: this.volumeTagValue,
      namespace: this.metricNamespace,
      tierName: this.tierName,
      pollSeconds,
      maxPolls,
      validation: bound && instanceId !== undefined ? {
        documentName: bound.documentName,
        instanceId,
        device,
        parameters: bound.parameters,
        pollSeconds: 10,
        maxPolls: Math.ceil((validationMinutes * 60) / 10),
        timeoutSeconds: 600,
      } : undefined,
    };

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: `Restore drill ${this.node.path}`.slice(0, 1000),
    });
    for (const statement of drillStatements(stack, {
      tagValue: this.volumeTagValue,
      namespace: this.metricNamespace,
      instanceId,
      documentArn: bound?.documentArn,
    })) {
      this.role.addToPrincipalPolicy(statement);
    }
    (props.encryptionKeys ?? []).forEach((key, i) => {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: `UseSnapshotKey${i}`,
        actions: ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `ec2.${stack.region}.amazonaws.com` } },
      }));
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromString(stack.toJsonString(drillDefinition(options))),
      stateMachineType: sfn.StateMachineType.STANDARD,
      role: this.role,
      comment: `Restore drill of ${this.tierName}`,
    });

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: expression,
      target: new targets.StepFunctionsStartExecution(this.stateMachine, {}),
      description: `Restore drill of ${this.tierName}`.slice(0, 512),
      enabled: props.enabled ?? true,
    });

    // Alarms
    const notify = notifier(props.topic);
    if (this.rto !== undefined) {
      this.rtoAlarm = notify(new cloudwatch.Alarm(this, 'RtoAlarm', {
        metric: this.metricRestoreSeconds({ statistic: cloudwatch.Stats.MAXIMUM, period: Duration.hours(1) }),
        threshold: this.rto.toSeconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.IGNORE,
        alarmDescription: `A restore drill of ${this.tierName} took longer than its RTO (${this.rto.toHumanString()}); it stays in ALARM until a drill restores in time`,
      }));
    }
    this.failureAlarm = notify(new cloudwatch.Alarm(this, 'FailureAlarm', {
      metric: this.metricRestoreSucceeded({ statistic: cloudwatch.Stats.MINIMUM, period: Duration.hours(1) }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      alarmDescription: `A restore drill of ${this.tierName} failed (see the state machine's failed execution); it stays in ALARM until a drill succeeds`,
    }));
    const lookBackHours = intervalHours === undefined ? undefined : Math.ceil(Math.min(2 * intervalHours, MAX_ALARM_RANGE_HOURS));
    if (lookBackHours !== undefined && intervalHours !== undefined && intervalHours <= MAX_ALARM_RANGE_HOURS) {
      this.missedDrillAlarm = notify(new cloudwatch.Alarm(this, 'MissedDrillAlarm', {
        metric: this.metricDrillStarted({ statistic: cloudwatch.Stats.SAMPLE_COUNT, period: Duration.hours(1) }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: lookBackHours,
        datapointsToAlarm: lookBackHours,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        alarmDescription: `No restore drill of ${this.tierName} started in the last ${lookBackHours} hours`,
      }));
    } else if (intervalHours !== undefined) {
      Annotations.of(this).addWarningV2('cdk-tiered-backup:restore-drill-missed-alarm',
        `The drill runs every ${Math.round(intervalHours / 24)} days: CloudWatch alarms look back at most 7 days, so no missed-drill alarm is made (its failures still alarm)`);
    }

    this.facts = {
      schedule: Token.isUnresolved(expressionText) ? '(a token)' : expressionText,
      zone: Token.isUnresolved(zone) ? (fsrZones ? 'first fast snapshot restore zone' : 'first zone of the Region') : zone,
      validation: bound?.description ?? 'volume available',
      source: props.sourceVolumeId ?? 'newest snapshot of the policies',
    };
    markRestoreSource(this);
    ReportSections.register(this);
  }

  /** The measured restore time of each drill (seconds). */
  public metricRestoreSeconds(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.metric(METRIC_RESTORE_SECONDS, props);
  }

  /** 1 for a successful drill, 0 for a failed one. */
  public metricRestoreSucceeded(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.metric(METRIC_RESTORE_SUCCEEDED, props);
  }

  /** 1 each time a drill starts. */
  public metricDrillStarted(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.metric(METRIC_DRILL_STARTED, props);
  }

  /**
   * The plan report's `Restore drills` section: one table for every drill and restore testing
   * timing of the Stage (returned by the first of them by construct path).
   */
  public reportSections(): ReportSection[] {
    return restoreSections(this);
  }

  /** This drill's row of the `Restore drills` section. */
  public restoreRows(): ReportSectionRow[] {
    const rto = this.rto === undefined ? 'none declared' : this.rto.isUnresolved() ? '(a token)' : this.rto.toHumanString();
    const alarms = [this.rtoAlarm ? 'over RTO' : undefined, 'failed', this.missedDrillAlarm ? 'missed' : undefined].filter((a) => a !== undefined);
    return [{
      tier: this.tierName,
      cells: [rto, `restore drill: ${this.facts.source}`, this.facts.schedule, this.facts.zone, this.facts.validation, alarms.join(', ')],
    }];
  }

  private metric(name: string, props: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.metricNamespace,
      metricName: name,
      dimensionsMap: { [TIER_DIMENSION]: this.tierName },
      period: Duration.hours(1),
      ...props,
    });
  }
}

interface StatementOptions {
  readonly tagValue: string;
  readonly namespace: string;
  readonly instanceId?: string;
  readonly documentArn?: string;
}

/** What the drill's role may do, and nothing more. */
function drillStatements(stack: Stack, o: StatementOptions): iam.PolicyStatement[] {
  const volumes = stack.formatArn({ service: 'ec2', resource: 'volume', resourceName: '*' });
  const snapshots = stack.formatArn({ service: 'ec2', resource: 'snapshot', resourceName: '*', account: '' });
  const tagged = (key: string) => ({ StringEquals: { [`${key}/${RESTORE_DRILL_TAG}`]: o.tagValue } });
  const statements = [
    new iam.PolicyStatement({
      sid: 'Describe',
      actions: ['ec2:DescribeSnapshots', 'ec2:DescribeVolumes'],
      resources: ['*'], // no resource-level permissions
    }),
    new iam.PolicyStatement({ sid: 'CreateFromSnapshots', actions: ['ec2:CreateVolume'], resources: [snapshots] }),
    new iam.PolicyStatement({
      sid: 'CreateTaggedVolumes', actions: ['ec2:CreateVolume'], resources: [volumes], conditions: tagged('aws:RequestTag'),
    }),
    new iam.PolicyStatement({
      sid: 'TagOnCreate',
      actions: ['ec2:CreateTags'],
      resources: [volumes],
      conditions: { StringEquals: { 'ec2:CreateAction': 'CreateVolume', [`aws:RequestTag/${RESTORE_DRILL_TAG}`]: o.tagValue } },
    }),
    new iam.PolicyStatement({
      sid: 'OnlyDrillVolumes',
      actions: o.instanceId !== undefined ? ['ec2:AttachVolume', 'ec2:DeleteVolume', 'ec2:DetachVolume'] : ['ec2:DeleteVolume'],
      resources: [volumes],
      conditions: tagged('aws:ResourceTag'),
    }),
    new iam.PolicyStatement({
      sid: 'PutDrillMetrics',
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'], // no resource-level permissions; the namespace condition narrows it
      conditions: { StringEquals: { 'cloudwatch:namespace': o.namespace } },
    }),
  ];
  if (o.instanceId !== undefined && o.documentArn !== undefined) {
    const instance = stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: o.instanceId });
    statements.push(
      new iam.PolicyStatement({ sid: 'AttachToDrillInstance', actions: ['ec2:AttachVolume', 'ec2:DetachVolume'], resources: [instance] }),
      new iam.PolicyStatement({ sid: 'RunValidation', actions: ['ssm:SendCommand'], resources: [o.documentArn, instance] }),
      new iam.PolicyStatement({ sid: 'ReadValidation', actions: ['ssm:GetCommandInvocation'], resources: ['*'] }), // no resource-level permissions
    );
  }
  return statements;
}

/** An instance's zone, as a literal when the app knows it (an `ec2.Instance` placed in a subnet of a known zone). */
function instanceZoneOf(instance: ec2.IInstance | undefined): string | undefined {
  if (instance === undefined) return undefined;
  const zone = instance.instanceAvailabilityZone;
  if (Token.isUnresolved(zone) && instance instanceof ec2.Instance) {
    const placed = instance.instance.availabilityZone;
    if (placed !== undefined && !Token.isUnresolved(placed)) return placed;
  }
  return zone;
}

function wholeSeconds(where: Where, prop: string, d: Duration, min: number, max: number): number {
  if (d.isUnresolved()) where.fail(prop, 'must be known at synth (the state machine\'s waits are literal)', raw('a token'));
  const s = d.toMilliseconds() / 1000;
  if (!Number.isInteger(s) || s < min || s > max) where.fail(prop, `must be a whole number of seconds between ${min} and ${max}`, d);
  return s;
}

function wholeMinutes(where: Where, prop: string, d: Duration, min: number, max: number): number {
  if (d.isUnresolved()) where.fail(prop, 'must be known at synth', raw('a token'));
  const m = d.toMilliseconds() / 60000;
  if (!Number.isInteger(m) || m < min || m > max) where.fail(prop, `must be a whole number of minutes between ${min} and ${max}`, d);
  return m;
}
