/**
 * For the packed-package check (scripts/packed/smoke.sh): serves, on 127.0.0.1, the DLM
 * policies of a synthesized app as DLM would return them once CloudFormation deployed them,
 * through the tests' local DLM endpoint (test/cli/fake-dlm.ts, SigV4 checked). Prints one line
 * of shell assignments (endpoint and test credentials), then serves until stdin closes.
 *
 *   ts-node -T scripts/packed/fake-dlm-server.ts <cdk.out>
 */
import * as fs from 'fs';
import * as path from 'path';
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
  const env = { ...awsTestEnv(), AWS_REGION: region ?? 'us-east-1', ENDPOINT: dlm.url, POLICIES: String(dlm.policies.length) };
  console.log(Object.entries(env).map(([k, v]) => `${k}='${v}'`).join(' '));
  process.stdin.resume();
  process.stdin.on('end', () => void dlm.close());
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
