/**
 * For the packed-package check (scripts/packed/smoke.sh): serves, on 127.0.0.1, the DLM
 * policies of a synthesized app as DLM would return them once CloudFormation deployed them,
 * through the tests' local DLM endpoint (test/cli/fake-dlm.ts, SigV4 checked), and beside it a
 * local CloudWatch endpoint (test/cli/fake-cloudwatch.ts) holding restore drill metrics for the
 * first tier: a drill that restored in 4 min 14 s a day ago. Prints one line of shell
 * assignments (endpoints, that tier and the test credentials), then serves until stdin closes.
 *
 *   ts-node -T scripts/packed/fake-dlm-server.ts <cdk.out>
 */
import * as fs from 'fs';
import * as path from 'path';
import { FakeCloudWatch } from '../../test/cli/fake-cloudwatch';
import { FakeDlm } from '../../test/cli/fake-dlm';
import { awsTestEnv, deploy } from '../../test/cli/support';

interface Manifest {
  readonly artifacts: { [id: string]: { type: string; environment?: string; properties?: { templateFile?: string } } };
}

async function main(): Promise<void> {
  const outdir = process.argv[2];
  if (!outdir) throw new Error('usage: fake-dlm-server.ts <cdk.out>');
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as Manifest;
  const dlm = await FakeDlm.start();
  let region: string | undefined;
  for (const [stackName, artifact] of Object.entries(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    const [, account, stackRegion] = /^aws:\/\/(\d{12})\/([a-z0-9-]+)$/.exec(artifact.environment ?? '') ?? [];
    const template = JSON.parse(fs.readFileSync(path.join(outdir, artifact.properties.templateFile), 'utf8'));
    for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::DLM::LifecyclePolicy') continue;
      region ??= stackRegion;
      if (stackRegion !== region) continue; // one endpoint is one Region
      const deployed = deploy({ logicalId, properties: resource.Properties }, { stackName, account, region, templateResources: template.Resources });
      dlm.policies.push(deployed);
    }
  }
  const cloudwatch = await FakeCloudWatch.start();
  const tier = dlm.policies.flatMap(p => (p.PolicyDetails?.TargetTags ?? []) as Array<{ Key: string; Value: string }>)
    .find(t => /tier/i.test(t.Key))?.Value ?? 'none';
  const dayAgo = new Date(Date.now() - 24 * 3_600_000);
  cloudwatch.dataPoints = [
    { namespace: 'CdkTieredBackup/RestoreDrills', metricName: 'RestoreSeconds', dimensions: { Tier: tier }, time: dayAgo, value: 254 },
    { namespace: 'CdkTieredBackup/RestoreDrills', metricName: 'RestoreSucceeded', dimensions: { Tier: tier }, time: dayAgo, value: 1 },
  ];
  const env = {
    ...awsTestEnv(),
    AWS_REGION: region ?? 'us-east-1',
    ENDPOINT: dlm.url,
    POLICIES: String(dlm.policies.length),
    CLOUDWATCH_ENDPOINT: cloudwatch.url,
    RESTORE_TIER: tier,
  };
  console.log(Object.entries(env).map(([k, v]) => `${k}='${v}'`).join(' '));
  process.stdin.resume();
  process.stdin.on('end', () => void Promise.all([dlm.close(), cloudwatch.close()]));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
