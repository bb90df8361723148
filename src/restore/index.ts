// The public names of the restore layer, listed one by one: the state machine definition and
// the schedule parsing live in private/.
export { RestoreDrill } from './drill';
export type { RestoreDrillProps } from './drill';
export { DrillValidation } from './drill-validation';
export { RestoreTestingRtoAlarms } from './restore-testing-rto';
export type { RestoreJobTiming, RestoreTestingRtoAlarmsProps } from './restore-testing-rto';
