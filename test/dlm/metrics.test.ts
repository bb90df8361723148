/**
 * The metric methods of the DLM policy constructs against the table of docs/monitoring.md, which
 * copies the metrics the EBS user guide documents: every documented metric has its method, every
 * method a documented metric, and each returns that metric of the policy (AWS/EBS, DLMPolicyId).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AmiPolicy, CrossAccountCopyPolicy, DefaultPolicy, SnapshotPolicy } from '../../src';
import { DLM_METRICS, dlmMetricMethodName } from '../../src/dlm/metrics';

const DOC = fs.readFileSync(path.join(__dirname, '../../docs/monitoring.md'), 'utf8');

/** The rows of the metric table of docs/monitoring.md: metric, method, policy types, source link. */
function documentedMetrics(): { name: string; method: string; types: string; source: string }[] {
  const lines = DOC.split('\n');
  const header = lines.findIndex((l) => l.startsWith('| Metric | Method |'));
  expect(header).toBeGreaterThan(0);
  const links: { [ref: string]: string } = {};
  for (const m of DOC.matchAll(/^\[([a-z-]+)\]: (\S+)$/gm)) links[m[1]] = m[2];
  const rows: { name: string; method: string; types: string; source: string }[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const ref = /\]\[([a-z-]+)\]$/.exec(cells[4]);
    rows.push({ name: cells[0].replace(/`/g, ''), method: cells[1].replace(/[`()]/g, ''), types: cells[3], source: ref ? links[ref[1]] : cells[4] });
  }
  return rows;
}

const ENV = { account: '111111111111', region: 'ap-south-1' };
const POLICY_CLASSES = { SnapshotPolicy, AmiPolicy, DefaultPolicy, CrossAccountCopyPolicy };

describe('DLM metric methods', () => {
  const documented = documentedMetrics();

  test('the documented table lists exactly the library\'s metrics, with their method, policy types and AWS source page', () => {
    expect(documented.map((d) => d.name)).toEqual(DLM_METRICS.map((m) => m.name));
    expect(documented.map((d) => d.method)).toEqual(DLM_METRICS.map((m) => dlmMetricMethodName(m.name)));
    expect(documented.map((d) => d.types)).toEqual(DLM_METRICS.map((m) => m.policyTypes.join(', ')));
    expect(documented.map((d) => d.source)).toEqual(DLM_METRICS.map((m) => m.source));
    for (const d of documented) expect(d.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/ebs\/latest\/userguide\/(monitor-dlm-cw-metrics|dlm-script-monitoring)\.html$/);
  });

  test('names are the EBS user guide\'s spellings (no invented metric): 31 policy metrics and 9 script metrics', () => {
    expect(DLM_METRICS.filter((m) => m.source.endsWith('monitor-dlm-cw-metrics.html'))).toHaveLength(31);
    expect(DLM_METRICS.filter((m) => m.source.endsWith('dlm-script-monitoring.html')).map((m) => m.name)).toEqual([
      'PreScriptStarted', 'PreScriptCompleted', 'PreScriptFailed', 'PostScriptStarted', 'PostScriptCompleted', 'PostScriptFailed',
      'VSSBackupStarted', 'VSSBackupCompleted', 'VSSBackupFailed',
    ]);
    expect(DLM_METRICS.map((m) => m.name)).toContain('ImagesCopiedRegionDeregisteredFailed'); // AWS's spelling
    expect(new Set(DLM_METRICS.map((m) => m.name)).size).toBe(DLM_METRICS.length);
  });

  test.each(Object.keys(POLICY_CLASSES))('%s has one typed method per documented metric, and no other metric method', (cls) => {
    const proto = (POLICY_CLASSES as any)[cls].prototype;
    const methods: string[] = [];
    for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      methods.push(...Object.getOwnPropertyNames(p).filter((n) => /^metric[A-Z]/.test(n) && typeof p[n] === 'function'));
    }
    expect([...new Set(methods)].sort()).toEqual(documented.map((d) => d.method).sort());
    expect(typeof proto.metric).toBe('function');
  });

  test('every method returns its metric of the policy: namespace AWS/EBS, dimension DLMPolicyId, Sum over 1 hour', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const policy = SnapshotPolicy.fromLifecyclePolicyId(stack, 'Imported', 'policy-0123456789abcdef0') as any;
    for (const d of documented) {
      const metric: cloudwatch.Metric = policy[d.method]();
      const seen = {
        namespace: metric.namespace, name: metric.metricName, dims: metric.dimensions, stat: metric.statistic, period: metric.period.toSeconds(),
      };
      expect({ method: d.method, ...seen }).toEqual({ method: d.method, namespace: 'AWS/EBS', name: d.name, dims: { DLMPolicyId: 'policy-0123456789abcdef0' }, stat: 'Sum', period: 3600 });
    }
  });

  test('`metric()` takes any name and the caller\'s options, but keeps the policy dimension', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const policy = SnapshotPolicy.fromLifecyclePolicyId(stack, 'Imported', 'policy-0123456789abcdef0'); // an ILifecyclePolicy
    const metric = policy.metric('SnapshotsCreateFailed', { statistic: 'Maximum', dimensionsMap: { DLMPolicyId: 'other', Extra: 'x' } });
    expect(metric.statistic).toBe('Maximum');
    expect(metric.dimensions).toEqual({ DLMPolicyId: 'policy-0123456789abcdef0', Extra: 'x' });
  });
});
