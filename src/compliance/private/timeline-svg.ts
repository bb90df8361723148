/**
 * Draws the restore-point timeline of a plan report (pure string generation, deterministic).
 * NOT exported from the package: `BackupPlanTimeline` (svg.ts) is the public face.
 */
import { approxCount, durationText, fmt } from './cost';
import { BackupEngine } from '../../tiers/engines';
import { BackupPlanTimelineOptions, ReportContent, RungReport, TierReport } from '../report-model';

const FONT = 'DejaVu Sans, Verdana, Arial, Helvetica, sans-serif';
const LABEL_WIDTH = 300;
const RIGHT_MARGIN = 170;
const LANE = 20;
const THIN_LANE = 14;
const GAP = 4;
const MIN_TICK_SPACING = 2;

const RUNG_COLORS = ['#0b6e4f', '#1f6fb2', '#5b3fa6', '#a23b72', '#8a5a00', '#2f4858'];
const DR_COLOR = '#e0701b';
const ARCHIVE_COLOR = '#7d7d7d';
const COLD_COLOR = '#4fa3d9';
const RPO_COLOR = '#d62828';
const TEXT = '#1d1d1f';
const MUTED = '#5f6368';
const GRID = '#e3e5e8';

/** Ages the axis may label, in hours. */
const AXIS_MARKS: ReadonlyArray<readonly [number, string]> = [
  [1, '1 hour'], [4, '4 hours'], [12, '12 hours'], [24, '1 day'], [48, '2 days'], [168, '1 week'],
  [336, '2 weeks'], [720, '30 days'], [2184, '13 weeks'], [4380, '6 months'], [8760, '1 year'],
  [17520, '2 years'], [43800, '5 years'], [87600, '10 years'], [219000, '25 years'], [876000, '100 years'],
];

/** The SVG timeline of a report's tiers. */
export function renderTimeline(report: ReportContent, options: BackupPlanTimelineOptions): string {
  return Timeline.render(report, options);
}

class Timeline {
  /** The SVG of every tier of `report`. */
  public static render(report: ReportContent, options: BackupPlanTimelineOptions): string {
    return new Timeline(report, options).svg();
  }

  private readonly width: number;
  private readonly plotLeft: number;
  private readonly plotRight: number;
  private readonly maxAgeHours: number;
  private readonly out: string[] = [];

  private constructor(private readonly report: ReportContent, private readonly options: BackupPlanTimelineOptions) {
    const width = options.width ?? 1280;
    if (!Number.isFinite(width) || width < 800) {
      throw new Error(`BackupPlanTimeline: \`width\` must be at least 800 pixels, got ${width}`);
    }
    this.width = width;
    this.plotLeft = LABEL_WIDTH;
    this.plotRight = width - RIGHT_MARGIN;
    const horizons = report.tiers.map((t) => t.retentionHorizonDays ?? 0);
    this.maxAgeHours = Math.max(24, ...horizons) * 24 * 1.04;
  }

  private svg(): string {
    const title = this.options.title ?? 'Backup plan timeline';
    let y = 34;
    this.text(20, y, title, { size: 20, weight: 'bold' });
    y += 22;
    this.text(20, y, `Restore points kept in steady state, by age (log scale, now on the left). One tick per restore point; ${this.report.tiers.length} tier${this.report.tiers.length === 1 ? '' : 's'}.`, { size: 12, fill: MUTED });
    y += 22;
    y = this.legend(y);
    y += 14;
    const axisTop = y;
    y += 24;
    const plotTop = y;
    for (const tier of this.report.tiers) y = this.tier(tier, y);
    if (this.report.tiers.length === 0) {
      this.text(this.plotLeft, y + 20, 'No tiers: no TieredBackup in this app.', { size: 13, fill: MUTED });
      y += 40;
    }
    const plotBottom = y;
    this.axis(axisTop, plotTop, plotBottom);
    y += 30;
    const i = this.report.inputs;
    this.text(20, y, `Ticks sit at ages (k + ½) × the rung's average period; calendar units at their longest (month = 31 days, year = 366). Estimates: one resource of ${fmt(i.volumeSizeGb)} GB changing ${fmt(i.dailyChangeRateGb)} GB a day.`, { size: 11, fill: MUTED });
    const height = Math.ceil(y + 20);

    const body = this.out.join('\n');
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${height}" viewBox="0 0 ${this.width} ${height}" font-family="${FONT}">`,
      `<title>${esc(title)}</title>`,
      `<desc>${esc(`Restore points kept by ${this.report.tiers.map((t) => t.name).join(', ')}, by age on a log scale`)}</desc>`,
      `<rect x="0" y="0" width="${this.width}" height="${height}" fill="#ffffff"/>`,
      body,
      '</svg>',
      '',
    ].join('\n');
  }

  /** x of an age, in hours (log scale, 1-hour offset so that now is 0). */
  private x(ageHours: number): number {
    const span = this.plotRight - this.plotLeft;
    const f = Math.log10(1 + Math.max(0, ageHours)) / Math.log10(1 + this.maxAgeHours);
    return this.plotLeft + Math.min(1, f) * span;
  }

  private legend(y: number): number {
    const tiers = this.report.tiers;
    const items: [string, string, boolean][] = [
      [RUNG_COLORS[1], 'restore point (one tick each)', true],
      [COLD_COLOR, 'AWS Backup cold storage', tiers.some((t) => t.rungs.some((r) => r.coldRestorePoints !== undefined))],
      [ARCHIVE_COLOR, 'EBS snapshot archive tier (full snapshots)', tiers.some((t) => t.archive !== undefined)],
      [DR_COLOR, 'DR copy in another Region', tiers.some((t) => t.drCopies.length > 0)],
      [RPO_COLOR, 'worst-case RPO: the most data a restore may lose', tiers.some((t) => t.rpo.length > 0)],
    ];
    let x = 20;
    for (const [color, label, shown] of items) {
      if (!shown) continue;
      if (color === RPO_COLOR) {
        this.out.push(`<rect x="${n(x)}" y="${n(y - 7)}" width="22" height="5" rx="1" fill="${color}"/>`);
      } else {
        this.out.push(`<rect x="${n(x)}" y="${n(y - 10)}" width="22" height="12" rx="2" fill="${color}" fill-opacity="0.14" stroke="${color}" stroke-opacity="0.45"/>`);
        this.out.push(`<path d="M${n(x + 5)} ${n(y - 8)}v8M${n(x + 11)} ${n(y - 8)}v8M${n(x + 17)} ${n(y - 8)}v8" stroke="${color}" stroke-width="1.4" fill="none"/>`);
      }
      this.text(x + 28, y, label, { size: 12 });
      x += 28 + textWidth(label, 12) + 22;
    }
    return y;
  }

  private axis(top: number, plotTop: number, bottom: number): void {
    const grid: string[] = [];
    let lastX = -Infinity;
    this.text(this.plotLeft, top + 12, 'now', { size: 11, weight: 'bold', anchor: 'middle' });
    grid.push(line(this.plotLeft, plotTop - 6, this.plotLeft, bottom, '#9aa0a6', 1));
    lastX = this.plotLeft;
    for (const [hours, label] of AXIS_MARKS) {
      if (hours > this.maxAgeHours) break;
      const x = this.x(hours);
      if (x - lastX < textWidth(label, 11) + 8) continue;
      grid.push(line(x, plotTop - 6, x, bottom, GRID, 1));
      this.text(x, top + 12, label, { size: 11, fill: MUTED, anchor: 'middle' });
      this.text(x, bottom + 14, label, { size: 11, fill: MUTED, anchor: 'middle' });
      lastX = x;
    }
    this.text(20, top + 12, 'age of restore point (log scale) →', { size: 11, fill: MUTED });
    // the grid goes under the lanes
    this.out.unshift(...grid);
  }

  private tier(t: TierReport, top: number): number {
    let y = top + 8;
    this.out.push(`<line x1="20" y1="${n(y - 4)}" x2="${n(this.width - 20)}" y2="${n(y - 4)}" stroke="#c4c7cc" stroke-width="1"/>`);
    y += 16;
    this.text(20, y, t.name, { size: 15, weight: 'bold' });
    const engines = t.engines.map(engineName).join(' + ') || 'no engine';
    const dollars = (v: number) => `$${fmt(v >= 100 ? Math.round(v) : v)}`;
    const cost = t.estimates.map((e) => `${engineName(e.engine)} ~${dollars(e.monthlyCostUsd)}/month${e.fastRestoreCostUsd > 0 ? ` (fast restore ${dollars(e.fastRestoreCostUsd)})` : ''}`).join(', ');
    const facts = [
      t.description,
      engines,
      t.retentionHorizonDays !== undefined ? `horizon ${fmt(t.retentionHorizonDays)} days` : undefined,
      cost ? `estimate ${cost} per resource` : undefined,
    ].filter((f): f is string => f !== undefined);
    this.text(20 + textWidth(t.name, 15, true) + 12, y, facts.join('  ·  '), { size: 12, fill: MUTED });
    y += 10;

    // worst-case RPO: from now to the longest worst case among the engines
    const worst = t.rpo.filter((r) => r.worstCaseRpoMinutes !== undefined);
    if (worst.length > 0) {
      const longest = worst.reduce((a, b) => (b.worstCaseRpoMinutes! > a.worstCaseRpoMinutes! ? b : a));
      const x2 = this.x(longest.worstCaseRpoMinutes! / 60);
      const declared = t.declaredRpoMinutes !== undefined
        ? `; declared ${durationText(t.declaredRpoMinutes / 60)} ${t.meetsDeclaredRpo === false ? '(NOT met)' : t.meetsDeclaredRpo ? '(met)' : ''}` : '';
      this.text(this.plotLeft - 12, y + 9, 'worst-case RPO', { size: 11, fill: RPO_COLOR, anchor: 'end' });
      this.out.push(`<rect x="${n(this.plotLeft)}" y="${n(y + 3)}" width="${n(Math.max(2, x2 - this.plotLeft))}" height="5" rx="1" fill="${RPO_COLOR}"/>`);
      this.text(x2 + 6, y + 9, `${worst.map((r) => `${engineName(r.engine)} ${r.worstCaseRpo}`).join(', ')}${declared}`.trim(), { size: 11, fill: RPO_COLOR });
      y += THIN_LANE;
    }

    t.rungs.forEach((r, i) => {
      y = this.rungLane(r, i, y + GAP);
    });
    if (t.archive !== undefined && t.archive.retentionDays !== undefined && t.rungs.length > 0) {
      const last = t.rungs[t.rungs.length - 1];
      if (last.retentionDays !== undefined && last.averagePeriodHours !== undefined && t.archive.restorePoints !== undefined) {
        const start = last.retentionDays * 24;
        const end = start + t.archive.retentionDays * 24;
        y += GAP;
        this.label(y, THIN_LANE, `archive of ${last.name}`, `full snapshots, ${t.archive.retention}`, ARCHIVE_COLOR);
        this.band(start, end, y, THIN_LANE, ARCHIVE_COLOR);
        this.ticks(ages(t.archive.restorePoints, last.averagePeriodHours, start), y, THIN_LANE, ARCHIVE_COLOR);
        this.text(this.x(end) + 6, y + THIN_LANE - 3, `${approxCount(t.archive.restorePoints)} archived`, { size: 11, fill: ARCHIVE_COLOR });
        y += THIN_LANE;
      }
    }
    for (const d of t.drCopies) {
      y += GAP;
      this.label(y, THIN_LANE, `DR copies → ${d.region}`, `kept ${d.retention}`, DR_COLOR);
      let end = 0;
      const all: number[] = [];
      for (const r of t.rungs) {
        const days = d.retentionDays ?? r.retentionDays;
        if (days === undefined || r.averagePeriodHours === undefined) continue;
        end = Math.max(end, days * 24);
        all.push(...ages(days * 24 / r.averagePeriodHours, r.averagePeriodHours, 0));
      }
      this.band(0, end, y, THIN_LANE, DR_COLOR);
      this.ticks(all.sort((a, b) => a - b), y, THIN_LANE, DR_COLOR);
      this.text(this.x(end) + 6, y + THIN_LANE - 3, d.restorePoints !== undefined ? `${approxCount(d.restorePoints)} copies` : 'unknown', { size: 11, fill: DR_COLOR });
      y += THIN_LANE;
    }
    return y + 10;
  }

  private rungLane(r: RungReport, index: number, y: number): number {
    const color = RUNG_COLORS[index % RUNG_COLORS.length];
    this.label(y, LANE, r.name, r.cadence, color);
    if (r.retentionDays === undefined || r.averagePeriodHours === undefined || r.restorePoints === undefined) {
      this.text(this.plotLeft + 6, y + LANE - 6, 'unknown until deployment (a token)', { size: 11, fill: MUTED });
      return y + LANE;
    }
    const end = r.retentionDays * 24;
    const cold = r.coldStorageAfterDays !== undefined && r.coldStorageAfterDays < r.retentionDays ? r.coldStorageAfterDays * 24 : undefined;
    this.band(0, cold ?? end, y, LANE, color);
    if (cold !== undefined) this.band(cold, end, y, LANE, COLD_COLOR);
    const all = ages(r.restorePoints, r.averagePeriodHours, 0);
    this.ticks(all.filter((a) => cold === undefined || a < cold), y, LANE, color);
    if (cold !== undefined) this.ticks(all.filter((a) => a >= cold), y, LANE, COLD_COLOR);
    this.text(this.x(end) + 6, y + LANE - 6, `${approxCount(r.restorePoints)} × kept ${r.retention}`, { size: 11, weight: 'bold', fill: color });
    return y + LANE;
  }

  private label(y: number, height: number, name: string, detail: string, color: string): void {
    const baseline = y + height - (height === LANE ? 6 : 3);
    const size = height === LANE ? 12 : 11;
    this.text(20, baseline, name, { size, weight: height === LANE ? 'bold' : 'normal', fill: color });
    this.text(this.plotLeft - 12, baseline, detail, { size: 11, fill: MUTED, anchor: 'end', maxWidth: this.plotLeft - 32 - textWidth(name, size, height === LANE) });
  }

  private band(fromHours: number, toHours: number, y: number, height: number, color: string): void {
    const x1 = this.x(fromHours);
    const x2 = this.x(toHours);
    this.out.push(`<rect x="${n(x1)}" y="${n(y + 1)}" width="${n(Math.max(1, x2 - x1))}" height="${n(height - 2)}" rx="2" fill="${color}" fill-opacity="0.14" stroke="${color}" stroke-opacity="0.45" stroke-width="1"/>`);
  }

  private ticks(agesHours: number[], y: number, height: number, color: string): void {
    let last = -Infinity;
    const parts: string[] = [];
    for (const age of agesHours) {
      const x = this.x(age);
      if (x - last < MIN_TICK_SPACING) continue;
      parts.push(`M${n(x)} ${n(y + 3)}v${n(height - 6)}`);
      last = x;
    }
    if (parts.length > 0) this.out.push(`<path d="${parts.join('')}" stroke="${color}" stroke-width="1.4" fill="none"/>`);
  }

  private text(x: number, y: number, content: string, style: TextStyle): void {
    let shown = content;
    if (style.maxWidth !== undefined) {
      while (shown.length > 4 && textWidth(shown, style.size) > style.maxWidth) shown = `${shown.slice(0, -2)}…`.replace(/……$/, '…');
    }
    const attrs = [
      `x="${n(x)}"`, `y="${n(y)}"`, `font-size="${style.size}"`,
      style.weight && style.weight !== 'normal' ? `font-weight="${style.weight}"` : undefined,
      `fill="${style.fill ?? TEXT}"`,
      style.anchor ? `text-anchor="${style.anchor}"` : undefined,
    ].filter((a) => a !== undefined);
    this.out.push(`<text ${attrs.join(' ')}>${esc(shown)}</text>`);
  }
}

/** How a piece of text is drawn. */
interface TextStyle {
  readonly size: number;
  readonly weight?: string;
  readonly fill?: string;
  readonly anchor?: string;
  readonly maxWidth?: number;
}

/** Ages (hours) of `count` points spaced `periodHours` apart, the newest half a period after `offsetHours`. */
function ages(count: number, periodHours: number, offsetHours: number): number[] {
  const result: number[] = [];
  for (let k = 0; k + 0.5 <= count; k++) result.push(offsetHours + (k + 0.5) * periodHours);
  return result;
}

function engineName(engine: BackupEngine): string {
  return engine === BackupEngine.DLM ? 'DLM' : engine === BackupEngine.AWS_BACKUP ? 'AWS Backup' : 'continuous';
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number): string {
  return `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}" stroke-width="${width}"/>`;
}

/** A coordinate with at most one decimal. */
function n(v: number): string {
  const r = Math.round(v * 10) / 10;
  return String(r === 0 ? 0 : r);
}

/** An approximate text width (DejaVu Sans averages ~0.58 em a character; bold ~0.64). */
function textWidth(s: string, size: number, bold = false): number {
  return s.length * size * (bold ? 0.64 : 0.58);
}

/** Escapes text for XML content and attribute values. */
function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
