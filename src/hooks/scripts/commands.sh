# shellcheck shell=bash

# Your own commands. The generated preamble sets HOOK_STAGES (the stages given: pre, post or
# both) and, for each, HOOK_PRE_COMMANDS / HOOK_POST_COMMANDS: the commands verbatim, in single
# quotes (they expand when they run); the run and the syntax check both read them.

# Runs the commands of stage $1 (pre or post) in a bash of their own, stopping at the first
# failing command.
commands_run() {
  local var=HOOK_${1^^}_COMMANDS
  HOOK_STAGE=$1 "$BASH" -e -o pipefail -c "${!var}" "cdk-tiered-backup-$1"
}

hook_check() {
  return 0
}

# Checks the commands' syntax without running them.
hook_probe() {
  local ok=0 stage var
  for stage in "${HOOK_STAGES[@]}"; do
    var=HOOK_${stage^^}_COMMANDS
    if ! "$BASH" -n -c "${!var}"; then
      log "ERROR: the $stage commands have a syntax error"
      ok=1
    fi
  done
  return "$ok"
}
