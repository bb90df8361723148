/**
 * Reads V8 CPU profiles (`node --cpu-prof`) and says where the time went: self time by
 * package (this library, aws-cdk-lib's core, its CloudFormation validator, node internals,
 * ...) and the functions with the most self time.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './prepare';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** Self time of one function. */
export interface HotFunction {
  readonly name: string;
  readonly where: string;
  readonly group: string;
  readonly selfMs: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  /** Self time by group, largest first. */
  readonly groups: Array<{ group: string; selfMs: number }>;
  readonly top: HotFunction[];
}

/** Which package a script URL belongs to. */
export function groupOf(url: string): string {
  const u = url.replace(/^file:\/\//, '');
  if (u === '') return '(native / gc / idle)';
  if (u.startsWith('wasm://')) return 'WebAssembly (the CloudFormation validator\'s rules engine)';
  if (u.startsWith('node:')) return 'node internals';
  if (u.startsWith(path.join(ROOT, 'lib') + path.sep)) return 'cdk-tiered-backup (lib/)';
  if (u.includes('/tmp/bench-children/')) return 'bench app code';
  const nm = u.lastIndexOf('/node_modules/');
  if (nm < 0) return 'other';
  const rest = u.slice(nm + '/node_modules/'.length).split('/');
  const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  if (pkg !== 'aws-cdk-lib') return pkg === '@aws/cloudformation-validate' ? `${pkg} (the synth-time validator)` : pkg;
  const sub = rest[1];
  if (sub === 'core') return /\/core\/lib\/validation\//.test(u) ? 'aws-cdk-lib core (validation)' : 'aws-cdk-lib core';
  return sub.startsWith('aws-') ? `aws-cdk-lib/${sub}` : `aws-cdk-lib (${sub})`;
}

export function summarizeProfile(file: string, topN = 12): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const groups = new Map<string, number>();
  const functions = new Map<string, HotFunction>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const group = groupOf(url);
    const ms = us / 1000;
    total += ms;
    groups.set(group, (groups.get(group) ?? 0) + ms);
    const where = url ? `${shortPath(url)}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const prev = functions.get(key);
    functions.set(key, { name: functionName || '(anonymous)', where, group, selfMs: (prev?.selfMs ?? 0) + ms });
  }
  return {
    file: path.relative(ROOT, file),
    totalMs: total,
    groups: [...groups.entries()].map(([group, selfMs]) => ({ group, selfMs })).sort((a, b) => b.selfMs - a.selfMs),
    // the validator's WebAssembly, GC and idle are in `groups`; `top` is the JavaScript
    top: [...functions.values()].filter((f) => !/^WebAssembly|^\(native/.test(f.group)).sort((a, b) => b.selfMs - a.selfMs).slice(0, topN),
  };
}

function shortPath(url: string): string {
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) return u.slice(nm + '/node_modules/'.length);
  return u.startsWith(ROOT) ? path.relative(ROOT, u) : u;
}

/**
 * One summary of several profiles of the same run: per group the smallest self time (the
 * least disturbed by other load), the functions of the run with the smallest total.
 */
export function leastDisturbed(profiles: ProfileSummary[]): ProfileSummary {
  const groups = [...new Set(profiles.flatMap((p) => p.groups.map((g) => g.group)))].map((group) => ({
    group,
    selfMs: Math.min(...profiles.map((p) => p.groups.find((g) => g.group === group)?.selfMs ?? 0)),
  })).sort((a, b) => b.selfMs - a.selfMs);
  const best = [...profiles].sort((a, b) => a.totalMs - b.totalMs)[0];
  return { file: profiles.map((p) => p.file).join(', '), totalMs: groups.reduce((t, g) => t + g.selfMs, 0), groups, top: best.top };
}
