/** DLM's exit codes for pre/post scripts (EBS user guide, and ../shared/schemas/ssm/CONTRACT.md). */
export const EXIT = {
  INVALID_COMMAND: 1,
  PRE_FAILED: 201,
  POST_FAILED: 202,
  AUTO_THAWED: 203,
  ALREADY_FROZEN: 204,
  ALREADY_THAWED: 205,
  NOT_READY: 206,
} as const;

/**
 * The exit codes and what each means here: the scripts' header and docs/security.md print this
 * table (a test checks that both agree).
 */
export const EXIT_TABLE: ReadonlyArray<readonly [number, string]> = [
  [0, 'success; a post-script\'s 0 means the freeze/lock held from the pre-script until the post-script'],
  [EXIT.INVALID_COMMAND, 'invalid command parameter'],
  [EXIT.PRE_FAILED, 'pre-script failed during execution: the freeze/lock failed or timed out, or a pre command failed'],
  [EXIT.POST_FAILED, 'post-script failed during execution: the thaw failed or did not finish in time; the next post-script and the watchdog run it again'],
  [EXIT.AUTO_THAWED, 'auto thaw occurred before post-script was initiated, or the freeze/lock ended early (holder killed, session lost, thawed by hand): not application-consistent'],
  [EXIT.ALREADY_FROZEN, 'pre-script initiated while post-script was expected (already frozen); also while a failed thaw is still pending'],
  [EXIT.ALREADY_THAWED, 'post-script initiated while pre-script was expected (already thawed)'],
  [EXIT.NOT_READY, 'application not ready for pre or post-script initiation: a tool, a mount point or the database is unavailable, the state directory is unsafe, or a deploy-time setting is invalid'],
];
