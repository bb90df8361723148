# shellcheck shell=bash

# No password parameter: socket or peer authentication, an option file or a password file.
db_credentials() {
  return 0
}

db_credentials_check() {
  return 0
}
