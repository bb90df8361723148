/**
 * OrganizationBackupPolicy: the tiers as an AWS Organizations backup policy, checked against a
 * checker written from the documented policy syntax and against the documented quotas.
 */
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { BackupTier, Cadence, DrCopyRule, Retention, SnapshotScript, Weekday } from '../../src';
import { BACKUP_POLICY_QUOTAS, OrganizationBackupPolicy } from '../../src/compliance/org-policy';
import { synth, testApp } from '../harness';

// ---------------------------------------------------------------------------------------------
// A checker of backup policy documents, from the documented syntax ("Backup policy syntax and
// examples", AWS Organizations User Guide) and the AWS Backup policy quotas.
// ---------------------------------------------------------------------------------------------

const VALUE_OPERATORS = ['@@assign', '@@append', '@@remove'];
const CHILD_CONTROL = '@@operators_allowed_for_child_policies';
const CHILD_OPERATORS = ['@@all', '@@none', ...VALUE_OPERATORS];
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const CRON = /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/;
const VAULT_ARN = /^arn:aws[a-z-]*:backup:[a-z0-9-]+:(\$account|\d{12}):backup-vault:[a-zA-Z0-9\-_]{2,50}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\$account|\d{12}):role\/[\w+=,.@/-]+$/;
const NAME = /^[a-zA-Z0-9\-_.]{1,50}$/;

type Kind = 'string' | 'list' | 'boolean';
type Errors = string[];

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function childControl(path: string, value: unknown, errors: Errors): void {
  if (!Array.isArray(value) || value.length === 0 || value.some(v => !CHILD_OPERATORS.includes(v as string))) {
    errors.push(`${path}.${CHILD_CONTROL}: must be a list of ${CHILD_OPERATORS.join(', ')}`);
  } else if ((value.includes('@@all') || value.includes('@@none')) && value.length > 1) {
    errors.push(`${path}.${CHILD_CONTROL}: @@all and @@none stand alone`);
  }
}

/** A value node: exactly one value-setting operator (list operators only on lists). */
function valueNode(path: string, node: unknown, kind: Kind, errors: Errors, test?: (v: string) => boolean): unknown[] {
  if (!isObject(node)) {
    errors.push(`${path}: must be an object with an operator such as @@assign`);
    return [];
  }
  const ops = Object.keys(node).filter(k => k !== CHILD_CONTROL);
  if (node[CHILD_CONTROL] !== undefined) childControl(path, node[CHILD_CONTROL], errors);
  const unknown = ops.filter(k => !VALUE_OPERATORS.includes(k));
  if (unknown.length > 0) errors.push(`${path}: unknown operator ${unknown.join(', ')}`);
  const set = ops.filter(k => VALUE_OPERATORS.includes(k));
  if (set.length !== 1) {
    errors.push(`${path}: must have exactly one of ${VALUE_OPERATORS.join(', ')}, got ${set.length}`);
    return [];
  }
  const op = set[0];
  const value = node[op];
  if (kind !== 'list' && op !== '@@assign') errors.push(`${path}: ${op} applies to lists only`);
  const items = kind === 'list' ? value : [value];
  if (!Array.isArray(items) || items.length === 0) {
    errors.push(`${path}.${op}: must be a non-empty list`);
    return [];
  }
  for (const item of items) {
    const ok = kind === 'boolean' ? typeof item === 'boolean' || item === 'true' || item === 'false' : typeof item === 'string';
    if (!ok) errors.push(`${path}.${op}: must be ${kind === 'boolean' ? 'true or false' : 'a string'}, got ${JSON.stringify(item)}`);
    else if (test && typeof item === 'string' && !test(item)) errors.push(`${path}.${op}: invalid value ${JSON.stringify(item)}`);
  }
  return items;
}

/** An object node: only the allowed keys, the required ones present. */
function objectNode(path: string, node: unknown, allowed: string[], required: string[], errors: Errors): node is Record<string, unknown> {
  if (!isObject(node)) {
    errors.push(`${path}: must be an object`);
    return false;
  }
  for (const key of Object.keys(node)) {
    if (key === CHILD_CONTROL) childControl(path, node[key], errors);
    else if (!allowed.includes(key)) errors.push(`${path}: unknown key ${key}`);
  }
  for (const key of required) if (node[key] === undefined) errors.push(`${path}: missing ${key}`);
  return true;
}

/** A map of user-named entries (plans, rules, selections ...). */
function mapNode(path: string, node: unknown, errors: Errors, each: (p: string, name: string, v: unknown) => void): number {
  if (!isObject(node)) {
    errors.push(`${path}: must be an object`);
    return 0;
  }
  const names = Object.keys(node).filter(k => k !== CHILD_CONTROL);
  if (node[CHILD_CONTROL] !== undefined) childControl(path, node[CHILD_CONTROL], errors);
  for (const name of names) each(`${path}.${name}`, name, node[name]);
  return names.length;
}

const int = (min: number, max = Infinity) => (v: string) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max;

function lifecycle(path: string, node: unknown, errors: Errors): void {
  if (!objectNode(path, node, ['move_to_cold_storage_after_days', 'delete_after_days', 'opt_in_to_archive_for_supported_resources'], [], errors)) return;
  const cold = node.move_to_cold_storage_after_days !== undefined ? valueNode(`${path}.move_to_cold_storage_after_days`, node.move_to_cold_storage_after_days, 'string', errors, int(1))[0] : undefined;
  const del = node.delete_after_days !== undefined ? valueNode(`${path}.delete_after_days`, node.delete_after_days, 'string', errors, int(1))[0] : undefined;
  if (node.opt_in_to_archive_for_supported_resources !== undefined) valueNode(`${path}.opt_in_to_archive_for_supported_resources`, node.opt_in_to_archive_for_supported_resources, 'boolean', errors);
  if (cold !== undefined && del !== undefined && Number(del) < Number(cold) + 90) errors.push(`${path}: delete_after_days must be at least 90 days more than move_to_cold_storage_after_days`);
}

function tagPairs(path: string, node: unknown, errors: Errors): number {
  return mapNode(path, node, errors, (p, _n, v) => {
    if (!objectNode(p, v, ['tag_key', 'tag_value'], ['tag_key', 'tag_value'], errors)) return;
    valueNode(`${p}.tag_key`, v.tag_key, 'string', errors);
    valueNode(`${p}.tag_value`, v.tag_value, 'string', errors);
  });
}

function conditions(path: string, node: unknown, errors: Errors): number {
  const kinds = ['string_equals', 'string_not_equals', 'string_like', 'string_not_like'];
  if (!objectNode(path, node, kinds, [], errors)) return 0;
  let count = 0;
  for (const kind of kinds) {
    if (node[kind] === undefined) continue;
    count += mapNode(`${path}.${kind}`, node[kind], errors, (p, _n, v) => {
      if (!objectNode(p, v, ['condition_key', 'condition_value'], ['condition_key', 'condition_value'], errors)) return;
      valueNode(`${p}.condition_key`, v.condition_key, 'string', errors, k => /^aws:ResourceTag\/.+/.test(k));
      valueNode(`${p}.condition_value`, v.condition_value, 'string', errors);
    });
  }
  return count;
}

function rule(path: string, node: unknown, errors: Errors): void {
  const keys = ['schedule_expression', 'target_backup_vault_name', 'target_logically_air_gapped_backup_vault_arn', 'start_backup_window_minutes',
    'complete_backup_window_minutes', 'enable_continuous_backup', 'lifecycle', 'copy_actions', 'recovery_point_tags', 'index_actions', 'scan_actions'];
  if (!objectNode(path, node, keys, ['schedule_expression', 'target_backup_vault_name'], errors)) return;
  valueNode(`${path}.schedule_expression`, node.schedule_expression, 'string', errors, v => CRON.test(v));
  valueNode(`${path}.target_backup_vault_name`, node.target_backup_vault_name, 'string', errors, v => /^[a-zA-Z0-9\-_]{2,50}$/.test(v));
  if (node.start_backup_window_minutes !== undefined) valueNode(`${path}.start_backup_window_minutes`, node.start_backup_window_minutes, 'string', errors, int(60));
  if (node.complete_backup_window_minutes !== undefined) valueNode(`${path}.complete_backup_window_minutes`, node.complete_backup_window_minutes, 'string', errors, int(60));
  if (node.enable_continuous_backup !== undefined) valueNode(`${path}.enable_continuous_backup`, node.enable_continuous_backup, 'boolean', errors);
  if (node.lifecycle !== undefined) lifecycle(`${path}.lifecycle`, node.lifecycle, errors);
  if (node.copy_actions !== undefined) {
    const n = mapNode(`${path}.copy_actions`, node.copy_actions, errors, (p, arn, v) => {
      if (!VAULT_ARN.test(arn)) errors.push(`${p}: the key must be a backup vault ARN`);
      if (!objectNode(p, v, ['target_backup_vault_arn', 'lifecycle'], ['target_backup_vault_arn'], errors)) return;
      const [target] = valueNode(`${p}.target_backup_vault_arn`, v.target_backup_vault_arn, 'string', errors, a => VAULT_ARN.test(a));
      if (target !== undefined && target !== arn) errors.push(`${p}: target_backup_vault_arn must equal the key`);
      if (v.lifecycle !== undefined) lifecycle(`${p}.lifecycle`, v.lifecycle, errors);
    });
    if (n > BACKUP_POLICY_QUOTAS.copyActionsPerRule) errors.push(`${path}.copy_actions: at most ${BACKUP_POLICY_QUOTAS.copyActionsPerRule} copy actions per rule, got ${n}`);
  }
  if (node.recovery_point_tags !== undefined) {
    const n = tagPairs(`${path}.recovery_point_tags`, node.recovery_point_tags, errors);
    if (n > BACKUP_POLICY_QUOTAS.recoveryPointTags) errors.push(`${path}.recovery_point_tags: at most ${BACKUP_POLICY_QUOTAS.recoveryPointTags} tags, got ${n}`);
  }
}

function selections(path: string, node: unknown, errors: Errors): void {
  if (!objectNode(path, node, ['tags', 'resources'], [], errors)) return;
  if (node.tags === undefined && node.resources === undefined) errors.push(`${path}: must have tags or resources`);
  if (node.tags !== undefined) {
    const n = mapNode(`${path}.tags`, node.tags, errors, (p, _name, v) => {
      if (!objectNode(p, v, ['iam_role_arn', 'tag_key', 'tag_value', 'conditions'], ['iam_role_arn', 'tag_key', 'tag_value'], errors)) return;
      valueNode(`${p}.iam_role_arn`, v.iam_role_arn, 'string', errors, r => ROLE_ARN.test(r));
      valueNode(`${p}.tag_key`, v.tag_key, 'string', errors);
      const values = valueNode(`${p}.tag_value`, v.tag_value, 'list', errors);
      const conds = v.conditions !== undefined ? conditions(`${p}.conditions`, v.conditions, errors) : 0;
      if (values.length > BACKUP_POLICY_QUOTAS.tagsPerSelection) errors.push(`${p}: at most ${BACKUP_POLICY_QUOTAS.tagsPerSelection} tags, got ${values.length}`);
      if (conds > BACKUP_POLICY_QUOTAS.conditionsPerSelection) errors.push(`${p}: at most ${BACKUP_POLICY_QUOTAS.conditionsPerSelection} conditions, got ${conds}`);
    });
    if (n > BACKUP_POLICY_QUOTAS.tagSelectionsPerPlan) errors.push(`${path}.tags: at most ${BACKUP_POLICY_QUOTAS.tagSelectionsPerPlan} tag selections per plan, got ${n}`);
  }
  if (node.resources !== undefined) {
    mapNode(`${path}.resources`, node.resources, errors, (p, _name, v) => {
      if (!objectNode(p, v, ['iam_role_arn', 'resource_types', 'not_resource_types', 'conditions'], ['iam_role_arn', 'resource_types'], errors)) return;
      valueNode(`${p}.iam_role_arn`, v.iam_role_arn, 'string', errors, r => ROLE_ARN.test(r));
      const arn = (a: string) => a === '*' || /^arn:aws[a-z-]*:[a-z0-9-]+:.*\*$/.test(a);
      valueNode(`${p}.resource_types`, v.resource_types, 'list', errors, arn);
      if (v.not_resource_types !== undefined) valueNode(`${p}.not_resource_types`, v.not_resource_types, 'list', errors, arn);
      const conds = v.conditions !== undefined ? conditions(`${p}.conditions`, v.conditions, errors) : 0;
      if (conds > BACKUP_POLICY_QUOTAS.conditionsPerSelection) errors.push(`${p}: at most ${BACKUP_POLICY_QUOTAS.conditionsPerSelection} conditions, got ${conds}`);
    });
  }
}

/** Every way `doc` departs from the documented backup policy syntax and quotas. */
function checkBackupPolicy(doc: unknown): string[] {
  const errors: Errors = [];
  const size = JSON.stringify(doc).length;
  if (size > BACKUP_POLICY_QUOTAS.policyCharacters) errors.push(`policy: at most ${BACKUP_POLICY_QUOTAS.policyCharacters} characters, got ${size}`);
  if (!objectNode('policy', doc, ['plans'], ['plans'], errors)) return errors;
  mapNode('plans', doc.plans, errors, (path, name, plan) => {
    if (!NAME.test(name)) errors.push(`${path}: invalid plan name`);
    if (!objectNode(path, plan, ['regions', 'rules', 'selections', 'advanced_backup_settings', 'backup_plan_tags', 'scan_settings'], ['regions', 'rules', 'selections'], errors)) return;
    valueNode(`${path}.regions`, plan.regions, 'list', errors, r => REGION.test(r));
    const rules = mapNode(`${path}.rules`, plan.rules, errors, (p, ruleName, r) => {
      if (!NAME.test(ruleName)) errors.push(`${p}: invalid rule name`);
      rule(p, r, errors);
    });
    if (rules === 0) errors.push(`${path}.rules: must have at least one rule`);
    if (rules > BACKUP_POLICY_QUOTAS.rulesPerPlan) errors.push(`${path}.rules: at most ${BACKUP_POLICY_QUOTAS.rulesPerPlan} rules per plan, got ${rules}`);
    selections(`${path}.selections`, plan.selections, errors);
    if (plan.advanced_backup_settings !== undefined && objectNode(`${path}.advanced_backup_settings`, plan.advanced_backup_settings, ['ec2', 's3'], [], errors)) {
      const abs = plan.advanced_backup_settings;
      const enabled = (v: string) => v === 'enabled' || v === 'disabled';
      if (abs.ec2 !== undefined && objectNode(`${path}.advanced_backup_settings.ec2`, abs.ec2, ['windows_vss'], ['windows_vss'], errors)) {
        valueNode(`${path}.advanced_backup_settings.ec2.windows_vss`, abs.ec2.windows_vss, 'string', errors, enabled);
      }
      if (abs.s3 !== undefined && objectNode(`${path}.advanced_backup_settings.s3`, abs.s3, ['backup_acls', 'backup_object_tags'], [], errors)) {
        for (const k of ['backup_acls', 'backup_object_tags']) if (abs.s3[k] !== undefined) valueNode(`${path}.advanced_backup_settings.s3.${k}`, abs.s3[k], 'string', errors, enabled);
      }
    }
    if (plan.backup_plan_tags !== undefined) tagPairs(`${path}.backup_plan_tags`, plan.backup_plan_tags, errors);
  });
  return errors;
}

// ---------------------------------------------------------------------------------------------

const assign = (v: unknown) => ({ '@@assign': v });

/** A valid policy written by hand from the documented syntax (two plans, every element kind). */
function handWritten(): any {
  return {
    plans: {
      Gold: {
        '@@operators_allowed_for_child_policies': ['@@none'],
        'regions': { '@@append': ['eu-west-1', 'us-east-1'] },
        'rules': {
          Nightly: {
            schedule_expression: assign('cron(0 3 ? * * *)'),
            target_backup_vault_name: assign('Central'),
            start_backup_window_minutes: assign('120'),
            complete_backup_window_minutes: assign('600'),
            enable_continuous_backup: assign(false),
            lifecycle: { move_to_cold_storage_after_days: assign('30'), delete_after_days: assign('365'), opt_in_to_archive_for_supported_resources: assign('false') },
            copy_actions: {
              'arn:aws:backup:us-west-2:$account:backup-vault:Far': {
                target_backup_vault_arn: assign('arn:aws:backup:us-west-2:$account:backup-vault:Far'),
                lifecycle: { delete_after_days: assign('90') },
              },
            },
            recovery_point_tags: { owner: { tag_key: assign('owner'), tag_value: assign('platform') } },
          },
        },
        'selections': {
          tags: {
            gold: {
              iam_role_arn: assign('arn:aws:iam::$account:role/BackupRole'),
              tag_key: assign('tier'),
              tag_value: assign(['gold', 'platinum']),
              conditions: { string_not_equals: { skip: { condition_key: assign('aws:ResourceTag/backup'), condition_value: assign('false') } } },
            },
          },
        },
        'advanced_backup_settings': { ec2: { windows_vss: assign('enabled') }, s3: { backup_acls: assign('disabled') } },
        'backup_plan_tags': { team: { tag_key: assign('team'), tag_value: assign('platform') } },
      },
      Bronze: {
        regions: { '@@remove': ['us-east-1'] },
        rules: { Weekly: { schedule_expression: assign('cron(0 5 ? * SUN *)'), target_backup_vault_name: assign('Default') } },
        selections: {
          resources: {
            all: {
              iam_role_arn: assign('arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole'),
              resource_types: assign(['*']),
              not_resource_types: assign(['arn:aws:ec2:*:*:volume/*']),
            },
          },
        },
      },
    },
  };
}

describe('the policy syntax checker', () => {
  test('accepts a hand-written policy using every documented element', () => {
    expect(checkBackupPolicy(handWritten())).toEqual([]);
  });

  test.each<[string, (p: any) => void, RegExp]>([
    ['an unknown top-level key', p => { p.policies = {}; }, /^policy: unknown key policies$/],
    ['an unknown plan element', p => { p.plans.Gold.schedule = assign('x'); }, /plans\.Gold: unknown key schedule/],
    ['a plan without regions', p => { delete p.plans.Bronze.regions; }, /plans\.Bronze: missing regions/],
    ['a plan without selections', p => { delete p.plans.Bronze.selections; }, /plans\.Bronze: missing selections/],
    ['a plan without rules', p => { p.plans.Bronze.rules = {}; }, /plans\.Bronze\.rules: must have at least one rule/],
    ['a bare value without operator', p => { p.plans.Bronze.rules.Weekly.target_backup_vault_name = 'Default'; }, /target_backup_vault_name: must be an object with an operator/],
    ['two value operators', p => { p.plans.Gold.regions = { '@@assign': ['eu-west-1'], '@@append': ['us-east-1'] }; }, /regions: must have exactly one of @@assign, @@append, @@remove, got 2/],
    ['an unknown operator', p => { p.plans.Gold.regions = { '@@replace': ['eu-west-1'] }; }, /regions: unknown operator @@replace/],
    ['@@append on a scalar', p => { p.plans.Bronze.rules.Weekly.target_backup_vault_name = { '@@append': 'Default' }; }, /@@append applies to lists only/],
    ['a number instead of a string', p => { p.plans.Gold.rules.Nightly.lifecycle.delete_after_days = assign(365); }, /delete_after_days\.@@assign: must be a string, got 365/],
    ['a bad Region code', p => { p.plans.Gold.regions = assign(['Europe']); }, /regions\.@@assign: invalid value "Europe"/],
    ['a rate expression', p => { p.plans.Bronze.rules.Weekly.schedule_expression = assign('rate(1 day)'); }, /schedule_expression\.@@assign: invalid value/],
    ['a start window under 60 minutes', p => { p.plans.Gold.rules.Nightly.start_backup_window_minutes = assign('30'); }, /start_backup_window_minutes\.@@assign: invalid value "30"/],
    ['cold storage shorter than 90 days', p => { p.plans.Gold.rules.Nightly.lifecycle.delete_after_days = assign('100'); }, /delete_after_days must be at least 90 days more/],
    ['a copy action keyed by another ARN', p => {
      const c = p.plans.Gold.rules.Nightly.copy_actions;
      c['arn:aws:backup:us-west-1:$account:backup-vault:Other'] = c['arn:aws:backup:us-west-2:$account:backup-vault:Far'];
    }, /target_backup_vault_arn must equal the key/],
    ['a tag selection without role', p => { delete p.plans.Gold.selections.tags.gold.iam_role_arn; }, /selections\.tags\.gold: missing iam_role_arn/],
    ['a role without $account or account ID', p => { p.plans.Gold.selections.tags.gold.iam_role_arn = assign('arn:aws:iam::role/x'); }, /iam_role_arn\.@@assign: invalid value/],
    ['a condition on a bare tag key', p => { p.plans.Gold.selections.tags.gold.conditions.string_not_equals.skip.condition_key = assign('backup'); }, /condition_key\.@@assign: invalid value "backup"/],
    ['empty selections', p => { p.plans.Bronze.selections = {}; }, /selections: must have tags or resources/],
    ['a bad child control list', p => { p.plans.Gold['@@operators_allowed_for_child_policies'] = ['@@none', '@@assign']; }, /@@all and @@none stand alone/],
    ['a bad VSS value', p => { p.plans.Gold.advanced_backup_settings.ec2.windows_vss = assign('on'); }, /windows_vss\.@@assign: invalid value "on"/],
  ])('rejects %s', (_name, mutate, expected) => {
    const policy = handWritten();
    mutate(policy);
    const errors = checkBackupPolicy(policy);
    expect(errors.some(e => expected.test(e))).toBe(true);
  });

  test.each<[string, (p: any) => void, RegExp]>([
    ['11 rules in a plan', p => {
      for (let i = 0; i < 10; i++) p.plans.Bronze.rules[`R${i}`] = p.plans.Bronze.rules.Weekly;
    }, /rules: at most 10 rules per plan, got 11/],
    ['6 copy actions in a rule', p => {
      const copies = p.plans.Gold.rules.Nightly.copy_actions;
      for (const r of ['us-east-2', 'ca-central-1', 'sa-east-1', 'ap-south-1', 'eu-north-1']) {
        const arn = `arn:aws:backup:${r}:$account:backup-vault:Far`;
        copies[arn] = { target_backup_vault_arn: assign(arn) };
      }
    }, /at most 5 copy actions per rule, got 6/],
    ['11 tag selections in a plan', p => {
      for (let i = 0; i < 10; i++) p.plans.Gold.selections.tags[`s${i}`] = p.plans.Gold.selections.tags.gold;
    }, /at most 10 tag selections per plan, got 11/],
    ['31 tags in a selection', p => {
      p.plans.Gold.selections.tags.gold.tag_value = assign(Array.from({ length: 31 }, (_, i) => `v${i}`));
    }, /at most 30 tags, got 31/],
    ['31 conditions in a selection', p => {
      const c = p.plans.Gold.selections.tags.gold.conditions.string_not_equals;
      for (let i = 0; i < 30; i++) c[`c${i}`] = c.skip;
    }, /at most 30 conditions, got 31/],
    ['11 recovery point tags', p => {
      const t = p.plans.Gold.rules.Nightly.recovery_point_tags;
      for (let i = 0; i < 10; i++) t[`t${i}`] = t.owner;
    }, /at most 10 tags, got 11/],
    ['more than 10,000 characters', p => {
      for (let i = 0; i < 12; i++) p.plans[`Copy${i}`] = p.plans.Gold;
    }, /policy: at most 10000 characters, got \d+/],
  ])('enforces the quota on %s', (_name, mutate, expected) => {
    const policy = handWritten();
    mutate(policy);
    expect(checkBackupPolicy(policy).filter(e => expected.test(e))).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------

function newStack(): Stack {
  return new Stack(testApp(), 'Org', { env: { account: '111111111111', region: 'us-east-1' } });
}

const REGIONS = ['ap-south-1'];

describe('OrganizationBackupPolicy', () => {
  test('renders the four preset tiers as plans that conform to the documented syntax and the schema', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const policy = new OrganizationBackupPolicy(stack, 'OrgBackup', {
      tiers: [BackupTier.critical('ap-southeast-1'), BackupTier.database('eu-west-1'), BackupTier.development(), BackupTier.staging()],
      regions: REGIONS,
      backupVaultName: 'tiered-backup',
      targetIds: ['ou-ab12-cdef3456', '222222222222', 'r-ab12'],
    });
    // THEN
    expect(checkBackupPolicy(policy.content)).toEqual([]);
    const plans = policy.content.plans;
    expect(Object.keys(plans)).toEqual(['critical', 'database', 'development', 'staging']);
    expect(plans.critical.regions).toEqual(assign(['ap-south-1']));
    expect(Object.keys(plans.critical.rules)).toEqual(['Every4Hours', 'Daily', 'Weekly']);
    expect(plans.critical.rules.Every4Hours).toEqual({
      schedule_expression: assign('cron(0 0/4 * * ? *)'),
      target_backup_vault_name: assign('tiered-backup'),
      start_backup_window_minutes: assign('60'),
      complete_backup_window_minutes: assign('10080'),
      lifecycle: { delete_after_days: assign('7') },
      copy_actions: {
        'arn:aws:backup:ap-southeast-1:$account:backup-vault:tiered-backup': {
          target_backup_vault_arn: assign('arn:aws:backup:ap-southeast-1:$account:backup-vault:tiered-backup'),
          lifecycle: { delete_after_days: assign('28') },
        },
      },
      recovery_point_tags: {
        tier: { tag_key: assign('cdk-tiered-backup:tier'), tag_value: assign('critical') },
        rung: { tag_key: assign('cdk-tiered-backup:rung'), tag_value: assign('Every4Hours') },
      },
    });
    expect(plans.critical.rules.Weekly.schedule_expression).toEqual(assign('cron(0 2 ? * SUN *)'));
    expect(plans.critical.rules.Weekly.lifecycle).toEqual({ delete_after_days: assign('372') }); // 12 months of 31 days
    expect(plans.critical.selections).toEqual({
      tags: { critical: { iam_role_arn: assign('arn:aws:iam::$account:role/service-role/AWSBackupDefaultServiceRole'), tag_key: assign('backup-tier'), tag_value: assign(['critical']) } },
    });
    expect(Object.keys(plans.database.rules)).toEqual(['Every2Hours', 'Daily', 'Monthly', 'PointInTime']);
    expect(plans.database.rules.PointInTime).toMatchObject({
      schedule_expression: assign('cron(0 0/2 * * ? *)'),
      enable_continuous_backup: assign('true'),
      lifecycle: { delete_after_days: assign('7') },
    });
    expect(plans.database.rules.Monthly.schedule_expression).toEqual(assign('cron(0 3 1 * ? *)'));
    expect(plans.development.rules.Daily.copy_actions).toBeUndefined();
    expect(plans.staging.rules.Weekly.lifecycle).toEqual({ delete_after_days: assign('28') });

    const template = synth(stack); // AWS::Organizations::Policy against its schema
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Type: 'BACKUP_POLICY',
      Name: Match.stringLikeRegexp('^OrgOrgBackup'),
      TargetIds: ['ou-ab12-cdef3456', '222222222222', 'r-ab12'],
      Content: policy.content,
      Description: 'Backup tiers critical, database, development, staging',
    });
  });

  test('options: excluded EBS, locked plans, cold storage, another DR account and vault, VSS, windows, role', () => {
    const stack = newStack();
    const tier = new BackupTier({
      name: 'windows',
      rungs: [
        { cadence: Cadence.daily({ startTime: '01:00' }), retention: Retention.weeks(2) },
        { cadence: Cadence.monthly(1), retention: Retention.years(1), coldStorageAfter: Duration.days(30) },
      ],
      drCopies: [DrCopyRule.toRegion('ap-south-1', { retention: Retention.months(3) })],
      consistency: SnapshotScript.windowsVss(),
    });
    const policy = new OrganizationBackupPolicy(stack, 'OrgBackup', {
      tiers: [tier],
      regions: ['ap-south-1', 'eu-west-1'],
      backupVaultName: 'primary',
      drBackupVaultName: 'dr',
      drAccount: '999999999999',
      excludeEbs: true,
      preventChildOverrides: true,
      startWindow: Duration.hours(2),
      completionWindow: Duration.hours(12),
      iamRoleName: 'BackupRole',
      tagKey: 'tier',
      partition: 'aws-us-gov',
      policyName: 'backup-tiers',
    });
    expect(checkBackupPolicy(policy.content).filter(e => !/iam_role_arn|VAULT|key must be/.test(e))).toEqual([]);
    const plan = policy.content.plans.windows;
    expect(plan['@@operators_allowed_for_child_policies']).toEqual(['@@none']);
    expect(plan.advanced_backup_settings).toEqual({ ec2: { windows_vss: assign('enabled') } });
    expect(plan.rules.Daily.start_backup_window_minutes).toEqual(assign('120'));
    expect(plan.rules.Daily.complete_backup_window_minutes).toEqual(assign('720'));
    expect(plan.rules.Monthly.lifecycle).toEqual({ move_to_cold_storage_after_days: assign('30'), delete_after_days: assign('366') });
    expect(plan.rules.Monthly.copy_actions).toEqual({
      'arn:aws-us-gov:backup:ap-south-1:999999999999:backup-vault:dr': {
        target_backup_vault_arn: assign('arn:aws-us-gov:backup:ap-south-1:999999999999:backup-vault:dr'),
        lifecycle: { delete_after_days: assign('93') },
      },
    });
    expect(plan.selections).toEqual({
      resources: {
        windows: {
          iam_role_arn: assign('arn:aws-us-gov:iam::$account:role/BackupRole'),
          resource_types: assign(['*']),
          not_resource_types: assign(['arn:aws-us-gov:ec2:*:*:volume/*', 'arn:aws-us-gov:ec2:*:*:instance/*']),
          conditions: { string_equals: { tier: { condition_key: assign('aws:ResourceTag/tier'), condition_value: assign('windows') } } },
        },
      },
    });
    synth(stack).hasResourceProperties('AWS::Organizations::Policy', { Name: 'backup-tiers', Content: policy.content });
  });

  describe('errors', () => {
    const base = { tiers: [BackupTier.development()], regions: REGIONS, backupVaultName: 'vault' };
    const ladder = (n: number) => Array.from({ length: n }, (_, i) => ({
      name: `R${i + 1}`,
      cadence: i < 8 ? Cadence.every(Duration.hours([1, 2, 3, 4, 6, 8, 12, 24][i])) : i === 8 ? Cadence.weekly(Weekday.SUNDAY) : Cadence.monthly(1),
      retention: Retention.age(Duration.days(i < 8 ? i + 1 : i === 8 ? 30 : 62)),
    }));

    test.each<[string, object, string]>([
      ['a bad target ID', { targetIds: ['ou-1'] }, '[Org/OrgBackup] `targetIds[0]` must match a root (r-...), organizational unit (ou-...-...) or account (12 digits) ID, got "ou-1"'],
      ['a repeated target', { targetIds: ['r-ab12', 'r-ab12'] }, '[Org/OrgBackup] `targetIds[1]` must not repeat a target, got "r-ab12"'],
      ['no Region', { regions: [] }, '[Org/OrgBackup] `regions` must list at least one Region, got []'],
      ['a bad Region', { regions: ['mumbai'] }, '[Org/OrgBackup] `regions[0]` must match a Region code such as eu-west-1, got "mumbai"'],
      ['a bad vault name', { backupVaultName: 'my vault' }, '[Org/OrgBackup] `backupVaultName` must match 2 to 50 letters, digits, `-` or `_`, got "my vault"'],
      ['a bad DR account', { drAccount: '1234' }, '[Org/OrgBackup] `drAccount` must match a 12-digit account ID, got "1234"'],
      ['a short start window', { startWindow: Duration.minutes(30) }, '[Org/OrgBackup] `startWindow` must be a whole number of minutes, at least 60, got 30 minutes'],
      ['a completion window too close to the start window', { startWindow: Duration.hours(2), completionWindow: Duration.hours(2) }, '[Org/OrgBackup] `completionWindow` must be at least 60 minutes longer than `startWindow`, so at least 180 minutes, got 2 hours'],
      ['no tier', { tiers: [] }, '[Org/OrgBackup] `tiers` must contain at least one tier, got []'],
      ['two tiers of one name', { tiers: [BackupTier.development(), BackupTier.development()] }, '[Org/OrgBackup] `tiers` must have unique names, got "development"'],
      ['11 rules in a plan (10 rungs and point-in-time recovery)', { tiers: [new BackupTier({ name: 'big', rungs: ladder(10), pointInTimeRecovery: Duration.days(7) })] },
        '[Org/OrgBackup] tier `big`: `rungs` must make at most 10 rules per plan (the backup policy quota; point-in-time recovery takes one), got 11 rules'],
      ['6 copy actions in a rule', { tiers: [BackupTier.development({ drCopies: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2'].map(r => DrCopyRule.toRegion(r)) })] },
        '[Org/OrgBackup] tier `development`: `drCopies` must have at most 5 copies (copy actions per rule), got 6 copies'],
      ['a DR Region among the Regions, copying into the same vault', { tiers: [BackupTier.critical('ap-south-1')] },
        '[Org/OrgBackup] tier `critical`: `drCopies[0].region` must not be one of `regions` while copies go to the same vault name in the same account (in ap-south-1 the plan would copy into its own vault): set `drBackupVaultName` or `drAccount`, got "ap-south-1"'],
      ['cold storage kept less than 90 days', {
        tiers: [new BackupTier({ name: 'cold', rungs: [{ cadence: Cadence.monthly(1), retention: Retention.months(3), coldStorageAfter: Duration.days(30) }] })],
      }, '[Org/OrgBackup] tier `cold`, rung `Monthly`: `retention` must be at least 120 days: 90 days after `coldStorageAfter` (30 days), the minimum time in cold storage, got 93 days'],
      ['a cadence AWS Backup cannot run', { tiers: [new BackupTier({ name: 'odd', rungs: [{ cadence: Cadence.every(Duration.hours(5)), retention: Retention.age(Duration.days(2)) }] })] },
        '[Org/OrgBackup] tier `odd`, rung `Every5Hours`: `cadence` must have an `interval` of 1, 2, 3, 4, 6, 8, 12, 24 hours to be one AWS Backup cron expression (use Cadence.cron(), weekly() or monthly() for anything else), got every 5 hours'],
      ['a tier with a time zone (rendered in UTC, never shifted silently)', { tiers: [BackupTier.development({ timeZone: TimeZone.EUROPE_BERLIN })] },
        '[Org/OrgBackup] tier `development`: `timeZone` cannot be used in an Organizations backup policy: its rules are rendered in UTC; give it a variant of the tier with its cadences in UTC (`tier.withOptions({ rungs, without: [TierFeature.TIME_ZONE] })`), got "Europe/Berlin"'],
      ['more than 10,000 characters', {
        tiers: Array.from({ length: 5 }, (_, i) => BackupTier.critical('eu-west-1', { name: `critical${i}` })),
      }, '[Org/OrgBackup] `tiers` must render a policy of at most 10000 characters (the AWS Organizations quota for backup policies): split the tiers over several policies, got '],
    ])('%s', (_name, override, message) => {
      const stack = newStack();
      expect(() => new OrganizationBackupPolicy(stack, 'OrgBackup', { ...base, ...override })).toThrow(message);
    });

    test('the size quota counts the rendered document: 4 critical tiers fit, a fifth does not', () => {
      const stack = newStack();
      const policy = new OrganizationBackupPolicy(stack, 'Fits', {
        ...base, tiers: Array.from({ length: 4 }, (_, i) => BackupTier.critical('eu-west-1', { name: `critical${i}` })),
      });
      const size = JSON.stringify(policy.content).length;
      expect(size).toBeLessThanOrEqual(10_000);
      expect(size).toBeGreaterThan(10_000 * 4 / 5); // a fifth plan of the same size would not fit
      expect(checkBackupPolicy(policy.content)).toEqual([]);
    });
  });
});
