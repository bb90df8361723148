/**
 * The one table of what a retention unit means in days, and the 100-year ceiling every engine
 * shares (DLM's RetainRule and AWS Backup's lifecycle both stop at 100 years). Read by
 * `Retention` (common), the DLM rules (`dlm/private/retention.ts`) and the AWS Backup
 * rendering (`backup/render.ts`).
 *
 * Keyed by the values of `RetentionUnit` (`'DAYS'`, ...) so that this file imports nothing.
 * NOT exported from the package.
 */

/** The values of `RetentionUnit`. */
export type RetentionUnitName = 'DAYS' | 'WEEKS' | 'MONTHS' | 'YEARS';

/** The shortest and longest length of one unit, in days (a month is 28 to 31 days). */
export const UNIT_DAYS: Readonly<Record<RetentionUnitName, { readonly min: number; readonly max: number }>> = {
  DAYS: { min: 1, max: 1 },
  WEEKS: { min: 7, max: 7 },
  MONTHS: { min: 28, max: 31 },
  YEARS: { min: 365, max: 366 },
};

/** The longest age any engine keeps: 100 years. */
export const MAX_AGE_YEARS = 100;

/** The longest age (`MAX_AGE_YEARS`), in each unit. */
export const MAX_AGE_AMOUNT: Readonly<Record<RetentionUnitName, number>> = {
  DAYS: 36500,
  WEEKS: 5200,
  MONTHS: 1200,
  YEARS: 100,
};
