# shellcheck shell=bash

hook_check() {
  local tool m ok=0
  for tool in fsfreeze mountpoint; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      log "ERROR: $tool (util-linux) is not installed"
      ok=1
    fi
  done
  [ "$ok" -eq 0 ] || return 1
  for m in "${HOOK_MOUNTS[@]}"; do
    if ! mountpoint -q "$m"; then
      log "ERROR: $m is not a mount point"
      ok=1
    fi
  done
  return "$ok"
}

hook_probe() {
  log "INFO: would freeze" "${HOOK_MOUNTS[@]}"
}

# Freezes in order, recording each frozen mount point (index) in the state file 'frozen', so
# that whoever thaws (the holder, a post-script, the watchdog) thaws exactly those; on a failure
# thaws what it froze and fails.
hook_acquire() {
  local m i
  : >"$HOOK_STATE_DIR/frozen"
  for ((i = 0; i < ${#HOOK_MOUNTS[@]}; i++)); do
    m=${HOOK_MOUNTS[i]}
    if fsfreeze --freeze "$m"; then
      printf '%s\n' "$i" >>"$HOOK_STATE_DIR/frozen"
      log "INFO: froze $m"
    else
      log "ERROR: could not freeze $m"
      fs_thaw >/dev/null
      return 1
    fi
  done
}

# Thaws the recorded mount points in reverse order; those that fail stay recorded. Sets
# FS_THAWED, FS_NOT_FROZEN (someone thawed it before us) and FS_FAILED (counts).
fs_thaw() {
  local i m out keep=()
  local -a frozen=()
  FS_THAWED=0 FS_NOT_FROZEN=0 FS_FAILED=0
  if [ -f "$HOOK_STATE_DIR/frozen" ]; then
    mapfile -t frozen <"$HOOK_STATE_DIR/frozen"
  fi
  for ((i = ${#frozen[@]} - 1; i >= 0; i--)); do
    case ${frozen[i]} in '' | *[!0-9]*) continue ;; esac
    m=${HOOK_MOUNTS[${frozen[i]}]}
    if out=$(LC_ALL=C fsfreeze --unfreeze "$m" 2>&1); then
      log "INFO: thawed $m"
      FS_THAWED=$((FS_THAWED + 1))
    elif [[ $out == *'Invalid argument'* ]]; then
      log "ERROR: $m was not frozen any more (thawed by someone else)"
      FS_NOT_FROZEN=$((FS_NOT_FROZEN + 1))
    else
      printf '%s\n' "$out"
      log "ERROR: could not thaw $m"
      FS_FAILED=$((FS_FAILED + 1))
      keep=("${frozen[i]}" "${keep[@]}")
    fi
  done
  if [ "${#keep[@]}" -gt 0 ]; then printf '%s\n' "${keep[@]}" >"$HOOK_STATE_DIR/frozen"; else : >"$HOOK_STATE_DIR/frozen"; fi
}

# Thaws in reverse order: 0 thawed, 4 thawed but one had been thawed before (the freeze did
# not hold), 1 a thaw failed (the mount point stays recorded, to be thawed again).
hook_release() {
  fs_thaw
  [ "$FS_FAILED" -eq 0 ] || return 1
  [ "$FS_NOT_FROZEN" -eq 0 ] || return 4
}

# The holder is gone (SIGKILL), or a thaw failed before: thaw what is still recorded.
# 0 thawed something, 3 nothing was frozen any more, 1 a thaw failed.
hook_orphaned() {
  fs_thaw
  [ "$FS_FAILED" -eq 0 ] || return 1
  [ "$FS_THAWED" -gt 0 ] || return 3
}

