# shellcheck shell=bash

# ---- pre-script, post-script, dry-run -----------------------------------------------------------
do_pre() {
  hook_check || die 206 "$HOOK_WHAT is not ready for the pre-script"
  hook_pre || die 201 "pre-script failed"
  log "INFO: pre-script done"
}

do_post() {
  hook_check || die 206 "$HOOK_WHAT is not ready for the post-script"
  hook_post || die 202 "post-script failed"
  log "INFO: post-script done"
}

do_dry_run() {
  log "INFO: dry-run: checking that $HOOK_WHAT can run; nothing is changed"
  hook_check || die 206 "$HOOK_WHAT is not ready"
  hook_probe || die 206 "$HOOK_WHAT is not ready"
  log "INFO: dry-run done"
}
