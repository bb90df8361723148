/**
 * Prints what a synthesized example app contains: resource counts per stack and, for every DLM
 * policy, its schedules, retention, DR copies and shares in words.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';

export function printAssembly(assembly: CloudAssembly): void {
  console.log(`cloud assembly: ${assembly.directory}`);
  for (const s of assembly.stacks) {
    const template = JSON.parse(fs.readFileSync(path.join(assembly.directory, s.templateFile), 'utf8'));
    const resources = Object.entries<any>(template.Resources ?? {});
    const counts: Record<string, number> = {};
    for (const [, r] of resources) counts[r.Type] = (counts[r.Type] ?? 0) + 1;
    console.log(`\n${s.stackName} (account ${s.environment.account}, ${s.environment.region}):`);
    for (const [type, n] of Object.entries(counts).sort()) console.log(`  ${n} x ${type}`);
    for (const [id, r] of resources) {
      if (r.Type === 'AWS::DLM::LifecyclePolicy') console.log(`  ${id}: ${describePolicy(r.Properties).join('\n    - ')}`);
      if (r.Type === 'AWS::Backup::BackupPlan') console.log(`  ${id}: ${describePlan(r.Properties).join('\n    - ')}`);
    }
  }
}

function describePolicy(p: any): string[] {
  if (p.DefaultPolicy) {
    return [`default ${p.DefaultPolicy} policy, every ${p.CreateInterval ?? 1} day(s), keep ${p.RetainInterval ?? 7} days`];
  }
  const d = p.PolicyDetails;
  const lines: string[] = [d.PolicyType];
  for (const x of d.Schedules ?? []) {
    const c = x.CreateRule;
    const when = c.CronExpression ?? `every ${c.Interval} ${c.IntervalUnit.toLowerCase()}${c.Times ? ` from ${c.Times[0]}` : ''}`;
    const keep = x.RetainRule.Count !== undefined ? `${x.RetainRule.Count} copies` : age(x.RetainRule);
    const copies = (x.CrossRegionCopyRules ?? []).map((r: any) => `copy to ${r.Target ?? r.TargetRegion}${r.RetainRule ? ` for ${age(r.RetainRule)}` : ''}`);
    const shares = (x.ShareRules ?? []).map((r: any) => `share with ${r.TargetAccounts.join(', ')}${r.UnshareInterval ? ` for ${r.UnshareInterval} days` : ''}`);
    lines.push([`${x.Name}: ${when}, keep ${keep}`, ...copies, ...shares].join('; '));
  }
  if (d.EventSource) {
    const e = d.EventSource.Parameters;
    lines.push(`on snapshots shared by ${e.SnapshotOwner.join(', ')} matching ${e.DescriptionRegex}`);
    for (const c of d.Actions[0].CrossRegionCopy) lines.push(`copy to ${c.Target}, encrypted, for ${age(c.RetainRule)}`);
  }
  return lines;
}

function describePlan(p: any): string[] {
  const lines: string[] = ['AWS Backup plan'];
  for (const r of p.BackupPlan.BackupPlanRule ?? []) {
    const keep = r.Lifecycle?.DeleteAfterDays !== undefined ? `keep ${r.Lifecycle.DeleteAfterDays} days` : 'keep forever';
    const continuous = r.EnableContinuousBackup ? ', continuous (point-in-time restore)' : '';
    const copies = (r.CopyActions ?? []).map((c: any) => `copy to ${typeof c.DestinationBackupVaultArn === 'string' ? c.DestinationBackupVaultArn : 'a DR vault'}${c.Lifecycle?.DeleteAfterDays ? ` for ${c.Lifecycle.DeleteAfterDays} days` : ''}`);
    lines.push([`${r.RuleName}: ${r.ScheduleExpression}, ${keep}${continuous}`, ...copies].join('; '));
  }
  return lines;
}

function age(rule: { Interval: number; IntervalUnit: string }): string {
  return `${rule.Interval} ${rule.IntervalUnit.toLowerCase()}`;
}
