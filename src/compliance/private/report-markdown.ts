/**
 * The plan report as Markdown: a summary table, a section per tier and the estimate's
 * assumptions. NOT exported from the package.
 */
import { durationText, fmt, round2 } from './cost';
import { BackupEngine } from '../../tiers/engines';
import { ReportContent, EngineRpoReport } from '../report-model';

/** The Markdown of a report. */
export function reportMarkdown(report: ReportContent): string {
  const i = report.inputs;
  const out: string[] = [];
  out.push('# Backup plan report', '');
  out.push(`> **Estimate.** Storage and cost figures are estimates for one protected resource of ${fmt(i.volumeSizeGb)} GB changing ${fmt(i.dailyChangeRateGb)} GB a day, not quotes. See [Assumptions](#assumptions).`, '');
  out.push('| Tier | Engines | Worst-case RPO | Declared RPO | Met | Horizon | Restore points held (primary Region) | Estimate, USD/month |');
  out.push('|---|---|---|---|---|---|---|---|');
  for (const t of report.tiers) {
    const worst = t.rpo.map((r) => `${engineName(r.engine)}: ${r.worstCaseRpo}`).join('<br>') || '–';
    const held = t.rungs.reduce<number | undefined>(
      (sum, r) => sum === undefined || r.restorePoints === undefined ? undefined : sum + r.restorePoints, 0);
    const cost = t.estimates.map((e) => `${engineName(e.engine)}: ${money(e.monthlyCostUsd)}`).join('<br>') || '–';
    out.push(`| \`${t.name}\` | ${t.engines.map(engineName).join(', ') || 'none'} | ${worst} | ${minutesText(t.declaredRpoMinutes)} | ${verdict(t.meetsDeclaredRpo)} | ${daysText(t.retentionHorizonDays)} | ${held === undefined ? 'unknown' : fmt(round2(held))} | ${cost} |`);
  }
  out.push('');
  for (const t of report.tiers) {
    out.push(`## Tier \`${t.name}\`${t.description ? ` — ${t.description}` : ''}`, '');
    const facts = [
      `Source: \`${t.source}\``,
      `Engines: ${t.engines.map(engineName).join(', ') || 'none'}${t.backupResourceTypes.length > 0 ? ` (AWS Backup for ${t.backupResourceTypes.join(', ')})` : ''}`,
      `Declared RPO: ${minutesText(t.declaredRpoMinutes)}${t.meetsDeclaredRpo === undefined ? '' : t.meetsDeclaredRpo ? ' — met' : ' — NOT met'}${t.rpo.length > 0 ? ` (worst case ${t.rpo.map((r) => `${engineName(r.engine)} ${r.worstCaseRpo}${notHeld(r)}`).join(', ')})` : ''}`,
      `Declared RTO: ${minutesText(t.declaredRtoMinutes)}${t.declaredRtoMinutes !== undefined ? ' (proven only by a restore drill)' : ''}; fast snapshot restore: ${t.fastRestore ? 'yes' : 'no'}`,
      `Retention horizon: ${daysText(t.retentionHorizonDays)}`,
    ];
    if (t.pointInTimeRecoveryDays !== undefined) facts.push(`Point-in-time recovery: ${fmt(t.pointInTimeRecoveryDays)} days (AWS Backup continuous backup)`);
    out.push(...facts.map((f) => `- ${f}`), '');
    out.push('| Rung | Cadence | Kept | Restore points held |', '|---|---|---|---|');
    for (const r of t.rungs) {
      const cold = r.coldStorageAfterDays !== undefined ? `; cold after ${fmt(r.coldStorageAfterDays)} days (${fmt(r.coldRestorePoints ?? 0)} points)` : '';
      out.push(`| ${r.name} | ${r.cadence} | ${keptText(r.retention, r.retentionDays)}${cold} | ${optFmt(r.restorePoints)} |`);
    }
    for (const d of t.drCopies) {
      out.push(`| DR copies → ${d.region} | every rung | ${d.retentionDays !== undefined ? keptText(d.retention, d.retentionDays) : d.retention} | ${optFmt(d.restorePoints)} |`);
    }
    if (t.archive !== undefined) {
      out.push(`| Archive of ${t.archive.rungName} | as the rung | ${keptText(t.archive.retention, t.archive.retentionDays)} in the archive tier, after the rung's retention | ${optFmt(t.archive.restorePoints)} |`);
    }
    out.push('');
    if (t.estimates.length > 0) {
      out.push(`**Estimate** (one resource of ${fmt(i.volumeSizeGb)} GB, ${fmt(i.dailyChangeRateGb)} GB changed a day):`, '');
      out.push('| Engine | Primary GB | DR copies GB | Archive GB | Cold GB | Fast restore DSUs | USD/month |', '|---|---|---|---|---|---|---|');
      for (const e of t.estimates) {
        const dr = e.drCopies.length > 0 ? `${fmt(e.drCopyGb)} (${e.drCopies.map((d) => `${d.region} ${fmt(d.gb)}`).join(', ')})` : '0';
        out.push(`| ${engineName(e.engine)} | ${fmt(e.standardGb)} | ${dr} | ${fmt(e.archiveGb)} | ${fmt(e.coldGb)} | ${e.fastRestoreDsus} | ${money(e.monthlyCostUsd)} |`);
      }
      out.push('');
      for (const e of t.estimates.filter((x) => x.fastRestoreCostUsd > 0)) {
        out.push(`Of which fast snapshot restore (${engineName(e.engine)}): ${money(e.fastRestoreCostUsd)} a month — ${e.fastRestoreDsus} snapshot × Availability Zone pairs enabled at any time.`, '');
      }
    }
    for (const n of t.notes) out.push(`_Note: ${n}_`, '');
  }
  for (const section of report.sections) {
    out.push(`## ${section.title}`, '');
    if (section.description) out.push(section.description, '');
    if (section.rows.length === 0) {
      out.push('_None._', '');
      continue;
    }
    out.push(`| Tier | ${section.columns.map(cell).join(' | ')} |`, `|${'---|'.repeat(section.columns.length + 1)}`);
    for (const row of section.rows) out.push(`| \`${row.tier}\` | ${row.cells.map(cell).join(' | ')} |`);
    out.push('');
  }
  out.push('## Assumptions', '');
  out.push(...report.assumptions.map((a) => `- ${a}`), '');
  return out.join('\n');
}

/** A table cell: pipes escaped, line breaks as <br>. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function engineName(engine: BackupEngine): string {
  switch (engine) {
    case BackupEngine.DLM: return 'DLM';
    case BackupEngine.AWS_BACKUP: return 'AWS Backup';
    case BackupEngine.AWS_BACKUP_CONTINUOUS: return 'AWS Backup continuous';
    default: return String(engine);
  }
}

/** Why the declared RPO is not held against an engine the tier uses. */
function notHeld(r: EngineRpoReport): string {
  if (r.objectiveApplies) return '';
  return r.engine === BackupEngine.AWS_BACKUP_CONTINUOUS
    ? ' (not held: not every resource on AWS Backup has continuous backup)'
    : ' (not held: every resource on AWS Backup has continuous backup)';
}

function verdict(v: boolean | undefined): string {
  return v === undefined ? '–' : v ? 'yes' : '**no**';
}

function minutesText(m: number | undefined): string {
  return m === undefined ? 'none' : durationText(m / 60);
}

function daysText(d: number | undefined): string {
  return d === undefined ? 'unknown' : `${fmt(d)} day${d === 1 ? '' : 's'}`;
}

/** "4 weeks (28 days)", "7 days" (no repetition when the unit is days). */
function keptText(declared: string, days: number | undefined): string {
  const inDays = daysText(days);
  return declared === inDays ? declared : `${declared} (${inDays})`;
}

function optFmt(n: number | undefined): string {
  return n === undefined ? 'unknown' : fmt(n);
}

function money(n: number): string {
  const [int, frac] = round2(n).toFixed(2).split('.');
  return `$${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}
