# shellcheck shell=bash

# The client's password as an option file, escaped for the option-file syntax.
db_option_file() {
  local value=$HOOK_DB_SECRET
  value=${value//\\/\\\\}
  value=${value//\"/\\\"}
  value=${value//$'\n'/\\n}
  value=${value//$'\r'/\\r}
  value=${value//$'\t'/\\t}
  printf '[client]\npassword="%s"\n' "$value"
}
