# shellcheck shell=bash

# Decodes the settings CloudFormation resolved at deployment (base64: the shell never parses
# them) and checks each against its pattern before it is used.
# $1 the variable, $2 its base64 value ('-': already set), $3 the pattern, $4 what it must be.
decode_setting() {
  local value
  if [ "$2" = - ]; then
    value=${!1}
  elif ! value=$(printf '%s' "$2" | base64 -d 2>/dev/null && printf x); then
    log "ERROR: $1 cannot be decoded"
    return 1
  else
    value=${value%x}
  fi
  if [ "${#value}" -gt 2048 ] || [[ ! $value =~ $3 ]]; then
    log "ERROR: $1 $(printf '%q' "$value") is not $4"
    return 1
  fi
  printf -v "$1" '%s' "$value"
  export "${1?}"
}

