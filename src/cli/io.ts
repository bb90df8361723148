/**
 * Where the CLI reads and writes: the process's streams for the bin, buffers in tests.
 */

/** The CLI's view of its environment. */
export interface CliIo {
  /** Writes to standard output (results). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error (progress, warnings, errors). */
  readonly stderr: (text: string) => void;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** Whether standard error is a terminal (progress then updates one line in place). */
  readonly stderrIsTTY: boolean;
  /** Environment variables (AWS_MAX_ATTEMPTS). */
  readonly env: { readonly [name: string]: string | undefined };
}

/** The real process's streams. */
export function processIo(): CliIo {
  return {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
    cwd: process.cwd(),
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  };
}
