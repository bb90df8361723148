/**
 * The timing facts behind a tier's worst-case RPO (start delays, the continuous-backup
 * granularity, clock shifts of a time zone) and how hours are written in messages. NOT exported
 * from the package: the compliance layer imports this file by path.
 */

/** DLM starts a snapshot within one hour after its scheduled time. */
export const DLM_START_DELAY_HOURS = 1;
/** The start window this library gives AWS Backup jobs (the service's minimum). */
export const BACKUP_START_WINDOW_HOURS = 1;
/** Fast snapshot restore goes to this many Availability Zones unless they are given. */
export const DEFAULT_FAST_RESTORE_ZONES = 2;
/** Point-in-time restore granularity of AWS Backup continuous backup (RDS: 5 minutes). */
export const CONTINUOUS_RPO_MINUTES = 5;

/** Offsets of a zone through the year, from the runtime's time zone data; undefined for an unknown zone. */
export function clockShiftHours(zone: string): number | undefined {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    });
  } catch {
    return undefined;
  }
  const offsets: number[] = [];
  for (let month = 0; month < 12; month++) {
    for (const day of [1, 15]) {
      const t = Date.UTC(2025, month, day, 12);
      const parts: { [type: string]: number } = {};
      for (const p of format.formatToParts(new Date(t))) parts[p.type] = Number(p.value);
      const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
      offsets.push((local - t) / 60_000);
    }
  }
  return (Math.max(...offsets) - Math.min(...offsets)) / 60;
}

/** "4 hours", "1 hour", "90 minutes", "8 days" */
export function formatHours(hours: number): string {
  if (hours < 1) {
    const m = Math.round(hours * 60);
    return `${m} minute${m === 1 ? '' : 's'}`;
  }
  if (hours >= 48 && hours % 24 === 0) return `${hours / 24} days`;
  const h = Math.round(hours * 100) / 100;
  return `${h} hour${h === 1 ? '' : 's'}`;
}
