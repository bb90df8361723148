/**
 * How presets are changed (`withOptions`, `without`) and how rungs are named when no name is
 * given. NOT exported from the package.
 */
import { Cadence } from '../../common/cadence';
import { raw } from '../../common/validation';
import { BackupTierOptions, BackupTierProps, PresetTierOptions, TierFeature } from '../tier-props';

/** The option each `TierFeature` removes. */
const FEATURE_OPTION: { readonly [feature: string]: keyof BackupTierOptions } = {
  [TierFeature.FAST_RESTORE]: 'fastRestore',
  [TierFeature.DR_COPIES]: 'drCopies',
  [TierFeature.ARCHIVE]: 'archive',
  [TierFeature.POINT_IN_TIME_RECOVERY]: 'pointInTimeRecovery',
  [TierFeature.CONSISTENCY]: 'consistency',
  [TierFeature.TIME_ZONE]: 'timeZone',
};

/** Where a merged props object carries the override problems to the tier's `_validate`. */
export const OVERRIDE_PROBLEMS = Symbol('overrideProblems');

export function mergeTierOptions(base: BackupTierProps, overrides: PresetTierOptions): BackupTierProps {
  const result: { [key: string]: unknown } = { ...base };
  const problems: Array<[string, string, unknown]> = [];
  const { without, ...values } = overrides;
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) {
      result[key] = value;
    } else if (Object.values(FEATURE_OPTION).includes(key as keyof BackupTierOptions) && hasFeature(base, key as keyof BackupTierOptions)) {
      // `{ fastRestore: undefined }` keeps the preset's value, which is not what it says
      const feature = Object.keys(FEATURE_OPTION).find((f) => FEATURE_OPTION[f] === key);
      problems.push([key, `must not be set to undefined to remove the preset's ${key} (undefined keeps it): use \`without: [TierFeature.${feature}]\``, undefined]);
    }
  }
  (without ?? []).forEach((feature, i) => {
    const key = FEATURE_OPTION[feature];
    if (key === undefined) {
      problems.push([`without[${i}]`, `must be a TierFeature (${Object.keys(FEATURE_OPTION).join(', ')})`, feature]);
      return;
    }
    if (values[key] !== undefined) {
      problems.push([`without[${i}]`, `must not remove \`${key}\`, which the same options set`, raw(`TierFeature.${feature}`)]);
    }
    result[key] = key === 'drCopies' ? [] : undefined;
  });
  (result as any)[OVERRIDE_PROBLEMS] = [...((base as any)[OVERRIDE_PROBLEMS] ?? []), ...problems];
  return result as unknown as BackupTierProps;
}

function hasFeature(props: BackupTierProps, key: keyof BackupTierOptions): boolean {
  const value = props[key];
  return Array.isArray(value) ? value.length > 0 : value !== undefined;
}

/** The name of a rung without one: Daily, Weekly, Every4Hours, ... or Rung<n>. */
export function derivedRungName(cadence: Cadence, index: number): string {
  if (cadence.interval !== undefined && !cadence.interval.isUnresolved()) {
    const hours = cadence.interval.toHours({ integral: false });
    if (hours === 24) return 'Daily';
    return hours === 1 ? 'Hourly' : `Every${hours}Hours`;
  }
  const avg = cadence._averagePeriodHours();
  if (avg !== undefined) {
    // a year has 365 or 366 days: 52.1 weeks, 12 months; averages are not exact
    if (Math.abs(avg - 24) < 0.1) return 'Daily';
    if (Math.abs(avg - 168) < 1) return 'Weekly';
    if (avg >= 28 * 24 && avg <= 31 * 24) return 'Monthly';
    if (avg >= 365 * 24 && avg <= 366 * 24) return 'Yearly';
  }
  return `Rung${index + 1}`;
}
