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
  // lib/*.js without inline source maps: they doubled lib/ in the tarball, and the compiled
  // JavaScript (not minified) reads well enough in a stack trace
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: false } },

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

  // The CLI (src/cli) is not part of the jsii module: esbuild bundles it, with its only
  // dependencies @aws-sdk/client-dlm, @aws-sdk/client-ec2 and @aws-sdk/client-cloudwatch, into the single file lib/cli/main.js (task bundle:cli,
  // run after compile). So the package has no runtime dependencies and nothing to bundle,
  // and importing the constructs never loads the AWS SDK.
  excludeTypescript: ['src/cli/**'],
  bin: { 'cdk-tiered-backup': 'lib/cli/main.js' },

  // The tarball is an allowlist (package.json `files`), not an .npmignore: what is not listed
  // is not shipped. test/package.test.ts and scripts/check-package.ts hold it to that.
  npmignoreEnabled: false,

  devDeps: [
    '@aws-sdk/client-dlm@^3',
    '@aws-sdk/client-ec2@^3',
    '@aws-sdk/client-cloudwatch@^3',
    'esbuild@^0.28',
    // restore drills: the state machine definition is checked and executed offline
    'asl-validator@^4',
    'aws-local-stepfunctions@^3',
    // JSONata expressions of the monitoring check and the drills, evaluated offline in the tests
    'jsonata@^2',
    'aws-cdk-lib@2.276.0',
    'cdk-nag@^3',
    'constructs@10.5.1',
    'ajv@^8.17.1',
    'fast-check@^4',
    // jest's transformer (see below): transpiles each test and source file in about a tenth of
    // ts-jest's time; the test task type-checks the tests with tsc
    '@swc/core@^1',
    '@swc/jest@^0.2',
    'istanbul-lib-instrument@^6',
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
      // one worker per core for a bare `npx jest` (jest reads a percentage over 100% as that
      // many workers: '150%' is 150); `npx projen test` asks for one and a half per core
      // (scripts/run-tests.js)
      maxWorkers: '100%',
      // ...except the files that share the real database servers: one at a time (test/setup)
      setupFilesAfterEnv: ['<rootDir>/test/setup/serial-groups.ts'],
      // The harness keeps aws-cdk-lib's validator, made by a worker's first test file, for the
      // worker's later files (test/harness/worker-cache.ts); jest must not empty that first
      // file's global scope behind it (its perf counters live there).
      testEnvironmentOptions: { globalsCleanup: 'off' },
    },
  },
  // jest transpiles file by file without types (swc), so the test task type-checks the tests
  typecheckTests: true,

  gitignore: ['/tmp/', 'cdk.out/', '.ts-node/'],
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'build-tools', 'projenrc', 'scripts'],
  },
});

// Jest transpiles with swc instead of ts-jest (same output target as tsc: ES2022 with define
// semantics for class fields, CommonJS); the types are checked once by tsc in the test task.
// Coverage: istanbul instruments the library's files only (test/setup/transform.js), instead of
// V8's block coverage of everything the process runs, which made the run 70% slower.
project.tryFindObjectFile('package.json')?.addOverride('jest.transform', {
  '^.+\\.[t]sx?$': ['<rootDir>/test/setup/transform.js', {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022', transform: { useDefineForClassFields: true } },
    module: { type: 'commonjs' },
  }],
});
project.tryFindObjectFile('package.json')?.addOverride('jest.coverageProvider', 'babel');
project.tryFindObjectFile('package.json')?.addOverride('jest.collectCoverageFrom', ['src/**/*.ts']);

// `npx projen test` runs its three checks side by side (scripts/run-tests.js): the type check
// of the tests, jest, and eslint, the first and last at a lower CPU priority.
project.testTask.reset('node scripts/run-tests.js', { receiveArgs: true });
project.testTask.description = 'Type-check the tests, run jest and eslint, side by side';

// The registry lacks some non-Linux platform packages of the newest unrs-resolver
// (pulled in by eslint-import-resolver-typescript): `npm ci` fails with
// "Missing: @unrs/resolver-binding-... from lock file". Pin the newest complete version.
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// The layers of ../ARCHITECTURE.md, enforced: arrows point down only. (No import cycle is
// test/import-cycles.test.ts: eslint's import/no-cycle took three quarters of the lint's time.)
const LAYERS = ['common', 'dlm', 'hooks', 'backup', 'tiers', 'monitoring', 'restore', 'compliance', 'cli'];
const layer = (name: string) => `./src/${name}`;
const above = (...names: string[]) => LAYERS.filter((l) => names.includes(l)).map(layer);
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: [
      {
        target: layer('common'),
        from: above('dlm', 'hooks', 'backup', 'tiers', 'monitoring', 'restore', 'compliance', 'cli'),
        message: 'common/ holds engine-neutral values and imports no other layer (ARCHITECTURE.md)',
      },
      {
        target: [layer('dlm'), layer('backup'), layer('hooks')],
        from: above('tiers', 'monitoring', 'restore', 'compliance'),
        message: 'dlm/, backup/ and hooks/ know nothing of tiers, monitoring, restore drills or compliance (ARCHITECTURE.md)',
      },
      {
        target: [layer('dlm'), layer('backup')],
        from: layer('hooks'),
        message: 'hooks implement the ISnapshotScript seam of dlm/; the engines never import them (ARCHITECTURE.md)',
      },
      {
        target: layer('tiers'),
        from: above('hooks', 'monitoring', 'restore', 'compliance'),
        message: 'tiers use dlm/, backup/ and the ISnapshotScript seam; never hooks/, and nothing above them (ARCHITECTURE.md)',
      },
      {
        target: layer('compliance'),
        from: above('monitoring', 'restore'),
        message: 'compliance/ (report, controls, StackSets) learns about monitoring and restore drills only through the ReportSections seam they register with (ARCHITECTURE.md)',
      },
      {
        target: [...LAYERS.filter((l) => l !== 'cli').map(layer), './src/index.ts'],
        from: layer('cli'),
        message: 'nothing but the bin loads the CLI: importing the constructs never loads the AWS SDK (ARCHITECTURE.md)',
      },
    ],
  }],
});

// What the npm package ships, and nothing else. README.md, LICENSE and package.json are always
// packed by npm. The docs image is the one README.md shows.
project.package.addField('files', [
  'lib/**/*.js',
  'lib/**/*.d.ts',
  'lib/cli/THIRD-PARTY-LICENSES.txt',
  'lib/hooks/scripts/*.sh',
  '.jsii',
  'API.md',
  'docs/plan-timeline.png',
]);

// The CLI as one file: src/cli/main.ts and everything it imports (@aws-sdk/client-dlm included),
// with the licences of the bundled packages beside it.
const bundleCli = project.addTask('bundle:cli', {
  description: 'Bundle the command-line tool into lib/cli/main.js (one file, no runtime dependencies)',
  exec: 'ts-node -T scripts/bundle-cli.ts',
});
project.postCompileTask.spawn(bundleCli);

// The hooks' shell scripts are real .sh files (src/hooks/scripts/, checked by shellcheck and
// bash -n in CI) that the hook constructs read when they render a document; jsii compiles only
// TypeScript, so they are copied next to the compiled code.
const copyScripts = project.addTask('copy:scripts', {
  description: 'Copy src/hooks/scripts/*.sh to lib/hooks/scripts/',
  exec: 'node -e "const fs=require(\'fs\');const s=\'src/hooks/scripts\',d=\'lib/hooks/scripts\';fs.rmSync(d,{recursive:true,force:true});'
    + 'if(fs.existsSync(s)){fs.mkdirSync(d,{recursive:true});for(const f of fs.readdirSync(s))if(f.endsWith(\'.sh\'))fs.copyFileSync(s+\'/\'+f,d+\'/\'+f)}"',
});
project.postCompileTask.spawn(copyScripts);
// What the CLI imports is bundled into it at build time, so it may come from devDependencies.
project.eslint?.addOverride({
  files: ['src/cli/**/*.ts'],
  rules: {
    'import/no-extraneous-dependencies': ['error', { devDependencies: true, optionalDependencies: false, peerDependencies: true }],
  },
});

// The CloudFormation registry schemas the conformance harness reads live in the repository
// (test/harness/schemas). Refresh them from a folder of AWS's schemas (cfn/, cfn-enhanced/):
//   npx projen schemas:refresh -- <folder> [AWS::Service::Type ...]
project.addTask('schemas:refresh', {
  description: 'Copy the CloudFormation registry schemas the tests need from a folder of AWS schemas into test/harness/schemas',
  exec: 'ts-node -T scripts/refresh-schemas.ts',
  receiveArgs: true,
});

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
