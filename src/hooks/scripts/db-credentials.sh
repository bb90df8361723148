# shellcheck shell=bash
# shellcheck disable=SC2034 # HOOK_DB_SECRET is read by db_client (generated from the props) and db_option_file (mysql-password.sh)

# Reads the password from the SecureString parameter (never written to disk) into HOOK_DB_SECRET
# (not exported; db_client hands it to the client).
db_credentials() {
  if ! HOOK_DB_SECRET=$(aws ssm get-parameter --region "$HOOK_REGION" --name "$HOOK_PASSWORD_PARAMETER" \
    --with-decryption --query Parameter.Value --output text); then
    log "ERROR: cannot read the SecureString parameter $HOOK_PASSWORD_PARAMETER (instance role, AWS CLI?)"
    return 1
  fi
}

db_credentials_check() {
  if ! command -v aws >/dev/null 2>&1; then
    log "ERROR: the AWS CLI (aws) is needed to read the password parameter"
    return 1
  fi
}
