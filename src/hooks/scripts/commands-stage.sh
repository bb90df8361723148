# shellcheck shell=bash
# Only pre or only post commands: run by the pre-script or the post-script itself.

hook_pre() {
  if [ -n "${HOOK_PRE_COMMANDS+set}" ]; then
    commands_run pre "$HOOK_PRE_COMMANDS"
  else
    log "INFO: no pre-script commands"
  fi
}

hook_post() {
  if [ -n "${HOOK_POST_COMMANDS+set}" ]; then
    commands_run post "$HOOK_POST_COMMANDS"
  else
    log "INFO: no post-script commands"
  fi
}
