/** The shape of bench/results.json, and what the children report. */
import type { ChildUsage } from './child';
import type { CompileOutcome } from './prepare';
import type { ProfileSummary } from './profile';
import type { Summary } from './stats';

/** children/library-app.ts and children/raw-app.ts */
export interface SynthResult extends ChildUsage {
  /** When the modules were loaded, ms since the process started. */
  readonly loadedAtMs: number;
  /** Building the constructs. */
  readonly buildMs: number;
  /** `app.synth()`. */
  readonly synthMs: number;
  readonly template: string;
}

export interface SynthSample {
  readonly round: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssKb: number;
  readonly loadedAtMs: number;
  readonly buildMs: number;
  readonly synthMs: number;
  /** aws-cdk-lib's `validateTemplates` phase of the synth (the plugins, the CloudFormation validator). */
  readonly validateMs: number;
  /** Of which `CloudFormationValidate.validate`. */
  readonly cfnValidateMs: number;
}

export interface SideSummary {
  readonly wallMs: Summary;
  /** Medians: */
  readonly cpuMs: number;
  readonly maxRssKb: number;
  readonly loadedAtMs: number;
  readonly buildMs: number;
  readonly synthMs: number;
  readonly validateMs: number;
  /** Wall time minus the validation phase, per run. */
  readonly withoutValidationMs: number;
}

export interface SynthSize {
  readonly n: number;
  readonly raw: SideSummary;
  readonly library: SideSummary;
  /** median(library wall) / median(raw wall): the issue's ratio. */
  readonly wallRatio: number;
  /** library/raw wall of the same round, over the rounds. */
  readonly pairedWallRatio: Summary;
  /** min(library wall) / min(raw wall): the least disturbed runs. */
  readonly minWallRatio: number;
  /** The ratio of wall time minus aws-cdk-lib's validation phase (the same work on both sides). */
  readonly withoutValidationRatio: number;
  readonly cpuRatio: number;
  readonly rssRatio: number;
  /** In-process build + synth (no process start, no module loading). */
  readonly appRatio: number;
  readonly dlmIdentical: boolean;
  readonly templateIdentical: boolean;
  readonly samples: { readonly raw: SynthSample[]; readonly library: SynthSample[] };
}

export interface SingleThreadedDiagnosis {
  readonly n: number;
  readonly rounds: number;
  readonly raw: SideSummary;
  readonly library: SideSummary;
  readonly wallRatio: number;
  readonly cpuRatio: number;
  /** Medians of `CloudFormationValidate.validate`. */
  readonly cfnValidateMs: { readonly raw: number; readonly library: number };
}

export interface SynthSection {
  readonly goalRatio: number;
  readonly rounds: number;
  readonly pass: boolean;
  readonly sizes: SynthSize[];
  readonly loadBefore: number[];
  readonly loadAfter: number[];
}

/** children/tiers.ts */
/** One tier's share of a synthesized template. */
export interface TierRow {
  readonly tier: string;
  readonly rungs: number;
  readonly archive: boolean;
  /** ⌈rungs/4⌉, and one more policy for an archived rung (which gets its own). */
  readonly expectedPolicies: number;
  /** DLM policies in the template that target the tier tag. */
  readonly policies: number;
  /** Schedules of those policies. */
  readonly schedules: number;
  readonly assignedVolumes: number;
}

/** One synthesized tier configuration (bench/children/tiers.ts). */
export interface TierConfigRow {
  readonly config: string;
  readonly volumes: number;
  /** Resources of the whole assembly, by group. */
  readonly resources: { [group: string]: number };
  /** Resources of the stack that holds the `TieredBackup`: what the tiers compile to. */
  readonly tierStackResources: number;
  readonly tierStackBytes: number;
  /** The stacks that hold the volumes (at most VOLUMES_PER_STACK each), all together. */
  readonly volumeStacks: number;
  readonly volumeStackBytes: number;
  /** Of the volume stacks' bytes, the tier tags on the volumes (what `assign()` adds per volume). */
  readonly tierTagBytes: number;
  /** Outputs and `Fn::ImportValue`s anywhere: tag targeting needs no reference to a volume. */
  readonly crossStackReferences: number;
  readonly tiers: TierRow[];
  readonly warnings: string[];
  readonly buildMs: number;
  readonly synthMs: number;
}

export interface LadderRow {
  readonly tier: string;
  readonly rungs: number;
  readonly archive: boolean;
  readonly expectedPolicies: number;
  readonly policies: number;
  readonly schedulesPerPolicy: number[];
  readonly warnings: string[];
}

export interface TiersResult {
  readonly available: boolean;
  readonly reason?: string;
  readonly rows?: TierConfigRow[];
  readonly ladders?: LadderRow[];
  readonly errors?: string[];
}

/** children/import.ts */
export interface ImportResult extends ChildUsage {
  readonly variant: string;
  readonly startedAtMs: number;
  readonly requireMs: number;
  readonly modules: number;
  readonly awsSdkModules: string[];
  readonly smithyModules: string[];
  readonly libraryModules: number;
  readonly cliModules: string[];
  readonly cdkSubmodules: string[];
}

export interface ImportVariant {
  readonly key: string;
  readonly label: string;
  readonly wallMs: Summary;
  readonly requireMs: Summary;
  readonly maxRssKb: number;
  readonly modules: number;
  readonly awsSdkModules: string[];
  readonly smithyModules: string[];
  readonly cliModules: string[];
  readonly libraryModules: number;
}

export interface ImportSection {
  readonly rounds: number;
  readonly variants: ImportVariant[];
  readonly libraryCdkSubmodules: string[];
  readonly noAwsSdk: boolean;
  readonly requireRatioVsCore: number;
  readonly libraryOwnRequireMs: number;
  readonly loadBefore: number[];
  readonly loadAfter: number[];
}

/** children/validation.ts */
export interface ValidationResult extends ChildUsage {
  readonly loadedAtMs: number;
  readonly cases: number;
  readonly seed: number;
  readonly kinds: { [kind: string]: number };
  readonly schedules: number;
  readonly buildMs: number[];
  readonly synthMs: number[];
  readonly failures: string[];
  /** Warnings in the assemblies, by acknowledgement ID (or text). */
  readonly warnings: { [id: string]: number };
  /** The cron gap analysis of one expression it has not seen before (no memo hit). */
  readonly cronAnalysisMs: number[];
}

export interface ValidationSection {
  readonly cases: number;
  readonly seed: number;
  readonly kinds: { [kind: string]: number };
  readonly schedules: number;
  readonly failures: string[];
  readonly warnings: { [id: string]: number };
  readonly buildMs: Summary;
  /** The case with the longest build + synth (0-based). */
  readonly slowestCase: number;
  readonly synthMs: Summary;
  readonly caseMs: Summary;
  /** The cron gap analysis of a fresh expression (goal: a few milliseconds). */
  readonly cronAnalysisMs: Summary;
  readonly caseMeanMs: number;
  readonly casesSeconds: number;
  /** Process start to the first case: ts-node, the generator, aws-cdk-lib, the library. */
  readonly setupMs: number;
  readonly wallMs: number;
  readonly maxRssKb: number;
  readonly loadBefore: number[];
  readonly loadAfter: number[];
}

export interface SuiteTiming {
  readonly label: string;
  readonly command: string;
  /** One measurement, or a [min, max] range of several. */
  readonly seconds: number | [number, number];
  readonly exitCode?: number;
  readonly date: string;
  readonly measuredBy: string;
  readonly cores: number;
  readonly loadBefore?: number[];
  readonly loadAfter?: number[];
}

/** One `bash .ci/run` in a fresh clone. */
export interface SuiteRound {
  readonly ciSeconds: number;
  /** `npx projen test` inside it (its "tests took N s" line). */
  readonly testSeconds: number;
  readonly exitCode: number;
  readonly passed: number;
  readonly failed: number;
  readonly steps: Array<{ readonly step: string; readonly seconds: number }>;
  readonly date: string;
  readonly loadBefore: number[];
  readonly loadAfter: number[];
}

/** One phase of `npx projen test`, run on its own. */
export interface SuitePhase {
  readonly phase: string;
  readonly command: string;
  readonly seconds: number;
  readonly exitCode: number;
}

/** A test file's time in jest (its worker's wall time for the file). */
export interface SuiteFileTime {
  readonly file: string;
  readonly seconds: number;
  readonly tests: number;
}

export interface CpuCategory {
  readonly category: string;
  readonly seconds: number;
}

/** Where the jest run's CPU time goes (lib/cpu-profile.ts): one `node --cpu-prof` jest run, in band. */
export interface CpuAttribution {
  /** The command (in the clone) that reproduces it. */
  readonly command: string;
  readonly exitCode: number;
  /** Self time of the jest process's main thread by category, sampled. */
  readonly categories: CpuCategory[];
  /** Every category but idle and waiting on child processes. */
  readonly cpuSeconds: number;
  readonly sampledSeconds: number;
  /** The validator's share: its engine's start-up, per-template validation, the rest (module compile, glue). */
  readonly validator: { readonly startupSeconds: number; readonly validationSeconds: number; readonly otherSeconds: number };
  /** User + system CPU time of the jest process (every thread) and the processes it waited for, from bash's `times`. */
  readonly processCpuSeconds?: number;
  readonly wallSeconds: number;
  readonly testFiles: number;
  readonly tests: number;
  /** `tsc --noEmit -p test/tsconfig.json`: the type-check phase's figure (not measured twice). */
  readonly typeCheckSeconds?: number;
  /** test/hooks/*.db.test.ts in the jest phase's junit: the sum of their wall times (they run one after another). */
  readonly databaseTests?: { readonly seconds: number; readonly files: number };
}

export interface SuiteSection {
  readonly source: string;
  /** The headline figures (medians where there are rounds). */
  readonly timings: SuiteTiming[];
  readonly rounds?: SuiteRound[];
  readonly phases?: SuitePhase[];
  readonly slowestFiles?: SuiteFileTime[];
  readonly testFiles?: number;
  /** CPU attribution of a jest run (no hook tests, in band, no coverage); absent in files of before it existed. */
  readonly cpu?: CpuAttribution;
  /** Read from bench/suite-times.json, not measured by this run. */
  readonly lastMeasured?: boolean;
}

export interface Results {
  readonly meta: {
    readonly date: string;
    readonly cpuModel: string;
    readonly cores: number;
    readonly node: string;
    readonly platform: string;
    readonly totalMemoryMb: number;
    readonly awsCdkLib: string;
    readonly commit: string;
    /** Uncommitted changes under src/ (files), when measured. */
    readonly srcChanges: number;
    readonly loadStart: number[];
    loadEnd?: number[];
  };
  readonly settings: {
    readonly rounds: number;
    readonly sizes: number[];
    readonly importRounds: number;
    readonly cases: number;
    readonly seed: number;
    readonly volumes: number[];
    readonly only: string[];
  };
  compile?: CompileOutcome;
  synth?: SynthSection;
  profile?: { readonly n: number; readonly reason: string; readonly runs: number; readonly library: ProfileSummary; readonly raw: ProfileSummary };
  singleThreaded?: SingleThreadedDiagnosis;
  tiers?: TiersResult;
  import?: ImportSection;
  validation?: ValidationSection;
  suite?: SuiteSection;
  /** Optional parts left out for time. */
  skipped?: string[];
  elapsedSeconds?: number;
}
