# shellcheck shell=bash
# PostgreSQL. The generated preamble defines db_client (psql as HOOK_OS_USER) and sets
# HOOK_START_TIMEOUT_SECONDS (statement_timeout of pg_backup_start) and
# HOOK_CONNECT_TIMEOUT_SECONDS.

db_client_check() {
  local ok=0
  if ! command -v psql >/dev/null 2>&1; then
    log "ERROR: the PostgreSQL client (psql) is not installed"
    ok=1
  fi
  if ! command -v runuser >/dev/null 2>&1 || ! id -u "$HOOK_OS_USER" >/dev/null 2>&1; then
    log "ERROR: cannot run psql as the OS user $HOOK_OS_USER (runuser, or the user, is missing)"
    ok=1
  fi
  return "$ok"
}

db_version() {
  db_client -c 'SHOW server_version'
}

# Connects (not ready when that fails), then starts a non-exclusive backup (immediate
# checkpoint) in a session that stays open.
hook_acquire() {
  db_connect || return
  db_send 'SELECT :SERVER_VERSION_NUM >= 150000 AS cdk_pg15, :SERVER_VERSION_NUM >= 140000 AS cdk_pg14 \gset' \
    '\if :cdk_pg14' 'SET idle_session_timeout = 0;' '\endif' \
    'SET idle_in_transaction_session_timeout = 0;' \
    "SET statement_timeout = '${HOOK_START_TIMEOUT_SECONDS}s';" \
    '\if :cdk_pg15' \
    "SELECT 'CDK_TIERED_BACKUP_LOCKED ' || pg_backup_start('cdk-tiered-backup', true);" \
    '\else' \
    "SELECT 'CDK_TIERED_BACKUP_LOCKED ' || pg_start_backup('cdk-tiered-backup', true, false);" \
    '\endif'
  if ! db_await CDK_TIERED_BACKUP_LOCKED $((HOOK_START_TIMEOUT_SECONDS + 2)); then
    log "ERROR: pg_backup_start failed or timed out (statement_timeout ${HOOK_START_TIMEOUT_SECONDS}s)"
    db_close
    return 1
  fi
  write_state start_lsn "${DB_MARKER_LINE#CDK_TIERED_BACKUP_LOCKED }"
  log "INFO: backup mode started at WAL location ${DB_MARKER_LINE#CDK_TIERED_BACKUP_LOCKED } (client $DB_PID)"
}

# pg_backup_stop (not waiting for WAL archiving) in the session that started the backup, keeps
# the backup label, then the session ends. pg_backup_stop fails in any other session, and psql
# does not reconnect: no answer means the backup mode had ended before (session terminated,
# server restarted). 0 released, 4 backup mode had been lost, 1 the session cannot be ended.
hook_release() {
  local out line section='' lost=0
  db_send '\if :cdk_pg15' \
    'SELECT lsn AS cdk_stop_lsn, labelfile AS cdk_label, spcmapfile AS cdk_map FROM pg_backup_stop(false) \gset' \
    '\else' \
    'SELECT lsn AS cdk_stop_lsn, labelfile AS cdk_label, spcmapfile AS cdk_map FROM pg_stop_backup(false, false) \gset' \
    '\endif' \
    '\echo CDK_TIERED_BACKUP_STOP_LSN :cdk_stop_lsn' \
    '\echo CDK_TIERED_BACKUP_LABEL' '\echo :cdk_label' \
    '\echo CDK_TIERED_BACKUP_MAP' '\echo :cdk_map' \
    '\echo CDK_TIERED_BACKUP_RELEASED'
  if out=$(db_await CDK_TIERED_BACKUP_RELEASED 20); then
    : >"$HOOK_STATE_DIR/backup_label"
    : >"$HOOK_STATE_DIR/tablespace_map"
    while IFS= read -r line; do
      case $line in
        CDK_TIERED_BACKUP_STOP_LSN*) log "INFO: backup mode stopped at WAL location ${line#CDK_TIERED_BACKUP_STOP_LSN }" ;;
        CDK_TIERED_BACKUP_LABEL) section=backup_label ;;
        CDK_TIERED_BACKUP_MAP) section=tablespace_map ;;
        *) [ -n "$section" ] && [ -n "$line" ] && printf '%s\n' "$line" >>"$HOOK_STATE_DIR/$section" ;;
      esac
    done <<<"$out"
    log "INFO: backup label (for point-in-time recovery from a WAL archive; $HOOK_STATE_DIR/backup_label):"
    sed 's/^/    /' "$HOOK_STATE_DIR/backup_label"
  else
    log "ERROR: pg_backup_stop did not complete in the session that started the backup (terminated, or the server restarted): the backup mode did not hold"
    lost=1
  fi
  db_close || return 1
  [ "$lost" -eq 0 ] || return 4
}

