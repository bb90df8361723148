export { Cadence, CadenceTimeOptions, Weekday } from './cadence';
export { Retention, RetentionUnit } from './retention';
