/**
 * cdk-nag: the example apps pass the AwsSolutions pack with no unacknowledged error. What they
 * keep is acknowledged with a reason in the metadata entry `Validations.of(c).acknowledge()` writes
 * (aws-cdk-lib core; nothing depends on cdk-nag at run time): in examples/lib/acknowledgements.ts,
 * and in the library for the AWS managed policies AWS Backup documents for its roles.
 */
import { App, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Node } from 'constructs';
import { buildDrExample } from '../../examples/dr-copy';
import { buildExample } from '../../examples/tiered-backup';
import { BackupTier, TieredBackup } from '../../src';
import { TierRestoreTesting } from '../../src/compliance';
import { checkConformance, testApp } from '../harness';

const EXAMPLES: { [name: string]: (app: App) => void } = {
  'tiered-backup': (app) => buildExample(app),
  'dr-copy': (app) => buildDrExample(app),
};

/** The AwsSolutions findings of an app: "path id", sorted; plus their severities. */
function nagFindings(app: App): { findings: string[]; severities: string[] } {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const problems = checkConformance(app);
  const other = problems.filter(p => !p.rule.startsWith('AwsSolutions::'));
  expect(other).toEqual([]); // the examples conform; only cdk-nag has something to say
  const findings = problems.map(p => `${p.constructPath!.replace(/\/(Resource|DefaultPolicy\/Resource)$/, '')} ${p.rule.replace(/^AwsSolutions::/, '')}`);
  return { findings: [...new Set(findings)].sort(), severities: [...new Set(problems.map(p => p.severity))] };
}

describe.each(Object.keys(EXAMPLES))('examples/%s.ts under AwsSolutionsChecks', (name) => {
  test('no unacknowledged finding: what the example keeps is acknowledged with a reason', () => {
    const app = testApp();
    EXAMPLES[name](app);
    expect(nagFindings(app).findings).toEqual([]);
  });

  test('the check can fail: without acknowledgements the findings come back', () => {
    const app = testApp();
    // every acknowledgement is the metadata entry cdk-nag reads: drop those entries
    const addMetadata = Node.prototype.addMetadata;
    const ack = jest.spyOn(Node.prototype, 'addMetadata').mockImplementation(function (this: Node, type, data, options) {
      if (type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) addMetadata.call(this, type, data, options);
    });
    try {
      EXAMPLES[name](app);
    } finally {
      ack.mockRestore();
    }
    expect(nagFindings(app).findings.length).toBeGreaterThan(0);
  });
});

test('the restore drills\' role acknowledges its AWS managed policies itself', () => {
  const app = testApp();
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'ap-south-1' } });
  const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()] });
  tiers.tier('development').assign(new dynamodb.Table(stack, 'Orders', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    removalPolicy: RemovalPolicy.DESTROY,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  }));
  new TierRestoreTesting(stack, 'Drills', { tiered: tiers, validationWindow: Duration.hours(2) });
  const { findings } = nagFindings(app);
  expect(findings.filter(f => f.startsWith('Stack/Drills'))).toEqual([]);
  // and so does the plan's selection role
  expect(findings.filter(f => f.includes('IAM4'))).toEqual([]);
});
