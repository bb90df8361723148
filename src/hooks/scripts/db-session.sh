# shellcheck shell=bash
# shellcheck disable=SC2034 # DB_MARKER_LINE is read by hook_acquire and hook_release (mysql.sh, postgresql.sh)

# Starts the session that holds the lock: the client as a coprocess of the holder.
db_open() {
  coproc HOOK_DB { db_client; }
  DB_PID=$HOOK_DB_PID
  # Own copies of the pipe ends, and the originals closed: closing DB_IN is then the end of input.
  local rfd=${HOOK_DB[0]} wfd=${HOOK_DB[1]}
  exec {DB_OUT}<&"$rfd" {DB_IN}>&"$wfd" {rfd}<&- {wfd}>&-
}

# Sends statements, one per line.
db_send() {
  printf '%s\n' "$@" >&"$DB_IN"
}

# Waits up to $2 seconds for a line starting with $1 (kept in DB_MARKER_LINE); prints the lines
# before it. Fails when the session ends first, on timeout, or when the pre-script gave up.
db_await() {
  local marker=$1 deadline=$((SECONDS + $2)) line partial='' rc
  while [ "$SECONDS" -lt "$deadline" ]; do
    [ -e "$HOOK_STATE_DIR/abort" ] && return 1
    if IFS= read -r -t 1 line <&"$DB_OUT"; then
      line=$partial$line
      partial=''
      case $line in
        "$marker"*)
          DB_MARKER_LINE=$line
          return 0
          ;;
      esac
      printf '%s\n' "$line"
    else
      rc=$?
      [ "$rc" -gt 128 ] || return 1
      partial=$partial$line
    fi
  done
  return 1
}

# Ends the session: end of input, then TERM/KILL if the client does not exit. Fails only if
# the client is still running (ending the session is what releases the lock on the server).
db_close() {
  exec {DB_IN}>&-
  local tries=50
  while [ "$tries" -gt 0 ] && alive "$DB_PID"; do
    sleep 0.1
    tries=$((tries - 1))
  done
  if alive "$DB_PID"; then
    command -v pkill >/dev/null 2>&1 && pkill -TERM -P "$DB_PID"
    kill -TERM "$DB_PID" 2>/dev/null
    sleep 1
    command -v pkill >/dev/null 2>&1 && pkill -KILL -P "$DB_PID"
    kill -KILL "$DB_PID" 2>/dev/null
  fi
  wait "$DB_PID" 2>/dev/null
  exec {DB_OUT}<&-
  ! alive "$DB_PID"
}

# The holder vanished: its session ended with it, and the server released the lock then.
hook_orphaned() {
  return 3
}
