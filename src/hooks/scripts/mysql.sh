# shellcheck shell=bash
# MySQL/MariaDB. The generated preamble defines db_client and sets HOOK_LOCK_TIMEOUT_SECONDS
# (lock_wait_timeout) and HOOK_CONNECT_TIMEOUT_SECONDS.

db_client_check() {
  if ! command -v mariadb >/dev/null 2>&1 && ! command -v mysql >/dev/null 2>&1; then
    log "ERROR: no MySQL/MariaDB client (mariadb or mysql) is installed"
    return 1
  fi
}

db_version() {
  db_client -e 'SELECT VERSION()'
}

# Connects (not ready when that fails), takes the global read lock in a session that stays
# open, then flushes the OS page cache.
hook_acquire() {
  db_connect || return
  db_send "SET SESSION wait_timeout = $((HOOK_AUTO_THAW_SECONDS + 300));" \
    "SET SESSION lock_wait_timeout = $HOOK_LOCK_TIMEOUT_SECONDS;" \
    'FLUSH TABLES WITH READ LOCK;' \
    "SELECT CONCAT('CDK_TIERED_BACKUP_LOCKED ', CONNECTION_ID());"
  if ! db_await CDK_TIERED_BACKUP_LOCKED $((HOOK_LOCK_TIMEOUT_SECONDS + 2)); then
    log "ERROR: FLUSH TABLES WITH READ LOCK failed or timed out (lock_wait_timeout ${HOOK_LOCK_TIMEOUT_SECONDS}s)"
    db_close
    return 1
  fi
  DB_LOCK_CONNECTION=${DB_MARKER_LINE#CDK_TIERED_BACKUP_LOCKED }
  log "INFO: global read lock held by connection $DB_LOCK_CONNECTION (client $DB_PID); syncing file systems"
  sync
}

# Checks that the connection that took the lock is still the session's (a killed connection or a
# restarted server ends the lock; the client does not reconnect), then UNLOCK TABLES and the
# session ends. 0 released, 4 the lock had been lost before, 1 the session cannot be ended.
hook_release() {
  local lost=0
  db_send "SELECT CONCAT('CDK_TIERED_BACKUP_HELD ', CONNECTION_ID());" 'UNLOCK TABLES;' "SELECT 'CDK_TIERED_BACKUP_RELEASED';"
  if ! db_await CDK_TIERED_BACKUP_HELD 10; then
    log "ERROR: the connection that held the lock is gone (killed, or the server restarted): the lock did not hold"
    lost=1
  elif [ "${DB_MARKER_LINE#CDK_TIERED_BACKUP_HELD }" != "$DB_LOCK_CONNECTION" ]; then
    log "ERROR: the session is connection ${DB_MARKER_LINE#CDK_TIERED_BACKUP_HELD }, not $DB_LOCK_CONNECTION that took the lock: the lock did not hold"
    lost=1
  elif ! db_await CDK_TIERED_BACKUP_RELEASED 10; then
    log "WARN: UNLOCK TABLES got no answer; ending the session releases the lock"
  fi
  db_close || return 1
  [ "$lost" -eq 0 ] || return 4
}
