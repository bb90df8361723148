# shellcheck shell=bash
# Pre and post commands, with a holder between them (and the auto thaw).

# Any failure of the pre commands is a failed pre-script (201), whatever their exit status.
hook_acquire() {
  commands_run pre "$HOOK_PRE_COMMANDS" || return 1
}

# Runs the post commands; HOOK_RELEASE_REASON says why (released, auto-thawed, ...). Any
# failure is a failed thaw (retried).
hook_release() {
  HOOK_RELEASE_REASON=${1:-released} commands_run post "$HOOK_POST_COMMANDS" || return 1
}

# The holder vanished before the post commands ran, or they failed before: run them (again);
# HOOK_RELEASE_REASON is orphaned, auto-thawed (by the watchdog) or retry.
hook_orphaned() {
  HOOK_RELEASE_REASON=${1:-orphaned} commands_run post "$HOOK_POST_COMMANDS" || return 1
}
