# shellcheck shell=bash

# ---- state ------------------------------------------------------------------------------------
# $HOOK_STATE_DIR (root's, mode 700, on a tmpfs by default so a reboot forgets it) holds:
#   lock          flock: one pre/post-script (or watchdog action) of this hook at a time
#   holder.pid    the holder process            watchdog.pid  the watchdog process
#   status        starting | locked <epoch> | releasing <epoch> | failed | not-ready
#   release       the post-script asked         abort         the pre-script gave up
#   result        released | auto-thawed | interrupted | aborted | lost | orphan-released | release-failed
#   thaw-pending  a thaw failed and is run again (by the next post-script, pre-script or the
#                 watchdog) until it succeeds; holds the result to record then
#   holder.log    what the holder and the watchdog logged (shown by the next pre/post-script)

# Prints a state file ('' when missing).
read_state() {
  local file="$HOOK_STATE_DIR/$1"
  if [ -f "$file" ]; then
    cat "$file"
  fi
  return 0
}

# Writes a state file atomically: a fresh mktemp file renamed over it.
write_state() {
  local tmp
  tmp=$(mktemp "$HOOK_STATE_DIR/.$1.XXXXXX") || return 1
  if ! printf '%s\n' "$2" >"$tmp" || ! mv -f -- "$tmp" "$HOOK_STATE_DIR/$1"; then
    rm -f -- "$tmp"
    return 1
  fi
}

# Forgets the files of one pre/post cycle.
clear_cycle() {
  rm -f "$HOOK_STATE_DIR/status" "$HOOK_STATE_DIR/result" "$HOOK_STATE_DIR/holder.pid" \
    "$HOOK_STATE_DIR/release" "$HOOK_STATE_DIR/abort" "$HOOK_STATE_DIR/thaw-pending"
}

# True while process $1 runs (a zombie does not count).
alive() {
  local state
  state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# True when $1 is a live holder process (checked by its command line, not only its PID).
is_holder() {
  [ -n "$1" ] && grep -qa -- "$HOLDER_MARK" "/proc/$1/cmdline" 2>/dev/null && alive "$1"
}

# Prints the PID of this hook's live holder; fails when there is none.
holder_pid() {
  local pid
  pid=$(read_state holder.pid)
  case $pid in
    '' | *[!0-9]*) return 1 ;;
  esac
  is_holder "$pid" || return 1
  printf '%s\n' "$pid"
}

# Ends the holder $1 and its process group (its database client) with SIGKILL; true once gone.
kill_holder() {
  local tries=50
  kill -KILL -- "-$1" 2>/dev/null || kill -KILL "$1" 2>/dev/null
  while is_holder "$1" && [ "$tries" -gt 0 ]; do
    sleep 0.1
    tries=$((tries - 1))
  done
  ! is_holder "$1"
}

# Prints what the holder logged since the last call, then forgets it.
show_holder_log() {
  local file="$HOOK_STATE_DIR/holder.log"
  if [ -s "$file" ]; then
    sed 's/^/  holder: /' "$file"
    : >"$file"
  fi
}

# True when directory $1 is root's and writable by root only (a symbolic link is followed).
root_only_dir() {
  local owner_mode
  [ -d "$1" ] || return 1
  owner_mode=$(stat -L -c '%u %a' -- "$1") || return 1
  [ "${owner_mode% *}" = 0 ] && [ $((8#${owner_mode#* } & 8#022)) -eq 0 ]
}

# True when every directory on the existing path $1 is root's and writable by root only; a
# symbolic link on it lives in such a directory, so root made it, and its target is checked too.
safe_path() {
  local current='' part real
  local -a parts
  root_only_dir / || return 1
  IFS=/ read -r -a parts <<<"${1#/}"
  for part in "${parts[@]}"; do
    [ -n "$part" ] || continue
    current="$current/$part"
    if [ -L "$current" ]; then
      real=$(readlink -f -- "$current") || return 1
      [ "$real" != "$1" ] && safe_path "$real" || return 1
    fi
    root_only_dir "$current" || return 1
  done
}

# The nearest existing directory at or above $1.
existing_ancestor() {
  local dir=$1
  while [ ! -e "$dir" ] && [ ! -L "$dir" ]; do
    dir=${dir%/*}
    [ -n "$dir" ] || dir=/
  done
  printf '%s\n' "$dir"
}

# Checks, without changing anything, that the state directory is (or can be made) safe; prints
# why not. 0 safe, 1 unsafe.
check_state_dir() {
  local parent=${HOOK_STATE_DIR%/*} owner_mode
  [ -n "$parent" ] || parent=/
  if ! safe_path "$(existing_ancestor "$parent")"; then
    log "ERROR: the state directory's parent $parent is writable by other users than root (or is not root's): refusing to keep state there"
    return 1
  fi
  if [ -L "$HOOK_STATE_DIR" ] || { [ -e "$HOOK_STATE_DIR" ] && [ ! -d "$HOOK_STATE_DIR" ]; }; then
    log "ERROR: the state directory $HOOK_STATE_DIR is a symbolic link or not a directory: refusing to use it"
    return 1
  fi
  if [ -d "$HOOK_STATE_DIR" ]; then
    owner_mode=$(stat -c '%u %a' -- "$HOOK_STATE_DIR") || return 1
    if [ "$owner_mode" != '0 700' ]; then
      log "ERROR: the state directory $HOOK_STATE_DIR is not root's own (owner ${owner_mode% *}, mode ${owner_mode#* }): refusing to use it (remove it)"
      return 1
    fi
  fi
}

# Creates the state directory safely (parents root-only, the directory itself mode 700, no
# symbolic link followed) and takes its lock (fd 9, released when the script exits).
open_state() {
  check_state_dir || die 206 "the state directory $HOOK_STATE_DIR is not safe"
  local parent=${HOOK_STATE_DIR%/*}
  [ -n "$parent" ] || parent=/
  if [ ! -d "$parent" ] && ! mkdir -p -- "$parent"; then
    die 206 "cannot create $parent"
  fi
  if [ ! -d "$HOOK_STATE_DIR" ] && ! mkdir -m 700 -- "$HOOK_STATE_DIR"; then
    die 206 "cannot create the state directory $HOOK_STATE_DIR"
  fi
  check_state_dir || die 206 "the state directory $HOOK_STATE_DIR is not safe"
  exec 9>>"$HOOK_STATE_DIR/lock" || die 206 "cannot open $HOOK_STATE_DIR/lock"
  flock -w 5 9 || die 206 "another pre-script or post-script of this hook is still running"
}

# ---- the holder -------------------------------------------------------------------------------
# A detached process (its own session, so the end of the SSM command does not end it) that
# acquires the freeze/lock, keeps it until the post-script asks for release (file 'release' +
# SIGTERM) or the auto thaw expires, then releases it. Its exit (any cause but SIGKILL)
# releases too; a database session also ends with it, which makes the server release the lock.
# SIGKILL is the watchdog's business.
hold() {
  unset CDK_TIERED_BACKUP_ROLE
  cd / || return 1
  HOLD_SIGNALLED=0
  trap '' PIPE
  trap 'HOLD_SIGNALLED=1' TERM HUP
  trap 'hold_exit' EXIT
  write_state holder.pid "$$"
  log "INFO: holder $$ started"
  local rc=0 reason
  hook_acquire || rc=$?
  if [ "$rc" -ne 0 ]; then
    rm -f "$HOOK_STATE_DIR/holder.pid"
    if [ "$rc" -eq 2 ]; then write_state status not-ready; else write_state status failed; fi
    return 0
  fi
  write_state status "locked $(date -u +%s)"
  log "INFO: frozen; auto thaw in ${HOOK_AUTO_THAW_SECONDS}s unless the post-script comes first"
  if [ "$HOLD_SIGNALLED" -eq 0 ] && [ ! -e "$HOOK_STATE_DIR/abort" ]; then
    sleep "$HOOK_AUTO_THAW_SECONDS" &
    local sleeper=$!
    wait "$sleeper"
    kill "$sleeper" 2>/dev/null
  fi
  if [ -e "$HOOK_STATE_DIR/abort" ]; then
    reason=aborted
  elif [ -e "$HOOK_STATE_DIR/release" ]; then
    reason=released
  elif [ "$HOLD_SIGNALLED" -eq 1 ]; then
    reason=interrupted
  else
    reason=auto-thawed
    log "WARN: no post-script within ${HOOK_AUTO_THAW_SECONDS}s: auto thaw"
  fi
  hold_release "$reason"
}

# Releases and records why: hook_release gives 0 released, 4 released but the freeze/lock had
# not held until now, anything else failed (then the thaw is pending and retried).
hold_release() {
  local rc=0
  write_state status "releasing $(date -u +%s)"
  hook_release "$1" || rc=$?
  case $rc in
    0)
      write_state result "$1"
      log "INFO: released ($1)"
      ;;
    4)
      if [ "$1" = released ]; then write_state result lost; else write_state result "$1"; fi
      log "ERROR: released ($1), but $HOOK_WHAT had not stayed frozen until now"
      ;;
    *)
      write_state thaw-pending "$1"
      write_state result release-failed
      log "ERROR: release failed ($1); it is retried"
      ;;
  esac
  rm -f "$HOOK_STATE_DIR/holder.pid"
}

# On any exit while frozen and not yet released: release.
# shellcheck disable=SC2317 # run by the EXIT trap
hold_exit() {
  case $(read_state status) in
    locked*)
      if [ -z "$(read_state result)" ]; then
        hold_release interrupted
      fi
      ;;
  esac
}

# Starts the holder (this script again, in holder mode, in its own session); its PID is in $HOLDER.
start_holder() {
  clear_cycle
  rm -f "$HOOK_STATE_DIR/watchdog.pid"
  : >"$HOOK_STATE_DIR/holder.log"
  HOLDER=''
  if [ ! -r "$HOOK_SCRIPT" ]; then
    log "ERROR: cannot start the holder: this script's file ($HOOK_SCRIPT) is not readable"
    return 1
  fi
  write_state status starting
  CDK_TIERED_BACKUP_ROLE=holder setsid -w "$BASH" "$HOOK_SCRIPT" "$HOLDER_MARK" \
    </dev/null >>"$HOOK_STATE_DIR/holder.log" 2>&1 9>&- &
  HOLDER=$!
}

# Waits for the holder's verdict: 0 frozen, 1 failed, 2 not ready, 3 still trying at the deadline.
# $1 is our own child, so its PID cannot be reused before we exit: it is watched with alive()
# (its command line only shows the holder mark once setsid has exec'd bash).
await_holder() {
  local deadline=$((SECONDS + HOOK_ACQUIRE_SECONDS))
  while :; do
    case $(read_state status) in
      locked*) return 0 ;;
      not-ready) return 2 ;;
      failed) return 1 ;;
    esac
    if ! alive "$1"; then
      case $(read_state status) in
        locked*) return 0 ;;
        not-ready) return 2 ;;
      esac
      return 1
    fi
    [ "$SECONDS" -lt "$deadline" ] || return 3
    sleep 0.1
  done
}

# ---- the watchdog -----------------------------------------------------------------------------
# A second detached process, started with the holder and independent of it: when the auto thaw
# is due (plus a grace period) and the holder has not released (it was killed with SIGKILL, or
# hangs), the watchdog ends the holder's process group and thaws; when a thaw failed, it runs it
# again every HOOK_RETRY_SECONDS until it succeeds (for at most HOOK_WATCHDOG_LIMIT_SECONDS).
# Every action holds the state lock, so it never races a pre/post-script.
watch() {
  unset CDK_TIERED_BACKUP_ROLE
  cd / || return 1
  trap '' PIPE HUP
  local holder=$1 status since next_retry=0 limit=$((SECONDS + HOOK_AUTO_THAW_SECONDS + HOOK_WATCHDOG_LIMIT_SECONDS))
  write_state watchdog.pid "$$"
  while [ "$SECONDS" -lt "$limit" ]; do
    sleep 1
    [ -d "$HOOK_STATE_DIR" ] || return 0
    [ "$(read_state watchdog.pid)" = "$$" ] || return 0 # a newer cycle has its own watchdog
    if [ -e "$HOOK_STATE_DIR/thaw-pending" ]; then
      # the first retry after a failure is the post-script's (DLM retries it at once)
      [ "$next_retry" -gt 0 ] || next_retry=$((SECONDS + HOOK_RETRY_SECONDS))
      if [ "$SECONDS" -ge "$next_retry" ]; then
        next_retry=$((SECONDS + HOOK_RETRY_SECONDS))
        watchdog_thaw "$holder" retry
      fi
      continue
    fi
    [ -z "$(read_state result)" ] || return 0 # released: done
    status=$(read_state status)
    case $status in
      locked*) since=$((${status#locked } + HOOK_AUTO_THAW_SECONDS + HOOK_WATCHDOG_GRACE_SECONDS)) ;;
      releasing*) since=$((${status#releasing } + HOOK_RELEASE_SECONDS + HOOK_WATCHDOG_GRACE_SECONDS)) ;;
      starting)
        # killed while freezing: thaw what it froze at once
        if is_holder "$holder" || alive "$holder"; then continue; fi
        since=0
        ;;
      *) return 0 ;; # failed, not ready, or the cycle is over
    esac
    [ "$(date -u +%s)" -ge "$since" ] || continue
    watchdog_thaw "$holder" auto-thawed
  done
  log "ERROR: watchdog $$: giving up after ${HOOK_WATCHDOG_LIMIT_SECONDS}s; $HOOK_WHAT may still be frozen"
}

# The watchdog's thaw, under the state lock: $1 the holder, $2 auto-thawed (the holder did not
# release in time) or retry (a thaw failed before).
watchdog_thaw() {
  local rc=0 reason
  exec 8>>"$HOOK_STATE_DIR/lock" || return 0
  flock -w 30 8 || { exec 8>&-; return 0; }
  # the state may have changed while waiting for the lock
  if [ "$2" = retry ] && [ ! -e "$HOOK_STATE_DIR/thaw-pending" ]; then exec 8>&-; return 0; fi
  if [ "$2" != retry ] && [ -n "$(read_state result)" ]; then exec 8>&-; return 0; fi
  if is_holder "$1"; then
    log "WARN: watchdog $$: the holder $1 did not release $HOOK_WHAT in time; ending it"
    if ! kill_holder "$1"; then
      log "ERROR: watchdog $$: the holder $1 cannot be ended; trying again"
      exec 8>&-
      return 0
    fi
  fi
  if [ "$2" = retry ]; then
    reason=$(read_state thaw-pending)
    log "WARN: watchdog $$: thawing $HOOK_WHAT again"
  else
    reason=orphan-released
    log "WARN: watchdog $$: auto thaw: the holder ended without releasing $HOOK_WHAT"
  fi
  hook_orphaned "$2" || rc=$?
  case $rc in
    0 | 3)
      write_state result "${reason:-released}"
      rm -f "$HOOK_STATE_DIR/thaw-pending" "$HOOK_STATE_DIR/holder.pid"
      log "INFO: watchdog $$: $HOOK_WHAT thawed"
      ;;
    *)
      write_state thaw-pending "$reason"
      write_state result release-failed
      log "ERROR: watchdog $$: thawing $HOOK_WHAT failed; retrying in ${HOOK_RETRY_SECONDS}s"
      ;;
  esac
  exec 8>&-
}

# Starts the watchdog for holder $1 (this script again, in watchdog mode, in its own session).
start_watchdog() {
  CDK_TIERED_BACKUP_ROLE=watchdog setsid "$BASH" "$HOOK_SCRIPT" "$WATCHDOG_MARK" "$1" \
    </dev/null >>"$HOOK_STATE_DIR/holder.log" 2>&1 9>&- &
}

# A thaw failed before: run it again (idempotent) after ending a holder that still runs.
# 0 thawed now, 1 failed again.
retry_thaw() {
  local pid rc=0 reason
  reason=$(read_state thaw-pending)
  if pid=$(holder_pid); then
    log "WARN: the holder $pid still has not released $HOOK_WHAT; ending it"
    kill_holder "$pid" || return 1
  fi
  show_holder_log
  log "WARN: the last thaw failed: thawing $HOOK_WHAT again"
  hook_orphaned retry || rc=$?
  case $rc in
    0 | 3)
      rm -f "$HOOK_STATE_DIR/thaw-pending" "$HOOK_STATE_DIR/holder.pid"
      write_state result "${reason:-released}"
      return 0
      ;;
  esac
  write_state result release-failed
  return 1
}

# ---- pre-script, post-script, dry-run -----------------------------------------------------------
do_pre() {
  hook_check || die 206 "$HOOK_WHAT is not ready for the pre-script"
  open_state
  local pid rc=0 tries=50
  # A holder whose pre-script gave up (a DLM retry follows at once) is ending: let it finish.
  while pid=$(holder_pid) && [ -e "$HOOK_STATE_DIR/abort" ] && [ "$tries" -gt 0 ]; do
    sleep 0.1
    tries=$((tries - 1))
  done
  if pid=$(holder_pid); then
    die 204 "pre-script initiated while post-script was expected: $HOOK_WHAT is already frozen (holder $pid, $(read_state status))"
  fi
  if [ -e "$HOOK_STATE_DIR/thaw-pending" ]; then
    retry_thaw || die 204 "pre-script initiated while post-script was expected: $HOOK_WHAT is still frozen (its last thaw failed, and failed again)"
  fi
  if [ "$(read_state result)" = auto-thawed ]; then
    log "WARN: the previous freeze was auto-thawed and no post-script followed it"
  fi
  start_holder || die 201 "pre-script failed: the holder could not be started"
  start_watchdog "$HOLDER"
  await_holder "$HOLDER" || rc=$?
  show_holder_log
  case $rc in
    0) log "INFO: pre-script done: $HOOK_WHAT frozen (holder $HOLDER)" ;;
    2) die 206 "$HOOK_WHAT is not ready for the pre-script" ;;
    3)
      write_state abort "$(date -u +%s)"
      kill -TERM "$HOLDER" 2>/dev/null
      die 201 "pre-script failed: $HOOK_WHAT was not frozen within ${HOOK_ACQUIRE_SECONDS}s (giving up)"
      ;;
    *) die 201 "pre-script failed: $HOOK_WHAT could not be frozen" ;;
  esac
}

do_post() {
  open_state
  local pid status result rc=0
  if [ -e "$HOOK_STATE_DIR/thaw-pending" ]; then
    retry_thaw || die 202 "post-script failed: thawing $HOOK_WHAT failed again (the next post-script and the watchdog retry it)"
  elif pid=$(holder_pid); then
    write_state release "$(date -u +%s)"
    kill -TERM "$pid" 2>/dev/null
    local deadline=$((SECONDS + HOOK_RELEASE_SECONDS))
    while is_holder "$pid" && [ "$SECONDS" -lt "$deadline" ]; do
      sleep 0.1
    done
    if is_holder "$pid"; then
      show_holder_log
      write_state thaw-pending released
      die 202 "post-script failed: the holder $pid did not release $HOOK_WHAT within ${HOOK_RELEASE_SECONDS}s (the next post-script and the watchdog retry it)"
    fi
  fi
  show_holder_log
  status=$(read_state status)
  result=$(read_state result)
  case $result in
    release-failed) die 202 "post-script failed: releasing $HOOK_WHAT failed (the next post-script and the watchdog retry it)" ;;
    '') ;;
    *) clear_cycle ;;
  esac
  case $result in
    released) log "INFO: post-script done: $HOOK_WHAT thawed"; return 0 ;;
    auto-thawed) die 203 "auto thaw occurred before the post-script was initiated (after ${HOOK_AUTO_THAW_SECONDS}s)" ;;
    interrupted) die 203 "the holder was interrupted and released $HOOK_WHAT before the post-script was initiated" ;;
    orphan-released) die 203 "$HOOK_WHAT had been released before the post-script was initiated (its holder ended; the watchdog thawed)" ;;
    lost) die 203 "the $HOOK_HELD did not hold until the post-script: the snapshot is not application-consistent" ;;
    aborted) die 205 "post-script initiated while pre-script was expected: the last pre-script failed, nothing is frozen" ;;
  esac
  case $status in
    locked* | releasing*)
      log "WARN: the holder vanished without releasing $HOOK_WHAT"
      hook_orphaned orphaned || rc=$?
      case $rc in
        0) clear_cycle; log "INFO: post-script done: $HOOK_WHAT thawed" ;;
        3) clear_cycle; die 203 "$HOOK_WHAT had been released before the post-script was initiated (its holder ended)" ;;
        *)
          write_state thaw-pending released
          write_state result release-failed
          die 202 "post-script failed: releasing $HOOK_WHAT failed (the next post-script and the watchdog retry it)"
          ;;
      esac
      ;;
    *) clear_cycle; die 205 "post-script initiated while pre-script was expected: $HOOK_WHAT is not frozen" ;;
  esac
}

do_dry_run() {
  log "INFO: dry-run: checking that $HOOK_WHAT can be frozen; nothing is frozen or changed"
  hook_check || die 206 "$HOOK_WHAT is not ready"
  check_state_dir || die 206 "the state directory $HOOK_STATE_DIR is not safe"
  hook_probe || die 206 "$HOOK_WHAT is not ready"
  local pid
  if pid=$(holder_pid); then
    log "INFO: $HOOK_WHAT is currently frozen (holder $pid)"
  elif [ -e "$HOOK_STATE_DIR/thaw-pending" ]; then
    log "WARN: $HOOK_WHAT may still be frozen: its last thaw failed (it is retried)"
  else
    log "INFO: $HOOK_WHAT is currently not frozen"
  fi
  log "INFO: dry-run done"
}
