/**
 * The scheduled missed-backup check of a rung longer than CloudWatch's 7-day alarm range: a
 * Step Functions state machine (JSONata, SDK integrations only) that sums a tier's
 * `SnapshotsCreateCompleted` (or a vault's `NumberOfBackupJobsCreated`) over the window with
 * GetMetricData and publishes to the topic when the sum is 0. NOT exported from the package.
 */

/** One metric the check sums. */
export interface CheckedMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: { readonly [name: string]: string };
}

/** What the check needs. */
export interface CheckOptions {
  readonly metrics: CheckedMetric[];
  readonly windowHours: number;
  readonly topicArn: string;
  readonly message: string;
}

/** The id of the summing expression in the GetMetricData query. */
export const CHECK_SUM_ID = 'completed';

/**
 * The state machine definition (Amazon States Language, JSONata). The window ends when the
 * check runs (`$now()`) and starts `windowHours` before (`$millis()` arithmetic).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 */
export function missedBackupCheckDefinition(options: CheckOptions): { [key: string]: unknown } {
  const windowMillis = options.windowHours * 3_600_000;
  const queries = options.metrics.map((m, i) => ({
    Id: `m${i}`,
    MetricStat: {
      Metric: {
        Namespace: m.namespace,
        MetricName: m.metricName,
        Dimensions: Object.entries(m.dimensions).map(([name, value]) => ({ Name: name, Value: value })),
      },
      Period: 3600,
      Stat: 'Sum',
    },
    ReturnData: false,
  }));
  return {
    QueryLanguage: 'JSONata',
    Comment: `Missed-backup check: notifies when the metrics sum to 0 over the last ${options.windowHours} hours`,
    StartAt: 'SumCompletions',
    States: {
      SumCompletions: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:cloudwatch:getMetricData',
        Arguments: {
          StartTime: `{% $fromMillis($millis() - ${windowMillis}) %}`,
          EndTime: '{% $now() %}',
          MetricDataQueries: [
            { Id: CHECK_SUM_ID, Expression: queries.map((q) => `FILL(${q.Id}, 0)`).join(' + '), ReturnData: true },
            ...queries,
          ],
        },
        Output: `{% $sum($append([0], $states.result.MetricDataResults[Id = '${CHECK_SUM_ID}'].Values)) %}`,
        Next: 'AnySnapshot',
      },
      AnySnapshot: {
        Type: 'Choice',
        Choices: [{ Condition: '{% $states.input < 1 %}', Next: 'Notify' }],
        Default: 'Done',
      },
      Notify: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sns:publish',
        Arguments: { TopicArn: options.topicArn, Message: options.message },
        End: true,
      },
      Done: { Type: 'Succeed' },
    },
  };
}
