import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  METRIC_NAMESPACE_PATTERN, METRIC_NAMESPACE_TEXT, METRIC_RESTORE_SECONDS, METRIC_RESTORE_SUCCEEDED, RESTORE_METRICS_NAMESPACE, TIER_DIMENSION,
} from './metric-names';
import { notifier } from './private/alarm-actions';
import { markRestoreSource, restoreSections } from './private/report';
import { checkString, Where } from '../common/validation';
import { IReportSectionSource, ReportSection, ReportSectionRow, ReportSections } from '../compliance/report-section';
import type { TierRestoreTesting } from '../compliance/restore-testing';
import type { TieredBackup } from '../tiers/tiered-backup';


/** Properties of `RestoreTestingRtoAlarms`. */
export interface RestoreTestingRtoAlarmsProps {
  /** The restore testing whose restore jobs are timed. */
  readonly restoreTesting: TierRestoreTesting;

  /** The tiers `restoreTesting` drills (their declared `rto` is the threshold). */
  readonly tiered: TieredBackup;

  /**
   * The SNS topic the alarms notify (ALARM and OK), e.g. the monitoring layer's topic.
   *
   * @default - the alarms notify nobody
   */
  readonly topic?: sns.ITopic;

  /**
   * The CloudWatch namespace of the metrics (not starting with `AWS/`); the same as the
   * restore drills' by default, so that every tier's restore time is in one place.
   *
   * @default 'CdkTieredBackup/RestoreDrills'
   */
  readonly metricNamespace?: string;
}

/** The timing of one tier's restore testing jobs. */
export interface RestoreJobTiming {
  /** The tier's name. */
  readonly tier: string;

  /** The EventBridge rule matching the tier's finished restore testing jobs. */
  readonly rule: events.Rule;

  /** ALARM when a restore job took longer than the tier's RTO. @default - the tier declares no RTO */
  readonly rtoAlarm?: cloudwatch.Alarm;

  /** ALARM when a restore job failed or was aborted. */
  readonly failureAlarm: cloudwatch.Alarm;
}

/**
 * The RTO alarm for tiers on AWS Backup: the restore jobs AWS Backup restore testing
 * (`TierRestoreTesting`) starts are timed from their `Restore Job State Change` events
 * (completion date minus creation date), published as the restore drills' metrics
 * (`RestoreSeconds`, `RestoreSucceeded`, dimension `Tier`) and alarmed against the tier's `rto`.
 *
 * An EventBridge rule per tier matches the plan's finished jobs (COMPLETED, FAILED, ABORTED)
 * and starts an Express state machine of one AWS SDK task (`cloudwatch:putMetricData`) whose
 * arguments compute the duration in JSONata (`$toMillis`): no Lambda. AWS Backup emits these
 * events best effort, so a job whose event is lost is not timed.
 *
 * @example
 * const testing = new TierRestoreTesting(this, 'RestoreTesting', { tiered: tiers, tiers: ['database'] });
 * new RestoreTestingRtoAlarms(this, 'RestoreTestingRto', { restoreTesting: testing, tiered: tiers, topic });
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 */
export class RestoreTestingRtoAlarms extends Construct implements IReportSectionSource {
  /** Per tier: the rule and alarms. */
  public readonly timings: RestoreJobTiming[] = [];

  /** The state machine that publishes a finished job's metrics. */
  public readonly stateMachine: sfn.StateMachine;

  /** The metrics' namespace. */
  public readonly metricNamespace: string;

  private readonly rtos = new Map<string, Duration | undefined>();
  private readonly schedules = new Map<string, string>();

  public constructor(scope: Construct, id: string, props: RestoreTestingRtoAlarmsProps) {
    super(scope, id);
    const where = new Where(this);
    this.metricNamespace = props.metricNamespace ?? RESTORE_METRICS_NAMESPACE;
    checkString(where, 'metricNamespace', this.metricNamespace, { pattern: METRIC_NAMESPACE_PATTERN, patternText: METRIC_NAMESPACE_TEXT });

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: `Restore testing job timing ${this.node.path}`.slice(0, 1000),
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'PutRestoreMetrics',
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'], // no resource-level permissions; the namespace condition narrows it
      conditions: { StringEquals: { 'cloudwatch:namespace': this.metricNamespace } },
    }));
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromString(Stack.of(this).toJsonString(restoreJobMetricsDefinition(this.metricNamespace))),
      stateMachineType: sfn.StateMachineType.EXPRESS,
      role,
      comment: 'Publishes the duration and outcome of a finished AWS Backup restore testing job',
    });

    const notify = notifier(props.topic);
    for (const test of props.restoreTesting.tests) {
      const rto = props.tiered.tier(test.tier).declaration.rto;
      this.rtos.set(test.tier, rto);
      const expression = test.plan.scheduleExpression;
      this.schedules.set(test.tier, Token.isUnresolved(expression) ? '(a token)' : expression);
      const tierScope = new Construct(this, test.tier);
      const rule = new events.Rule(tierScope, 'FinishedJobs', {
        description: `Finished restore testing jobs of tier ${test.tier}`.slice(0, 512),
        eventPattern: {
          source: ['aws.backup'],
          detailType: ['Restore Job State Change'],
          detail: { status: ['COMPLETED', 'FAILED', 'ABORTED'], restoreTestingPlanArn: [test.plan.attrRestoreTestingPlanArn] },
        },
        targets: [new eventsTargets.SfnStateMachine(this.stateMachine, {
          input: events.RuleTargetInput.fromObject({ tier: test.tier, detail: events.EventField.fromPath('$.detail') }),
        })],
      });
      const metric = (name: string, statistic: string) => new cloudwatch.Metric({
        namespace: this.metricNamespace, metricName: name, dimensionsMap: { [TIER_DIMENSION]: test.tier }, statistic, period: Duration.hours(1),
      });
      const rtoAlarm = rto === undefined ? undefined : notify(new cloudwatch.Alarm(tierScope, 'RtoAlarm', {
        metric: metric(METRIC_RESTORE_SECONDS, cloudwatch.Stats.MAXIMUM),
        threshold: rto.toSeconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.IGNORE,
        alarmDescription: `An AWS Backup restore test of ${test.tier} took longer than its RTO (${rto.toHumanString()}); it stays in ALARM until a test restores in time`,
      }));
      const failureAlarm = notify(new cloudwatch.Alarm(tierScope, 'FailureAlarm', {
        metric: metric(METRIC_RESTORE_SUCCEEDED, cloudwatch.Stats.MINIMUM),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.IGNORE,
        alarmDescription: `An AWS Backup restore test of ${test.tier} failed or was aborted; it stays in ALARM until a test succeeds`,
      }));
      this.timings.push({ tier: test.tier, rule, rtoAlarm, failureAlarm });
    }
    markRestoreSource(this);
    ReportSections.register(this);
  }

  /**
   * The plan report's `Restore drills` section: one table for every drill and restore testing
   * timing of the Stage (returned by the first of them by construct path).
   */
  public reportSections(): ReportSection[] {
    return restoreSections(this);
  }

  /** A row per timed tier of the `Restore drills` section. */
  public restoreRows(): ReportSectionRow[] {
    return this.timings.map((t) => {
      const rto = this.rtos.get(t.tier);
      return {
        tier: t.tier,
        cells: [
          rto === undefined ? 'none declared' : rto.isUnresolved() ? '(a token)' : rto.toHumanString(),
          'AWS Backup restore testing jobs, creation to completion', this.schedules.get(t.tier) ?? '', 'chosen by AWS Backup',
          'the plan\'s validation window', [t.rtoAlarm ? 'over RTO' : undefined, 'failed'].filter((a) => a !== undefined).join(', '),
        ],
      };
    });
  }
}

/**
 * One AWS SDK task in JSONata: a finished job's duration (completion minus creation date, in
 * seconds) and outcome. The input is `{ tier, detail }`, `detail` being the event's.
 */
export function restoreJobMetricsDefinition(namespace: string): { [key: string]: unknown } {
  const dims = '[{"Name": "' + TIER_DIMENSION + '", "Value": $states.input.tier}]';
  const seconds = '($toMillis($states.input.detail.completionDate) - $toMillis($states.input.detail.creationDate)) / 1000';
  return {
    Comment: 'Publishes the duration and outcome of a finished AWS Backup restore testing job',
    QueryLanguage: 'JSONata',
    StartAt: 'PublishRestoreJob',
    States: {
      PublishRestoreJob: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:cloudwatch:putMetricData',
        Arguments: {
          Namespace: namespace,
          MetricData: '{% $states.input.detail.status = "COMPLETED" ? ['
            + `{"MetricName": "${METRIC_RESTORE_SECONDS}", "Dimensions": ${dims}, "Value": ${seconds}, "Unit": "Seconds"}, `
            + `{"MetricName": "${METRIC_RESTORE_SUCCEEDED}", "Dimensions": ${dims}, "Value": 1, "Unit": "Count"}] : [`
            + `{"MetricName": "${METRIC_RESTORE_SUCCEEDED}", "Dimensions": ${dims}, "Value": 0, "Unit": "Count"}] %}`,
        },
        Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
        End: true,
      },
    },
  };
}
