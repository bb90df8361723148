/**
 * The synth-overhead workload (workload.ts) written by hand as raw CloudFormation: L1
 * `CfnLifecyclePolicy` resources and an IAM role with the statements the policies need —
 * what a person writes without the library. Synthesizes with `app.synth()` into $CDK_OUTDIR.
 *
 *   node tmp/bench-children/raw-app.js <number of policies>
 *
 * The properties are written out here, not taken from the library or its templates;
 * bench/run.ts checks that both apps give the same resources.
 */
import { App, ArnFormat, Stack } from 'aws-cdk-lib';
import { CfnLifecyclePolicy } from 'aws-cdk-lib/aws-dlm';
import * as iam from 'aws-cdk-lib/aws-iam';
import { sinceStart, synthAndReport } from './probe';
import { DR_KEY_ARN, DR_REGION, ENV, policyCount, policyDescription, policyId, policyTagValue, STACK_ID, TARGET_TAG_KEY } from './workload';

const loaded = sinceStart();

const app = new App();
const stack = new Stack(app, STACK_ID, { env: ENV });

// One execution role for every policy: snapshot volumes, tag the snapshots, delete only the
// snapshots DLM made, copy them encrypted with the DR key into the DR Region (and delete
// expired copies there).
// Trusted by DLM only for this account's policies (confused deputy).
const role = new iam.Role(stack, 'DataLifecycleManagerRole', {
  assumedBy: new iam.ServicePrincipal('dlm.amazonaws.com').withConditions({
    StringEqualsIfExists: { 'aws:SourceAccount': ENV.account },
    ArnLikeIfExists: { 'aws:SourceArn': stack.formatArn({ service: 'dlm', resource: 'policy', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }) },
  }),
  description: 'Data Lifecycle Manager execution role (least privilege, built by cdk-tiered-backup)',
});
const ec2Arn = (resource: string, region?: string, account?: string) =>
  stack.formatArn({ service: 'ec2', resource, resourceName: '*', region, account, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
const volumes = ec2Arn('volume');
const snapshots = ec2Arn('snapshot', undefined, '');
const snapshotsHereAndInDr = [snapshots, ec2Arn('snapshot', DR_REGION, '')];
const madeByDlm = { StringLike: { 'aws:ResourceTag/aws:dlm:lifecycle-policy-id': '*' } };
role.addToPolicy(new iam.PolicyStatement({
  actions: ['ec2:DescribeInstances', 'ec2:DescribeVolumes', 'ec2:DescribeSnapshots', 'ec2:DescribeAvailabilityZones'],
  resources: ['*'],
}));
role.addToPolicy(new iam.PolicyStatement({ actions: ['ec2:CreateSnapshot'], resources: [volumes, snapshots] }));
role.addToPolicy(new iam.PolicyStatement({ actions: ['ec2:CreateTags'], resources: [snapshots] }));
role.addToPolicy(new iam.PolicyStatement({ actions: ['ec2:DeleteSnapshot'], resources: [snapshots], conditions: madeByDlm }));
role.addToPolicy(new iam.PolicyStatement({
  actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
  resources: [DR_KEY_ARN],
}));
role.addToPolicy(new iam.PolicyStatement({
  actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
  resources: [DR_KEY_ARN],
  conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
}));
role.addToPolicy(new iam.PolicyStatement({ actions: ['ec2:CopySnapshot', 'ec2:CreateTags'], resources: snapshotsHereAndInDr }));
role.addToPolicy(new iam.PolicyStatement({ actions: ['ec2:DeleteSnapshot'], resources: snapshotsHereAndInDr, conditions: madeByDlm }));

// The same four schedules in every policy.
const schedules: CfnLifecyclePolicy.ScheduleProperty[] = [
  {
    name: 'Every4h',
    createRule: { interval: 4, intervalUnit: 'HOURS', times: ['00:00'] },
    retainRule: { interval: 7, intervalUnit: 'DAYS' },
  },
  {
    name: 'Daily',
    createRule: { interval: 24, intervalUnit: 'HOURS', times: ['02:00'] },
    retainRule: { interval: 4, intervalUnit: 'WEEKS' },
    crossRegionCopyRules: [{
      target: DR_REGION,
      encrypted: true,
      cmkArn: DR_KEY_ARN,
      retainRule: { interval: 3, intervalUnit: 'MONTHS' },
    }],
  },
  {
    name: 'Weekly',
    createRule: { cronExpression: 'cron(0 3 ? * SUN *)' },
    retainRule: { interval: 12, intervalUnit: 'MONTHS' },
  },
  {
    name: 'Monthly',
    createRule: { cronExpression: 'cron(0 4 1 * ? *)' },
    retainRule: { interval: 1, intervalUnit: 'YEARS' },
  },
];

const n = policyCount();
for (let i = 0; i < n; i++) {
  new CfnLifecyclePolicy(stack, policyId(i), {
    description: policyDescription(i),
    executionRoleArn: role.roleArn,
    state: 'ENABLED',
    policyDetails: {
      policyType: 'EBS_SNAPSHOT_MANAGEMENT',
      resourceTypes: ['VOLUME'],
      resourceLocations: ['CLOUD'],
      targetTags: [{ key: TARGET_TAG_KEY, value: policyTagValue(i) }],
      schedules,
    },
  });
}
synthAndReport(app, stack, loaded);
