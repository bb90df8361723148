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

/** The first line of every piece but the header: it tells ShellCheck the dialect. Not rendered. */
const DIRECTIVE = '# shellcheck shell=bash\n';

/** `lib/hooks/scripts` next to the compiled `lib/hooks/private` (or `src/...` under ts-jest). */
const SCRIPTS_DIR = path.join(__dirname, '..', 'scripts');

const cache = new Map<string, string>();

/** The text of `src/hooks/scripts/<name>`, without its ShellCheck directive line. */
export function readScript(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = fs.readFileSync(path.join(SCRIPTS_DIR, name), 'utf8');
    if (text.startsWith(DIRECTIVE)) text = text.slice(DIRECTIVE.length);
    cache.set(name, text);
  }
  return text;
}
