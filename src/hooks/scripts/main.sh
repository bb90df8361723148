# shellcheck shell=bash

# ---- main ---------------------------------------------------------------------------------------
case ${CDK_TIERED_BACKUP_ROLE:-} in
  holder)
    load_settings || exit 1
    hold
    exit 0
    ;;
  watchdog)
    load_settings || exit 1
    watch "${2:-}"
    exit 0
    ;;
esac
case $DLM_COMMAND in
  pre-script | post-script | dry-run) ;;
  *)
    log "ERROR: invalid command parameter; use pre-script, post-script or dry-run"
    exit 1
    ;;
esac
log "INFO: $DLM_COMMAND starting ($HOOK_KIND, executionId $DLM_EXECUTION_ID)"
load_settings || die 206 "a setting resolved at deployment is not valid: refusing to run"
case $DLM_COMMAND in
  pre-script) do_pre ;;
  post-script) do_post ;;
  dry-run) do_dry_run ;;
esac
log "INFO: $DLM_COMMAND completed in ${SECONDS}s"
exit 0
