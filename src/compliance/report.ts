import * as fs from 'fs';
import * as path from 'path';
import { attachCustomSynthesis, Stage } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { assumptions, resolveInputs, tierReport } from './private/report-calculation';
import { reportMarkdown } from './private/report-markdown';
import { renderTimeline } from './private/timeline-svg';
import { REPORT_FILES } from './report-files';
import { BackupPlanReportInputs, BackupPlanReportOptions, TierReport } from './report-model';
import { ReportSection, ReportSections } from './report-section';
import { TieredBackup } from '../tiers/tiered-backup';

/** File names `writeTo()` and `attach()` write. */
const FILES = REPORT_FILES;

const ATTACHED = 'BackupPlanReport';

/**
 * The plan report: for every tier, the worst-case RPO per engine against the declared one,
 * the retention horizon, the restore points each rung holds in steady state, DR copies and
 * archive, and a storage and cost ESTIMATE for one protected resource under the incremental
 * snapshot model (a 100 GB volume changing 5 GB a day stores about 5 GB per extra daily
 * snapshot, not 100 GB). Computed from the tiers' value objects, never from templates.
 *
 * `toJson()`, `toMarkdown()` and `toSvg()` (a timeline of the restore points kept) render it;
 * `attach()` writes all three next to the cloud assembly at every synth.
 *
 * @example
 * const report = BackupPlanReport.of(tiers, { volumeSizeGb: 500, dailyChangeRateGb: 20 });
 * report.tiers[0].rpo[0].worstCaseRpoMinutes; // 300 for BackupTier.critical() on DLM
 * BackupPlanReport.attach(app);               // cdk.out/backup-plan-report.{json,md}
 */
export class BackupPlanReport {
  /**
   * The report of one `TieredBackup`, with the sections of the `ReportSections` sources of its
   * `Stage` (monitoring, restore drills).
   */
  public static of(tiered: TieredBackup, options: BackupPlanReportOptions = {}): BackupPlanReport {
    return new BackupPlanReport([tiered], options, ReportSections.of(tiered));
  }

  /**
   * The report of every `TieredBackup` of the app `scope` belongs to, ordered by construct path,
   * with the sections of the app's `ReportSections` sources (monitoring, restore drills).
   */
  public static forApp(scope: IConstruct, options: BackupPlanReportOptions = {}): BackupPlanReport {
    return new BackupPlanReport(TieredBackup.allIn(scope), options, ReportSections._inApp(scope));
  }

  /**
   * Writes the report of the `TieredBackup`s of `scope`'s stage (the app, or a `Stage`) into its
   * cloud assembly directory at every synth: `backup-plan-report.json`, `backup-plan-report.md`
   * and `backup-plan-timeline.svg`. The report is computed when the assembly is written, so
   * tiers and assignments added after this call are included. Calling it again for the same
   * stage replaces the options.
   */
  public static attach(scope: IConstruct, options: BackupPlanReportOptions = {}): void {
    const stage = Stage.of(scope) ?? scope.node.root;
    const existing = stage.node.tryFindChild(ATTACHED) as ReportFiles | undefined;
    if (existing !== undefined) {
      existing.options = options;
      return;
    }
    new ReportFiles(stage as Construct, ATTACHED, options);
  }

  /**
   * The report of the given `TieredBackup`s.
   * @internal
   */
  public static _ofAll(tiered: TieredBackup[], options: BackupPlanReportOptions, sections: ReportSection[] = []): BackupPlanReport {
    return new BackupPlanReport(tiered, options, sections);
  }

  /** The inputs of the estimate, defaults filled in. */
  public readonly inputs: BackupPlanReportInputs;

  /** The tiers, `TieredBackup` by `TieredBackup` (ordered by construct path), each in declared order. */
  public readonly tiers: TierReport[];

  /** The assumptions of the estimate and of the restore point counts, in words. */
  public readonly assumptions: string[];

  /** The sections other constructs contribute (`ReportSections`): monitoring, restore drills. */
  public readonly sections: ReportSection[];

  private constructor(tiered: TieredBackup[], options: BackupPlanReportOptions, sections: ReportSection[]) {
    this.sections = sections;
    this.inputs = resolveInputs(options);
    const sorted = [...tiered].sort((a, b) => compare(a.node.path, b.node.path));
    this.tiers = sorted.flatMap((t) => t.compiledTiers.map((tier) => tierReport(tier, this.inputs)));
    this.assumptions = assumptions(this.inputs);
  }

  /** The report as JSON: keys sorted, two-space indented, ending with a newline. */
  public toJson(): string {
    const data = {
      title: 'Backup plan report',
      estimate: 'Storage and cost figures are ESTIMATES for one protected resource, not quotes; see assumptions.',
      inputs: this.inputs,
      assumptions: this.assumptions,
      tiers: this.tiers,
      sections: this.sections,
    };
    return `${JSON.stringify(sortKeys(data), undefined, 2)}\n`;
  }

  /** The report as Markdown: a summary, a table per tier, and the estimate's assumptions. */
  public toMarkdown(): string {
    return reportMarkdown(this);
  }

  /** The restore-point timeline of every tier as an SVG image (`BackupPlanTimeline`). */
  public toSvg(): string {
    return renderTimeline(this, {});
  }

  /**
   * Writes `backup-plan-report.json`, `backup-plan-report.md` and `backup-plan-timeline.svg`
   * into `directory` (created if missing).
   *
   * @returns the paths written
   */
  public writeTo(directory: string): string[] {
    fs.mkdirSync(directory, { recursive: true });
    const written: string[] = [];
    for (const [file, content] of [[FILES.json, this.toJson()], [FILES.markdown, this.toMarkdown()], [FILES.svg, this.toSvg()]]) {
      const target = path.join(directory, file);
      fs.writeFileSync(target, content);
      written.push(target);
    }
    return written;
  }
}

/** The construct `attach()` adds: writes the report when its stage's assembly is written. */
class ReportFiles extends Construct {
  public options: BackupPlanReportOptions;

  public constructor(scope: Construct, id: string, options: BackupPlanReportOptions) {
    super(scope, id);
    this.options = options;
    const stage = Stage.of(this);
    attachCustomSynthesis(this, {
      onSynthesize: (session) => {
        const mine = TieredBackup.allIn(this).filter((t) => Stage.of(t) === stage);
        BackupPlanReport._ofAll(mine, this.options, ReportSections.of(this)).writeTo(session.outdir);
      },
    });
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: unknown } = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as { [key: string]: unknown })[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
