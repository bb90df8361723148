/**
 * The hooks layer exports its public names one by one: at run time its index holds exactly the
 * hook construct and the quiescer class, and none of the internals (script assembly, quoting,
 * connection timeouts, PostgreSQL's application name and backup label, path checks).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as root from '../../src';
import * as hooks from '../../src/hooks';

describe('run-time exports of the hooks index', () => {
  test('the hook and the quiescer, nothing else', () => {
    expect(Object.keys(hooks).sort()).toEqual(['ConsistentBackupHook', 'Quiescer']);
  });

  test('no internal reaches the package root', () => {
    for (const name of [
      'CONNECT_TIMEOUT_SECONDS', 'PG_APPLICATION_NAME', 'PG_BACKUP_LABEL', 'checkPath', 'shellQuote', 'renderScript', 'readScript',
      'EXIT', 'EXIT_TABLE', 'HOLDER_MARK', 'WATCHDOG_MARK',
    ]) {
      expect({ name, exported: name in root }).toEqual({ name, exported: false });
    }
  });

  test('ConsistentBackupHook makes generated documents only: the DLM-provided and existing-document scripts are SnapshotScript\'s', () => {
    const statics = Object.getOwnPropertyNames(hooks.ConsistentBackupHook).filter((n) => !['length', 'name', 'prototype'].includes(n)).sort();
    expect(statics).toEqual(['commands', 'fsfreeze', 'mysql', 'postgresql']);
    expect(Object.getOwnPropertyNames(root.SnapshotScript).filter((n) => ['windowsVss', 'sapHana', 'fromSsmDocument'].includes(n)).sort())
      .toEqual(['fromSsmDocument', 'sapHana', 'windowsVss']);
  });
});

describe('the shell scripts are files of their own', () => {
  const dir = path.resolve(__dirname, '../../src/hooks/scripts');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sh')).sort();

  test('every piece the construct reads is there, and each declares its dialect for ShellCheck', () => {
    expect(files).toEqual([
      'commands-hold.sh', 'commands-stage.sh', 'commands.sh', 'common.sh', 'db-checks.sh', 'db-credentials.sh', 'db-no-credentials.sh',
      'db-session.sh', 'decode-setting.sh', 'fsfreeze.sh', 'header.sh', 'holder.sh', 'main.sh', 'mysql-password.sh', 'mysql.sh',
      'postgresql.sh', 'simple.sh',
    ]);
    for (const file of files) {
      const first = fs.readFileSync(path.join(dir, file), 'utf8').split('\n')[0];
      expect({ file, first }).toEqual({ file, first: file === 'header.sh' ? '#!/bin/bash' : '# shellcheck shell=bash' });
    }
  });

  test('no TypeScript under src/hooks holds a function body of bash beyond the generated data-only ones', () => {
    const sources = ['hook.ts', 'private/render.ts', 'quiescers/commands.ts', 'quiescers/fsfreeze.ts', 'quiescers/mysql.ts', 'quiescers/postgresql.ts'];
    const functions = sources.flatMap((f) => fs.readFileSync(path.resolve(__dirname, '../../src/hooks', f), 'utf8').match(/^[a-z_]+\(\) \{$/gm) ?? []);
    expect(functions.sort()).toEqual(['db_client() {', 'db_client() {']);
  });
});
