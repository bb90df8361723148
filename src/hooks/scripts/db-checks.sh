# shellcheck shell=bash
# Shared by MySQL/MariaDB and PostgreSQL. Each database's file defines db_client_check (is its
# client installed) and db_version (prints the server's version through db_client, which the
# generated preamble defines with this hook's connection options); db_credentials and
# db_credentials_check come from db-credentials.sh or db-no-credentials.sh.

hook_check() {
  local ok=0
  db_client_check || ok=1
  db_credentials_check || ok=1
  return "$ok"
}

hook_probe() {
  local version
  db_credentials || return 1
  if ! version=$(db_version </dev/null); then
    log "ERROR: cannot connect to $HOOK_WHAT"
    return 1
  fi
  log "INFO: connected to $HOOK_WHAT $version"
}

# Opens the session that holds the lock and waits until it is connected: 0 connected, 2 cannot
# connect (not ready), 1 the credentials cannot be read.
db_connect() {
  db_credentials || return 1
  db_open
  db_send "SELECT 'CDK_TIERED_BACKUP_CONNECTED';"
  if ! db_await CDK_TIERED_BACKUP_CONNECTED $((HOOK_CONNECT_TIMEOUT_SECONDS + 2)); then
    log "ERROR: cannot connect to $HOOK_WHAT"
    db_close
    return 2
  fi
}
