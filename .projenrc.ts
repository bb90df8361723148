import { awscdk, javascript } from 'projen';

/**
 * cdk-tiered-backup: tiered, application-consistent, DR-copied backup for AWS CDK.
 *
 * Everything projen generates (package.json, tsconfig*, .eslintrc.json, .gitignore,
 * .projen/*) is changed here and re-synthesized with `npx projen`.
 */
const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-tiered-backup',
  description:
    'Tiered, application-consistent, DR-copied EBS/EC2 backup for AWS CDK: validated L2 constructs for Amazon Data Lifecycle Manager and AWS Backup.',
  keywords: ['cdk', 'awscdk', 'aws-cdk', 'backup', 'dlm', 'data-lifecycle-manager', 'ebs', 'snapshot', 'disaster-recovery'],
  license: 'Apache-2.0',
  author: 'cdk-tiered-backup contributors',
  authorAddress: 'maintainers@cdk-tiered-backup.dev',
  repositoryUrl: 'https://github.com/cdk-tiered-backup/cdk-tiered-backup.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // aws-cdk-lib 2.262.0 is the first release that bundles AWS's offline CloudFormation
  // validator (CloudFormationValidatePlugin); the conformance harness builds on it.
  // Tests run against the newest release (2.276.0, validator 1.14), whose validator is the
  // strictest: users on current aws-cdk-lib see its warnings at every synth.
  cdkVersion: '2.262.0',
  constructsVersion: '10.5.1',
  peerDependencyOptions: { pinnedDevDependency: false },
  jsiiVersion: '~6.0.0',

  // jsii targets: configured so that jsii checks member names for every language.
  // Packaging of these targets is skipped on machines without their toolchains (CI=true).
  publishToPypi: {
    distName: 'cdk-tiered-backup',
    module: 'cdk_tiered_backup',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdktieredbackup',
    mavenGroupId: 'io.github.cdk-tiered-backup',
    mavenArtifactId: 'cdk-tiered-backup',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkTieredBackup',
    packageId: 'CdkTieredBackup',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-tiered-backup/cdk-tiered-backup-go',
  },

  // No GitHub workflows, release machinery or dependency bots here: CI is `.ci/run`.
  github: false,
  buildWorkflow: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  // The CLI's only runtime dependency; bundled because jsii accepts only jsii modules as deps.
  // The constructs never load it (only lib/cli/* does, through the `bin`).
  bundledDeps: ['@aws-sdk/client-dlm@^3'],
  bin: { 'cdk-tiered-backup': 'lib/cli/main.js' },

  devDeps: [
    'aws-cdk-lib@2.276.0',
    'cdk-nag@^3',
    'constructs@10.5.1',
    'ajv@^8.17.1',
    'fast-check@^4',
    '@types/node@^20',
  ],

  jestOptions: {
    // A snapshot mismatch must fail; accept changes deliberately with `npx projen test:update`.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // a run that finds no test is a failure, not a green build
    passWithNoTests: false,
    jestConfig: {
      // <rootDir>: CI clones into /tmp, so a bare '/tmp/' would ignore every test
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tmp/'],
      // synthesizing with the template validator is not instant on 2 cores
      testTimeout: 60_000,
      // every test file loads aws-cdk-lib afresh; recycle a worker before its heap grows too big
      workerIdleMemoryLimit: '1GB',
    },
  },
  // ts-jest runs with isolatedModules, so type errors in tests would otherwise pass
  typecheckTests: true,

  gitignore: ['/tmp/', 'cdk.out/', '.ts-node/'],
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'build-tools', 'projenrc'],
  },
});

// The registry lacks some non-Linux platform packages of the newest unrs-resolver
// (pulled in by eslint-import-resolver-typescript): `npm ci` fails with
// "Missing: @unrs/resolver-binding-... from lock file". Pin the newest complete version.
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// Benchmarks (issue #9): not part of the test run; writes bench/RESULTS.md and bench/results.json.
project.addTask('bench', {
  description: 'Measure synth overhead, tier compile size, import and validation cost against raw CloudFormation',
  exec: 'ts-node -T bench/run.ts',
  receiveArgs: true,
});

// Every test that synthesizes goes through the conformance harness (test/harness).
project.eslint?.addOverride({
  files: ['test/**/*.ts'],
  excludedFiles: ['test/harness/**'],
  rules: {
    'no-restricted-properties': ['error', {
      object: 'Template',
      property: 'fromStack',
      message: 'Synthesize through synth()/conformingTemplate() from test/harness so that every template is schema-checked.',
    }],
  },
});

project.synth();
