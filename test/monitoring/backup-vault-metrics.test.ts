/** The AWS Backup vault metrics against the table of docs/monitoring.md (from the AWS Backup guide). */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { BackupVaultMetrics } from '../../src';
import { AWS_BACKUP_METRICS_PAGE, AWS_BACKUP_VAULT_METRICS } from '../../src/monitoring/backup-vault-metrics';

const DOC = fs.readFileSync(path.join(__dirname, '../../docs/monitoring.md'), 'utf8');

function documented(): { name: string; method: string }[] {
  const lines = DOC.split('\n');
  const header = lines.findIndex((l) => l.startsWith('| AWS Backup metric | Method |'));
  expect(header).toBeGreaterThan(0);
  const rows: { name: string; method: string }[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    rows.push({ name: cells[0].replace(/`/g, ''), method: cells[1].replace(/[`()]/g, '') });
  }
  return rows;
}

test('the documented table lists the library\'s vault metrics with their methods, and names its source', () => {
  const rows = documented();
  expect(rows.map((r) => r.name)).toEqual(AWS_BACKUP_VAULT_METRICS.map((m) => m.name));
  expect(rows.map((r) => r.method)).toEqual(AWS_BACKUP_VAULT_METRICS.map((m) => `metric${m.name.replace(/^NumberOf/, '')}`));
  expect(DOC).toContain(AWS_BACKUP_METRICS_PAGE);
});

test('every method returns its metric of the vault: AWS/Backup, BackupVaultName, Sum over 1 hour; no other metric method', () => {
  const stack = new Stack(new App(), 'S');
  const metrics = BackupVaultMetrics.of(backup.BackupVault.fromBackupVaultName(stack, 'V', 'central'));
  const methods = Object.getOwnPropertyNames(BackupVaultMetrics.prototype).filter((n) => /^metric[A-Z]/.test(n)).sort();
  expect(methods).toEqual(documented().map((r) => r.method).sort());
  for (const row of documented()) {
    const metric: cloudwatch.Metric = (metrics as any)[row.method]();
    expect([row.method, metric.namespace, metric.metricName, metric.dimensions, metric.statistic, metric.period.toSeconds()])
      .toEqual([row.method, 'AWS/Backup', row.name, { BackupVaultName: 'central' }, 'Sum', 3600]);
  }
  expect(BackupVaultMetrics.fromVaultName('x').metric('NumberOfRecoveryPointsCold', { dimensionsMap: { ResourceType: 'EBS' } }).dimensions)
    .toEqual({ ResourceType: 'EBS', BackupVaultName: 'x' });
});
