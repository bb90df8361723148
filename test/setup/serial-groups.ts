/**
 * Jest runs test files in parallel (one worker per core). The consistency-hook tests that use the
 * machine's real MariaDB, PostgreSQL and loop-mounted file systems (test/hooks/*.db.test.ts)
 * kill connections, freeze file systems or restart a server: two of them at once would disturb
 * each other. So each of those files holds one cross-process lock for its whole run; they run one
 * after another while the other files go on in parallel beside them. The other hook tests run
 * their scripts against shims, unreachable ports and state directories of their own (support.ts:
 * `scratchDir()`, `stateDir()`), so they need no lock.
 *
 * The lock is a directory made with mkdir (atomic) under the repository's tmp/, holding the
 * owner's pid: a lock whose owner has died (a killed worker) is taken over.
 */
import * as fs from 'fs';
import * as path from 'path';

const GROUPS: ReadonlyArray<{ readonly name: string; readonly files: RegExp }> = [
  { name: 'servers', files: /[\\/]test[\\/]hooks[\\/][^\\/]+\.db\.test\.ts$/ },
];
const LOCK_ROOT = path.resolve(__dirname, '..', '..', 'tmp', 'locks');
const WAIT_MS = 20 * 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function acquire(dir: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8'));
    } catch { /* being created or released: try again */ }
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) fs.rmSync(dir, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`waited ${WAIT_MS / 1000} s for the test lock ${dir} (held by pid ${owner})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function release(dir: string): void {
  try {
    if (Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8')) === process.pid) fs.rmSync(dir, { recursive: true, force: true });
  } catch { /* not ours, or already gone */ }
}

const testPath = expect.getState().testPath ?? '';
const group = GROUPS.find((g) => g.files.test(testPath));
if (group) {
  const dir = path.join(LOCK_ROOT, group.name);
  beforeAll(() => acquire(dir), WAIT_MS + 10_000);
  afterAll(() => release(dir));
  process.once('exit', () => release(dir));
}
