/**
 * The shell scripts under `src/hooks/scripts/` (copied to `lib/hooks/scripts/` by the build and
 * shipped in the package), read when a document is rendered (internal).
 *
 * Each file is valid bash on its own (CI runs `bash -n` and ShellCheck on every one); the
 * values a construct fills in are never spliced into them: they reach the script through the
 * settings preamble `renderScript()` generates (validated and single-quoted at synth, or
 * base64-encoded and checked on the instance).
 */
import * as fs from 'fs';
import * as path from 'path';

/**
 * The file header of every piece but `header.sh`: `# shellcheck shell=bash` (the dialect) and the
 * comment lines right after it, up to the first blank line: where a piece alone would draw a
 * finding, a file-wide `# shellcheck disable=...` with its reason (a variable another piece
 * reads), and what the file is for. The header serves the check of each file on its own and its
 * readers; it is not rendered (the assembled script is checked without it, and SSM's 64 KB
 * limit is better spent on the user's commands).
 */
const FILE_HEADER = /^# shellcheck shell=bash\n(#[^\n]*\n)*/;

/** `lib/hooks/scripts` next to the compiled `lib/hooks/private` (or `src/...` under ts-jest). */
const SCRIPTS_DIR = path.join(__dirname, '..', 'scripts');

const cache = new Map<string, string>();

/** The text of `src/hooks/scripts/<name>`, without its file header. */
export function readScript(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = fs.readFileSync(path.join(SCRIPTS_DIR, name), 'utf8');
    text = text.replace(FILE_HEADER, '');
    cache.set(name, text);
  }
  return text;
}
