// The public names of the common layer, listed one by one: everything else here (the error
// format, cron parsing, private/) is internal and imported by path.
export { Cadence, Weekday } from './cadence';
export type { CadenceTimeOptions } from './cadence';
export { Retention, RetentionUnit } from './retention';
