/**
 * Every rule ValidatedBackupPlan enforces, one table row each: the error names the construct path,
 * the rule, the property, what is allowed and the value given. Boundary rows check that the
 * value just inside a range synthesizes through the conformance harness.
 */
import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { ValidatedBackupPlan, ValidatedBackupPlanProps, ValidatedBackupRuleProps, ProtectedBackupVault } from '../../src/backup';
import { Cadence, Retention } from '../../src/common';
import { synth, testApp } from '../harness';

function newStack(): Stack {
  return new Stack(testApp(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
}

const SELECTION = { selectionName: 's', conditions: { stringEquals: { tier: 'gold' } } };

function rule(overrides: Partial<ValidatedBackupRuleProps> = {}): ValidatedBackupRuleProps {
  return { ruleName: 'R', cadence: Cadence.daily(), retention: Retention.age(Duration.days(7)), ...overrides };
}

/** Plan props for a fresh stack, given the stack (to create vaults in) and the plan's vault. */
type PropsOf = (stack: Stack, vault: backup.IBackupVault) => Partial<ValidatedBackupPlanProps>;

function build(stack: Stack, props: PropsOf): ValidatedBackupPlan {
  const vault = new ProtectedBackupVault(stack, 'Vault');
  return new ValidatedBackupPlan(stack, 'Plan', { vault, rules: [rule()], selection: SELECTION, ...props(stack, vault) });
}

function importVault(stack: Stack, arn: string): backup.IBackupVault {
  return backup.BackupVault.fromBackupVaultArn(stack, `Import${stack.node.children.length}`, arn);
}

function lockedVault(stack: Stack, min: number, max?: number): backup.IBackupVault {
  return new ProtectedBackupVault(stack, 'Locked', { lock: { minRetention: Duration.days(min), maxRetention: max ? Duration.days(max) : undefined } });
}

const DR = 'arn:aws:backup:eu-central-1:123456789012:backup-vault:dr';

describe('ValidatedBackupPlan validation', () => {
  test.each<[string, PropsOf, RegExp]>([
    // names
    ['a plan name with a space', () => ({ backupPlanName: 'my plan' }), /^\[Stack\/Plan\] `backupPlanName` must match 1 to 200 letters, digits, `-`, `_` or `.` \(.*\), got "my plan"$/],
    ['a plan name of 201 characters', () => ({ backupPlanName: 'p'.repeat(201) }), /`backupPlanName` must match 1 to 200 letters.*, got "p{201}"$/],
    ['a rule name with a slash', () => ({ rules: [rule({ ruleName: 'a/b' })] }), /^\[Stack\/Plan\] rule `a\/b`: `ruleName` must match 1 to 50 letters, digits, `-`, `_` or `.` \(.*\), got "a\/b"$/],
    ['a rule name of 51 characters', () => ({ rules: [rule({ ruleName: 'r'.repeat(51) })] }), /`ruleName` must match 1 to 50 letters.*, got "r{51}"$/],
    ['an empty rule name', () => ({ rules: [rule({ ruleName: '' })] }), /`ruleName` must match 1 to 50 letters.*, got ""$/],
    ['a repeated rule name', () => ({ rules: [rule({ ruleName: 'Daily' }), rule({ ruleName: 'Daily' })] }), /^\[Stack\/Plan\] rule `Daily`: `ruleName` must be unique within the plan, got "Daily"$/],
    // retention
    ['a count-based retention', () => ({ rules: [rule({ retention: Retention.count(7) })] }), /^\[Stack\/Plan\] rule `R`: `retention` must be an age \(Retention.age\(\), weeks\(\), months\(\) or years\(\)\): AWS Backup keeps recovery points by age only, never by count, got Retention.count\(7\)$/],
    ['an age that is not whole days', () => ({ rules: [rule({ retention: Retention.age(Duration.hours(36)) })] }), /`retention` must be a whole number of days \(this library never rounds a retention\), got 1 day 12 hours$/],
    ['an age of 0 days', () => ({ rules: [rule({ retention: Retention.age(Duration.days(0)) })] }), /`retention` must be an integer between 1 and 36500 days \(AWS Backup keeps snapshot recovery points at most 100 years\), got 0$/],
    ['more than 100 years', () => ({ rules: [rule({ retention: Retention.years(101) })] }), /`retention` must be an integer between 1 and 100 years .*, got 101$/],
    ['a token amount in months', () => ({ rules: [rule({ retention: Retention.months(Lazy.number({ produce: () => 3 })) })] }), /`retention` must be known at synth time when given in weeks, months or years \(AWS Backup counts in days: use Retention.age\(Duration.days\(token\)\) for a token\), got <token> months$/],
    // cadence
    ['an interval that does not divide 24 hours', () => ({ rules: [rule({ cadence: Cadence.every(Duration.hours(5)) })] }), /^\[Stack\/Plan\] rule `R`: `cadence` must have an `interval` of 1, 2, 3, 4, 6, 8, 12, 24 hours to be one AWS Backup cron expression .*, got every 5 hours$/],
    ['a cron more often than hourly', () => ({ rules: [rule({ cadence: Cadence.cron({ minute: '0/20' }) })] }), /rule `R`: `cadence` must not run more often than once an hour \(AWS Backup's shortest backup frequency\); it runs 20 minutes apart, got "cron\(0\/20 \* \* \* \? \*\)"$/],
    ['a start time that is not hh:mm', () => ({ rules: [rule({ cadence: Cadence.daily({ startTime: '3:00' }) })] }), /rule `R`: `cadence.startTime` must be hh:mm in UTC \(00:00 to 23:59\), got "3:00"$/],
    // cold storage
    ['cold storage that is not whole days', () => ({ rules: [rule({ retention: Retention.years(1), coldStorageAfter: Duration.hours(12) })] }), /rule `R`: `coldStorageAfter` must be a whole number of days, at least 1, got 12 hours$/],
    ['delete less than 90 days after cold storage on the main rule', () => ({ rules: [rule({ retention: Retention.age(Duration.days(119)), coldStorageAfter: Duration.days(30) })] }),
      /^\[Stack\/Plan\] rule `R`: `retention` must be at least 120 days: 90 days after `coldStorageAfter` \(30 days\), because AWS Backup keeps recovery points in cold storage for at least 90 days, got 119 days \(119 days\)$/],
    ['calendar months are counted at their longest only to keep longer, never to pass the 90-day rule', () => ({ rules: [rule({ retention: Retention.months(3), coldStorageAfter: Duration.days(7) })] }),
      /`retention` must be at least 97 days: 90 days after `coldStorageAfter` \(7 days\).*, got 3 months \(93 days\)$/],
    // continuous backup
    ['continuous backup kept 36 days', () => ({ rules: [rule({ retention: Retention.age(Duration.days(36)), continuousBackup: true })] }),
      /^\[Stack\/Plan\] rule `R`: `retention` must be between 1 and 35 days with `continuousBackup` \(point-in-time recovery\), counting a month as 31 days, got 36 days \(36 days\)$/],
    ['continuous backup kept 2 months (62 days)', () => ({ rules: [rule({ retention: Retention.months(2), continuousBackup: true })] }), /`retention` must be between 1 and 35 days with `continuousBackup`.*, got 2 months \(62 days\)$/],
    ['continuous backup with cold storage', () => ({ rules: [rule({ continuousBackup: true, coldStorageAfter: Duration.days(1) })] }),
      /^\[Stack\/Plan\] rule `R`: `coldStorageAfter` must not be set with `continuousBackup` \(continuous backups are never moved to cold storage\), got 1 day$/],
    ['two continuous rules', () => ({ rules: [rule({ ruleName: 'A', continuousBackup: true }), rule({ ruleName: 'B', continuousBackup: true })] }),
      /^\[Stack\/Plan\] rule `B`: `continuousBackup` may be set on only one rule of a plan, and rule `A` has it \(all rules write to one vault, where AWS Backup keeps only the continuous rule with the longest retention and disregards the others\), got true$/],
    // windows
    ['a start window under 60 minutes', () => ({ startWindow: Duration.minutes(59) }), /^\[Stack\/Plan\] `startWindow` must be a whole number of minutes between 60 and 52560000 \(100 years\), got 59 minutes$/],
    ['a start window that is not whole minutes', () => ({ startWindow: Duration.seconds(3630) }), /`startWindow` must be a whole number of minutes between 60 and 52560000.*, got 1 hour 30 seconds$/],
    ['a completion window under the start window + 60 minutes', () => ({ startWindow: Duration.hours(2), completionWindow: Duration.minutes(179) }),
      /^\[Stack\/Plan\] `completionWindow` must be at least 60 minutes longer than `startWindow` \(2 hours\), so at least 180 minutes, got 2 hours 59 minutes$/],
    ['a completion window over 100 years', () => ({ completionWindow: Duration.minutes(52_560_001) }), /`completionWindow` must be a whole number of minutes between 60 and 52560000 \(100 years\), got/],
    // copies
    ['a copy with a count-based retention', (s) => ({ rules: [rule({ copies: [{ destinationVault: importVault(s, DR), retention: Retention.count(3) }] })] }),
      /^\[Stack\/Plan\] rule `R`: `copies\[0\].retention` must be an age .*AWS Backup keeps recovery points by age only, never by count, got Retention.count\(3\)$/],
    ['a copy deleted less than 90 days after its cold storage (the rule\'s retention by default)', (s) => ({ rules: [rule({ retention: Retention.age(Duration.days(100)), copies: [{ destinationVault: importVault(s, DR), coldStorageAfter: Duration.days(30) }] })] }),
      /^\[Stack\/Plan\] rule `R`: `copies\[0\].retention` must be at least 120 days: 90 days after `copies\[0\].coldStorageAfter` \(30 days\).*, got 100 days \(100 days\)$/],
    ['a copy cold storage that is not whole days', (s) => ({ rules: [rule({ retention: Retention.years(1), copies: [{ destinationVault: importVault(s, DR), coldStorageAfter: Duration.hours(30) }] })] }),
      /`copies\[0\].coldStorageAfter` must be a whole number of days, at least 1, got 1 day 6 hours$/],
    ['a copy into the plan\'s own vault', (_, vault) => ({ rules: [rule({ copies: [{ destinationVault: vault }] })] }), /^\[Stack\/Plan\] rule `R`: `copies\[0\].destinationVault` must differ from the plan's own vault, got /],
    ['a copy to a vault whose ARN is not a vault ARN', (s) => ({ rules: [rule({ copies: [{ destinationVault: importVault(s, 'arn:aws:s3:eu-west-1:123456789012:backup-vault:x') }] })] }),
      /`copies\[0\].destinationVault` must have a backup vault ARN `arn:<partition>:backup:<region>:<account>:backup-vault:<name>`, got "arn:aws:s3:eu-west-1:123456789012:backup-vault:x"$/],
    ['a copy to an account that is not 12 digits', (s) => ({ rules: [rule({ copies: [{ destinationVault: importVault(s, 'arn:aws:backup:eu-central-1:1234:backup-vault:dr') }] })] }),
      /`copies\[0\].destinationVault` must have a 12-digit account ID in its ARN, got "arn:aws:backup:eu-central-1:1234:backup-vault:dr"$/],
    ['a copy to a malformed Region', (s) => ({ rules: [rule({ copies: [{ destinationVault: importVault(s, 'arn:aws:backup:europe:123456789012:backup-vault:dr') }] })] }),
      /`copies\[0\].destinationVault` must have a Region like eu-west-1 in its ARN, got "arn:aws:backup:europe:123456789012:backup-vault:dr"$/],
    ['a copy to a malformed vault name', (s) => ({ rules: [rule({ copies: [{ destinationVault: importVault(s, 'arn:aws:backup:eu-central-1:123456789012:backup-vault:d.r') }] })] }),
      /`copies\[0\].destinationVault` must have a vault name of 2 to 50 letters, digits, `-` or `_` in its ARN, got "arn:aws:backup:eu-central-1:123456789012:backup-vault:d.r"$/],
    ['two copies to the same vault', (s) => ({ rules: [rule({ copies: [{ destinationVault: importVault(s, DR) }, { destinationVault: importVault(s, DR) }] })] }),
      /^\[Stack\/Plan\] rule `R`: `copies\[1\].destinationVault` must not repeat the destination of `copies\[0\]`, got "arn:aws:backup:eu-central-1:123456789012:backup-vault:dr"$/],
    // vault lock
    ['a retention under the vault lock minimum', (s) => ({ vault: lockedVault(s, 14), rules: [rule({ retention: Retention.age(Duration.days(7)) })] }),
      /^\[Stack\/Plan\] rule `R`: `retention` must be at least 14 days, the vault lock minimum of Stack\/Locked \(jobs with a shorter retention fail\), got 7 days \(7 days\)$/],
    ['a retention over the vault lock maximum (12 months are 372 days)', (s) => ({ vault: lockedVault(s, 1, 365), rules: [rule({ retention: Retention.months(12) })] }),
      /`retention` must be at most 365 days, the vault lock maximum of Stack\/Locked \(jobs with a longer retention fail; calendar units count at their longest, a month as 31 days and a year as 366\), got 12 months \(372 days\)$/],
    ['a copy under the lock minimum of its destination', (s) => ({ rules: [rule({ copies: [{ destinationVault: lockedVault(s, 30) }] })] }),
      /^\[Stack\/Plan\] rule `R`: `copies\[0\].retention` must be at least 30 days, the vault lock minimum of Stack\/Locked .*, got 7 days \(7 days\)$/],
    // recovery point tags
    ['51 recovery point tags', () => ({ rules: [rule({ recoveryPointTags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) })] }),
      /^\[Stack\/Plan\] rule `R`: `recoveryPointTags` must have at most 50 tags, got "51 tags"$/],
    ['a recovery point tag key starting with aws:', () => ({ rules: [rule({ recoveryPointTags: { 'aws:x': 'v' } })] }), /`recoveryPointTags` must have keys of 1 to 128 characters that do not start with `aws:`, got "aws:x"$/],
    ['a recovery point tag value over 256 characters', () => ({ rules: [rule({ recoveryPointTags: { k: 'v'.repeat(257) } })] }), /`recoveryPointTags.k` must be at most 256 characters long, got "v{257}"$/],
  ])('%s', (_, props, message) => {
    // GIVEN
    const stack = newStack();
    // THEN
    expect(() => build(stack, props)).toThrow(message);
  });

  test.each<[string, PropsOf]>([
    ['delete exactly 90 days after cold storage, on the rule and on a copy', (s) => ({ rules: [rule({ retention: Retention.age(Duration.days(120)), coldStorageAfter: Duration.days(30), copies: [{ destinationVault: importVault(s, DR), coldStorageAfter: Duration.days(30) }] })] })],
    ['continuous backup kept 35 days', () => ({ rules: [rule({ retention: Retention.age(Duration.days(35)), continuousBackup: true })] })],
    ['continuous backup kept 1 day', () => ({ rules: [rule({ retention: Retention.age(Duration.days(1)), continuousBackup: true })] })],
    ['continuous backup kept 5 weeks', () => ({ rules: [rule({ retention: Retention.weeks(5), continuousBackup: true })] })],
    ['a start window of 60 minutes and a completion window of 120', () => ({ startWindow: Duration.minutes(60), completionWindow: Duration.minutes(120) })],
    ['an hourly cadence', () => ({ rules: [rule({ cadence: Cadence.every(Duration.hours(1)) })] })],
    ['a rule name of 50 characters with - _ .', () => ({ rules: [rule({ ruleName: `a-b_c.${'d'.repeat(44)}` })] })],
    ['a plan name of 200 characters', () => ({ backupPlanName: 'p'.repeat(200) })],
    ['retention of 100 years', () => ({ rules: [rule({ retention: Retention.years(100) })] })],
    ['a retention equal to the vault lock minimum', (s) => ({ vault: lockedVault(s, 7, 30), rules: [rule({ retention: Retention.age(Duration.days(7)) }), rule({ ruleName: 'M', retention: Retention.age(Duration.days(30)) })] })],
    ['50 recovery point tags', () => ({ rules: [rule({ recoveryPointTags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])) })] })],
  ])('synthesizes: %s', (_, props) => {
    // GIVEN
    const stack = newStack();
    // WHEN
    build(stack, props);
    // THEN
    synth(stack).resourceCountIs('AWS::Backup::BackupPlan', 1);
  });
});
