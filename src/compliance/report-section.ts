import { Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** One row of a plan report section: the tier it is about and its cells, one per column. */
export interface ReportSectionRow {
  /** The tier's name (its tag value). */
  readonly tier: string;

  /** The cells, in the order of the section's `columns`. */
  readonly cells: string[];
}

/**
 * A section of the plan report contributed by a construct outside the tiers (monitoring,
 * restore drills): a title, a sentence saying what it shows, and a table with a row per tier
 * and fact.
 */
export interface ReportSection {
  /** The section title, e.g. `Monitoring`. */
  readonly title: string;

  /**
   * What the section shows, in one or two sentences.
   *
   * @default - none
   */
  readonly description?: string;

  /** The column headers after the first column, `Tier`. */
  readonly columns: string[];

  /** The rows. */
  readonly rows: ReportSectionRow[];
}

/**
 * A construct that adds sections to the plan report of its app (or `Stage`): the report asks
 * it for them when it is rendered, so what is added to it later is included.
 */
export interface IReportSectionSource extends IConstruct {
  /** The sections, as of now. */
  reportSections(): ReportSection[];
}

const SOURCE = Symbol.for('cdk-tiered-backup.ReportSectionSource');

/**
 * Where `BackupPlanReport` finds the sections other layers contribute (monitoring, restore
 * drills). A source registers itself once, usually in its constructor.
 *
 * @example
 * class MyChecks extends Construct implements IReportSectionSource {
 *   constructor(scope: Construct, id: string) {
 *     super(scope, id);
 *     ReportSections.register(this);
 *   }
 *   public reportSections(): ReportSection[] {
 *     return [{ title: 'Checks', columns: ['Check'], rows: [{ tier: 'critical', cells: ['weekly'] }] }];
 *   }
 * }
 */
export class ReportSections {
  /** Makes `source` contribute its sections to the plan report of its app or `Stage`. */
  public static register(source: IReportSectionSource): void {
    Object.defineProperty(source, SOURCE, { value: true, enumerable: false });
  }

  /**
   * The sections of every registered source in `scope`'s `Stage` (the app, or a nested
   * `Stage`), ordered by the sources' construct paths. Sources in nested stages are left to
   * those stages' reports.
   */
  public static of(scope: IConstruct): ReportSection[] {
    const stage = Stage.of(scope);
    return sectionsIn((stage ?? scope.node.root) as IConstruct, (c) => stage === undefined || Stage.of(c) === stage);
  }

  /**
   * The sections of every registered source in the app, nested stages included.
   * @internal
   */
  public static _inApp(scope: IConstruct): ReportSection[] {
    return sectionsIn(scope.node.root, () => true);
  }

  private constructor() {}
}

function sectionsIn(root: IConstruct, keep: (c: IConstruct) => boolean): ReportSection[] {
  return root.node.findAll()
    .filter((c): c is IReportSectionSource => (c as unknown as { [SOURCE]?: boolean })[SOURCE] === true)
    .filter(keep)
    .sort((a, b) => (a.node.path < b.node.path ? -1 : a.node.path > b.node.path ? 1 : 0))
    .flatMap((c) => c.reportSections().map((section) => checked(c, section)));
}

function checked(source: IConstruct, section: ReportSection): ReportSection {
  for (const row of section.rows) {
    if (row.cells.length !== section.columns.length) {
      throw new Error(`${source.node.path}: report section \`${section.title}\` has ${section.columns.length} column(s) but its row for tier \`${row.tier}\` has ${row.cells.length} cell(s), got [${row.cells.join(', ')}]`);
    }
  }
  return section;
}
