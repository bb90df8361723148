/**
 * The checks of a `ValidatedBackupPlan` that need no plan: windows, cold storage, the vault
 * lock of the destination, recovery point tags and time zones. NOT exported from the package.
 */
import { Token, Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { known } from './render';
import { vaultFacts } from './vault-registry';
import { Retention } from '../../common/retention';
import { raw, show, Where } from '../../common/validation';

/** AWS Backup keeps a recovery point in cold storage for at least 90 days. */
const COLD_MIN_DAYS = 90;
/** Start and completion windows: at least 60 minutes, at most 100 years. */
const MIN_WINDOW_MINUTES = 60;
const MAX_WINDOW_MINUTES = 52_560_000;
const MAX_RECOVERY_POINT_TAGS = 50;

/** Whether the runtime's time zone data knows `zone` (an IANA name). */
export function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function checkWindows(where: Where, start: Duration, completion: Duration): void {
  const startMin = windowMinutes(where, 'startWindow', start, MIN_WINDOW_MINUTES);
  const minCompletion = startMin === undefined ? MIN_WINDOW_MINUTES : startMin + 60;
  const completionMin = windowMinutes(where, 'completionWindow', completion, MIN_WINDOW_MINUTES);
  if (completionMin !== undefined && startMin !== undefined && completionMin < minCompletion) {
    where.fail('completionWindow', `must be at least 60 minutes longer than \`startWindow\` (${show(start)}), so at least ${minCompletion} minutes`, completion);
  }
}

export function windowMinutes(where: Where, prop: string, value: Duration, min: number): number | undefined {
  if (value.isUnresolved()) return undefined;
  const minutes = value.toMinutes({ integral: false });
  if (!Number.isInteger(minutes) || minutes < min || minutes > MAX_WINDOW_MINUTES) {
    where.fail(prop, `must be a whole number of minutes between ${min} and ${MAX_WINDOW_MINUTES} (100 years)`, value);
  }
  return minutes;
}

/** Delete >= cold storage + 90 days (AWS Backup's minimum time in cold storage). */
export function checkCold(
  where: Where, prop: string, retention: Retention, deleteDays: number, coldProp: string, coldDays: number | undefined,
): void {
  const d = known(deleteDays);
  const c = known(coldDays);
  if (d === undefined || c === undefined) return;
  if (d < c + COLD_MIN_DAYS) {
    where.fail(prop, `must be at least ${c + COLD_MIN_DAYS} days: ${COLD_MIN_DAYS} days after \`${coldProp}\` (${c} days), because AWS Backup keeps recovery points in cold storage for at least ${COLD_MIN_DAYS} days`, raw(`${retention} (${d} days)`));
  }
}

/** A job into a locked vault fails unless its retention is within the lock's bounds. */
export function checkLock(where: Where, prop: string, retention: Retention, deleteDays: number, vault: backup.IBackupVault): void {
  const facts = vaultFacts(vault);
  const d = known(deleteDays);
  if (!facts || d === undefined) return;
  if (facts.minRetentionDays !== undefined && d < facts.minRetentionDays) {
    where.fail(prop, `must be at least ${facts.minRetentionDays} days, the vault lock minimum of ${facts.path} (jobs with a shorter retention fail)`, raw(`${retention} (${d} days)`));
  }
  if (facts.maxRetentionDays !== undefined && d > facts.maxRetentionDays) {
    where.fail(prop, `must be at most ${facts.maxRetentionDays} days, the vault lock maximum of ${facts.path} `
      + '(jobs with a longer retention fail; calendar units count at their longest, a month as 31 days and a year as 366)', raw(`${retention} (${d} days)`));
  }
}

export function checkTags(where: Where, tags: { [key: string]: string } | undefined): void {
  if (!tags) return;
  const entries = Object.entries(tags);
  if (entries.length > MAX_RECOVERY_POINT_TAGS) {
    where.fail('recoveryPointTags', `must have at most ${MAX_RECOVERY_POINT_TAGS} tags`, `${entries.length} tags`);
  }
  for (const [key, value] of entries) {
    if (!Token.isUnresolved(key) && (key.length < 1 || key.length > 128 || /^aws:/i.test(key))) {
      where.fail('recoveryPointTags', 'must have keys of 1 to 128 characters that do not start with `aws:`', key);
    }
    if (!Token.isUnresolved(value) && value.length > 256) {
      where.fail(`recoveryPointTags.${key}`, 'must be at most 256 characters long', value);
    }
  }
}
