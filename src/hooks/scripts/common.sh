# shellcheck shell=bash

# ---- common -----------------------------------------------------------------------------------
log() {
  printf '%s %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$*"
}

# Logs an error and exits with a DLM exit code.
die() {
  local code=$1
  shift
  log "ERROR: $*"
  exit "$code"
}
