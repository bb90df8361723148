export { BackupControl, ControlCheck } from './controls';
export type { BackupRequirements, ControlFinding } from './controls';
export * from './framework';
export * from './restore-testing';
export * from './org-policy';
export * from './report';
export * from './svg';
