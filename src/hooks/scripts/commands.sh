# shellcheck shell=bash
# Your own commands: HOOK_PRE_COMMANDS and HOOK_POST_COMMANDS (for the stages given), verbatim in
# single quotes in the generated preamble; they expand only when they run.

# Runs stage $1's commands $2; the first failing one fails them.
commands_run() {
  HOOK_STAGE=$1 "$BASH" -e -o pipefail -c "$2" "cdk-tiered-backup-$1"
}

hook_check() {
  return 0
}

# Checks the commands' syntax without running them.
hook_probe() {
  local ok=0
  if ! "$BASH" -n -c "${HOOK_PRE_COMMANDS-}"; then
    log "ERROR: the pre commands have a syntax error"
    ok=1
  fi
  if ! "$BASH" -n -c "${HOOK_POST_COMMANDS-}"; then
    log "ERROR: the post commands have a syntax error"
    ok=1
  fi
  return "$ok"
}
