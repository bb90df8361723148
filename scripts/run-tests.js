#!/usr/bin/env node
/**
 * `npx projen test`: the three checks of the test task, side by side instead of one after the
 * other —
 *   types   tsc --noEmit -p test/tsconfig.json (jest transpiles each file alone, without types)
 *   jest    jest --ci, with the arguments given to the task (`npx projen test -- -t report`),
 *           one and a half workers per core
 *   eslint  the project's eslint task (projen eslint)
 * Jest's output streams as it runs; the other two are printed when they end, each under its
 * own heading. The type check and the linter run at a lower CPU priority, so they take the time
 * jest leaves idle (its database and watchdog tests mostly wait) rather than slowing jest down.
 * The exit code is 0 only when all three passed; the last line says which did not.
 *
 * Plain JavaScript (no ts-node), so that starting it costs nothing.
 */
'use strict';
const { spawn } = require('child_process');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
// `npx projen test -- <jest arguments>` hands the `--` over too
const given = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
// One and a half jest workers per core (3 on 2 cores), unless the arguments say otherwise: the
// hook tests spend most of their time waiting on the scripts they run (watchdogs, auto thaw,
// database sessions), and a third file uses the CPU they leave idle. On 2 cores a fresh clone
// ran the tests in 165 s with 2 workers and 119 s with 3. (Not in package.json: jest reads a
// percentage over 100% as a number of workers, '150%' as 150.)
const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
const workerArgs = given.some((a) => /^(--maxWorkers|-w|--runInBand|-i)(=|$)/.test(a)) ? [] : [`--maxWorkers=${Math.max(1, Math.floor(cores * 1.5))}`];
const jestArgs = [...workerArgs, ...given];
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const JOBS = [
  { name: 'types', command: bin('tsc'), args: ['--noEmit', '-p', 'test/tsconfig.json'], background: true },
  { name: 'jest', command: bin('jest'), args: ['--ci', ...jestArgs], background: false },
  { name: 'eslint', command: bin('projen'), args: ['eslint'], background: true },
];

function run(job) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(job.command, job.args, {
      cwd: root,
      stdio: job.background ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: process.env,
    });
    const output = [];
    if (job.background) {
      child.stdout.on('data', (chunk) => output.push(chunk));
      child.stderr.on('data', (chunk) => output.push(chunk));
      try {
        os.setPriority(child.pid, 10);
      } catch {
        // not permitted here: it runs at the normal priority, which is only slower
      }
    }
    child.on('error', (error) => {
      output.push(Buffer.from(`${job.name}: cannot start ${job.command}: ${error.message}\n`));
      resolve({ job, code: 127, seconds: (Date.now() - started) / 1000, output: Buffer.concat(output).toString() });
    });
    child.on('close', (code, signal) => {
      resolve({ job, code: code ?? (signal ? 128 : 1), signal, seconds: (Date.now() - started) / 1000, output: Buffer.concat(output).toString() });
    });
  });
}

async function main() {
  const results = await Promise.all(JOBS.map(run));
  for (const r of results.filter((x) => x.job.background)) {
    process.stdout.write(`\n--- ${r.job.name} (${[r.job.command.replace(`${root}/`, ''), ...r.job.args].join(' ')}) ---\n`);
    process.stdout.write(r.output.length > 0 ? r.output : '(no output)\n');
  }
  const verdict = (r) => `${r.job.name} ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code}${r.signal ? `, ${r.signal}` : ''})`} in ${r.seconds.toFixed(1)} s`;
  process.stdout.write(`\n${results.map(verdict).join(' · ')}\n`);
  process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;
}

void main();
