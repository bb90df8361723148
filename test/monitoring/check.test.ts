/**
 * The scheduled missed-backup check (rungs beyond CloudWatch's 7-day alarm range): its Amazon
 * States Language definition is valid (asl-validator, JSONata), queries the window it should,
 * and its JSONata expressions — evaluated with the jsonata engine asl-validator itself uses —
 * notify exactly when no snapshot completed.
 */
import * as path from 'path';
import { CHECK_SUM_ID, missedBackupCheckDefinition } from '../../src/monitoring/private/check';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const validateAsl: (definition: unknown) => { isValid: boolean; errorsText(): string } = require('asl-validator');
// the jsonata engine asl-validator depends on (not a direct devDependency of the project)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsonata: (expression: string) => { evaluate(input: unknown, bindings?: object): Promise<unknown> } = require(
  require.resolve('jsonata', { paths: [path.dirname(require.resolve('asl-validator'))] }));

const DEFINITION = missedBackupCheckDefinition({
  metrics: ['policy-a', 'policy-b'].map((id) => ({ namespace: 'AWS/EBS', metricName: 'SnapshotsCreateCompleted', dimensions: { DLMPolicyId: id } })),
  windowHours: 169,
  topicArn: 'arn:aws:sns:ap-south-1:111111111111:backup',
  message: 'Tier staging: no DLM snapshot completed in 7 days 1 hour.',
}) as any;

/** The expression inside `{% ... %}`. */
function expression(value: string): string {
  const m = /^\{%(.*)%\}$/s.exec(value);
  expect(m).not.toBeNull();
  return m![1].trim();
}

describe('missed-backup check definition', () => {
  test('is valid Amazon States Language (JSONata)', () => {
    const result = validateAsl(structuredClone(DEFINITION)); // the validator fills in defaults
    expect({ valid: result.isValid, errors: result.errorsText() }).toEqual({ valid: true, errors: '' });
    expect(validateAsl({ ...structuredClone(DEFINITION), StartAt: 'Nowhere' }).isValid).toBe(false);
  });

  test('sums SnapshotsCreateCompleted of every policy (FILL to 0), hourly Sum, AWS/EBS + DLMPolicyId', () => {
    const queries = DEFINITION.States.SumCompletions.Arguments.MetricDataQueries;
    expect(queries[0]).toEqual({ Id: CHECK_SUM_ID, Expression: 'FILL(m0, 0) + FILL(m1, 0)', ReturnData: true });
    const stats = queries.slice(1)
      .map(({ Id: id, MetricStat: s, ReturnData: data }: any) => [
        id, s.Metric.Namespace, s.Metric.MetricName, s.Metric.Dimensions, s.Period, s.Stat, data,
      ]);
    expect(stats).toEqual([
      ['m0', 'AWS/EBS', 'SnapshotsCreateCompleted', [{ Name: 'DLMPolicyId', Value: 'policy-a' }], 3600, 'Sum', false],
      ['m1', 'AWS/EBS', 'SnapshotsCreateCompleted', [{ Name: 'DLMPolicyId', Value: 'policy-b' }], 3600, 'Sum', false],
    ]);
    expect(DEFINITION.States.SumCompletions.Resource).toBe('arn:aws:states:::aws-sdk:cloudwatch:getMetricData');
  });

  test('the window ends now and starts windowHours before', async () => {
    const args = DEFINITION.States.SumCompletions.Arguments;
    const before = Date.now();
    const start = Date.parse(await jsonata(expression(args.StartTime)).evaluate({}) as string);
    const end = Date.parse(await jsonata(expression(args.EndTime)).evaluate({}) as string);
    const after = Date.now();
    expect(end - start).toBeGreaterThanOrEqual(169 * 3_600_000 - 1000);
    expect(end - start).toBeLessThanOrEqual(169 * 3_600_000 + 1000);
    expect(end).toBeGreaterThanOrEqual(before - 1000);
    expect(end).toBeLessThanOrEqual(after + 1000);
  });

  test.each([
    ['snapshots in the window', [0, 0, 1, 0, 2], 3, 'Done'],
    ['only zeros', [0, 0, 0], 0, 'Notify'],
    ['no datapoint at all', [], 0, 'Notify'],
    ['no result for the expression', undefined, 0, 'Notify'],
  ])('%s: sum %j -> %d, then %s', async (_name, values, sum, next) => {
    const results = values === undefined ? [] : [{ Id: CHECK_SUM_ID, Values: values }, { Id: 'm0', Values: [9] }];
    const sumOf = jsonata(expression(DEFINITION.States.SumCompletions.Output));
    const output = await sumOf.evaluate({}, { states: { result: { MetricDataResults: results } } });
    expect(output).toBe(sum);
    const choice = DEFINITION.States.AnySnapshot;
    const notify = await jsonata(expression(choice.Choices[0].Condition)).evaluate({}, { states: { input: output } });
    expect(notify ? choice.Choices[0].Next : choice.Default).toBe(next);
  });

  test('notifies the topic with the tier\'s message, and succeeds otherwise', () => {
    expect(DEFINITION.States.Notify).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish',
      End: true,
      Arguments: { TopicArn: 'arn:aws:sns:ap-south-1:111111111111:backup', Message: 'Tier staging: no DLM snapshot completed in 7 days 1 hour.' },
    });
    expect(DEFINITION.States.Done).toEqual({ Type: 'Succeed' });
  });
});
