#!/usr/bin/env bash
# Real databases for the hook tests (test/hooks/*.db.test.ts), and the SVG renderer:
#   - installs mariadb-server, postgresql, shellcheck and librsvg2-bin (rsvg-convert, which
#     test/compliance/svg.test.ts uses to rasterize the plan timeline) from Debian, when missing;
#   - starts MariaDB on 127.0.0.1:3306, socket /run/mysqld/mysqld.sock (root: unix_socket auth);
#   - starts PostgreSQL (Debian's major version) on 127.0.0.1:5432, socket directory /tmp,
#     in its own cluster $PG_DATA (trust for local sockets, scram-sha-256 over TCP);
#   - loop-mounts two small ext4 file systems at /mnt/cdk-tiered-backup-ext4-a and -b (images in
#     /var/lib/cdk-tiered-backup) for the fsfreeze hook tests (util-linux fsfreeze, e2fsprogs).
# Idempotent: a server that already answers is left alone; nothing is installed twice.
# Prints what it did. Needs root (or passwordless sudo). Stop the servers with
#   mysqladmin shutdown
#   runuser -u postgres -- pg_ctl -D "$PG_DATA" stop        (pg_ctl from /usr/lib/postgresql/<v>/bin)
set -euo pipefail

PG_DATA="${PG_DATA:-/var/lib/postgresql/cdk-tiered-backup}"
PG_SOCKET_DIR=/tmp
PG_PORT=5432
MYSQL_SOCKET=/run/mysqld/mysqld.sock
LOG_DIR="${DATABASES_LOG_DIR:-/var/log/cdk-tiered-backup}"
PACKAGES=(mariadb-server mariadb-client postgresql shellcheck librsvg2-bin util-linux e2fsprogs)

say() { echo "databases: $*"; }
SECONDS=0

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    say "must run as root (or with passwordless sudo)"; exit 1
  fi
fi
as_root() { "${SUDO[@]}" "$@"; }

# --- packages ------------------------------------------------------------------------------
missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} (apt-get update + install)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  say "installed ${missing[*]} (${SECONDS}s so far)"
else
  say "packages already installed: ${PACKAGES[*]}"
fi
as_root mkdir -p "$LOG_DIR"

# --- MariaDB -------------------------------------------------------------------------------
mysql_up() { as_root mysqladmin --protocol=socket --socket="$MYSQL_SOCKET" --connect-timeout=2 ping >/dev/null 2>&1; }
if mysql_up; then
  say "MariaDB already running (socket $MYSQL_SOCKET)"
else
  as_root install -d -o mysql -g mysql /run/mysqld
  if [ ! -d /var/lib/mysql/mysql ]; then
    say "initializing the MariaDB data directory /var/lib/mysql"
    as_root mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  fi
  as_root touch "$LOG_DIR/mariadb.log"
  as_root chown mysql:mysql "$LOG_DIR/mariadb.log"
  say "starting MariaDB on 127.0.0.1:3306 (log $LOG_DIR/mariadb.log)"
  # setsid + redirections: the server outlives this script and holds none of its pipes.
  as_root setsid mysqld_safe --bind-address=127.0.0.1 --port=3306 --socket="$MYSQL_SOCKET" \
    --log-error="$LOG_DIR/mariadb.log" </dev/null >>"$LOG_DIR/mariadb.out" 2>&1 &
  for _ in $(seq 1 60); do mysql_up && break; sleep 0.5; done
  mysql_up || { say "MariaDB did not start:"; as_root tail -n 30 "$LOG_DIR/mariadb.log" || true; exit 1; }
  say "MariaDB is up"
fi

# --- PostgreSQL ----------------------------------------------------------------------------
pg_version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -n | tail -n 1)
[ -n "$pg_version" ] || { say "no PostgreSQL server binaries under /usr/lib/postgresql"; exit 1; }
PG_BIN="/usr/lib/postgresql/$pg_version/bin"
pg_up() { "$PG_BIN/pg_isready" -q -h "$PG_SOCKET_DIR" -p "$PG_PORT" -t 2; }
if pg_up; then
  say "PostgreSQL already running (socket $PG_SOCKET_DIR, port $PG_PORT)"
elif "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2; then
  say "another PostgreSQL (e.g. Debian's 'main' cluster started by systemd) holds port $PG_PORT without a socket in $PG_SOCKET_DIR;"
  say "stop it (pg_ctlcluster <version> main stop) so that the test cluster can start"
  exit 1
else
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    say "initializing a PostgreSQL $pg_version cluster in $PG_DATA"
    as_root install -d -o postgres -g postgres -m 700 "$PG_DATA"
    as_root runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -U postgres \
      --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  fi
  as_root touch "$LOG_DIR/postgresql.log"
  as_root chown postgres:postgres "$LOG_DIR/postgresql.log"
  say "starting PostgreSQL $pg_version on 127.0.0.1:$PG_PORT (log $LOG_DIR/postgresql.log)"
  as_root runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$LOG_DIR/postgresql.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -k $PG_SOCKET_DIR" start >/dev/null
  pg_up || { say "PostgreSQL did not start:"; tail -n 30 "$LOG_DIR/postgresql.log" || true; exit 1; }
  say "PostgreSQL is up"
fi

# --- loop-mounted ext4 file systems (fsfreeze) ----------------------------------------------
FS_IMAGES=/var/lib/cdk-tiered-backup
for name in a b; do
  mnt="/mnt/cdk-tiered-backup-ext4-$name"
  img="$FS_IMAGES/ext4-$name.img"
  if mountpoint -q "$mnt"; then
    # a file system left frozen by an interrupted test run would block the next one
    as_root fsfreeze --unfreeze "$mnt" 2>/dev/null || true
    say "ext4 already mounted at $mnt"
    continue
  fi
  as_root install -d -m 755 "$FS_IMAGES" "$mnt"
  if [ ! -f "$img" ]; then
    as_root truncate -s 16M "$img"
    as_root mkfs.ext4 -q -F "$img"
  fi
  if as_root mount -o loop "$img" "$mnt"; then
    say "ext4 loop-mounted at $mnt"
  else
    say "could not loop-mount $img (no loop device or no privilege): the fsfreeze tests on a real file system will fail under CI=true"
  fi
done

say "MariaDB: mysql --socket=$MYSQL_SOCKET (as root) · PostgreSQL: psql -h $PG_SOCKET_DIR -p $PG_PORT -U postgres"
say "done in ${SECONDS}s"
