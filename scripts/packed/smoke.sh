#!/usr/bin/env bash
# The packed package, used as a user would use it, against one aws-cdk-lib version:
#   scripts/packed/smoke.sh <cdk-tiered-backup tarball> <aws-cdk-lib version or dist-tag>
# In an empty scratch folder (nothing of this repository on its module path):
#   1. npm install <tarball> aws-cdk-lib@<version> constructs (plus typescript/ts-node to run TS);
#   2. every examples/*.ts, importing 'cdk-tiered-backup' instead of ../src, synthesizes;
#   3. every ```ts block of README.md type-checks against the installed package, and the first
#      one (the README's main example) synthesizes;
#   4. the installed bin answers --help, report, status, drift, import, points and restore: the
#      DLM commands against the tests' local DLM endpoint serving the example's policies (status
#      also against the local CloudWatch endpoint, for a tier's restore time), points and restore
#      against the tests' local EC2 endpoint (all on 127.0.0.1).
# Exits non-zero on the first failure.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
version=$2
ts_node="$repo/node_modules/.bin/ts-node"
work=$(mktemp -d "${TMPDIR:-/tmp}/cdk-tiered-backup-packed-XXXXXX")
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
say() { echo "packed[$version]: $*"; }
fail() { echo "packed[$version]: FAILED: $*" >&2; exit 1; }

cd "$work"
typescript=$(node -p "require('$repo/node_modules/typescript/package.json').version")
npm init -y >/dev/null
say "npm install $(basename "$tarball") aws-cdk-lib@$version constructs@^10 (typescript@$typescript, ts-node, @types/node to run the examples)"
npm install --no-audit --no-fund --loglevel=error "$tarball" "aws-cdk-lib@$version" 'constructs@^10' \
  "typescript@$typescript" 'ts-node@^10' '@types/node@^20' >/dev/null
# a CDK app's usual compiler settings (CommonJS through Node's resolution)
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "node16", "lib": ["es2022"], "types": ["node"], "rootDir": ".",
  "strict": true, "esModuleInterop": true, "skipLibCheck": true } }
JSON
installed=$(node -p "require('aws-cdk-lib/package.json').version")
say "installed aws-cdk-lib $installed, cdk-tiered-backup $(node -p "require('cdk-tiered-backup/package.json').version")"
[ -z "$(ls node_modules/cdk-tiered-backup/node_modules 2>/dev/null)" ] || fail "the package brought its own node_modules"

# 2. the examples, importing the installed package
mkdir examples
cp -r "$repo/examples/lib" examples/
for example in "$repo"/examples/*.ts; do
  name=$(basename "$example")
  sed "s#from '\.\./src'#from 'cdk-tiered-backup'#" "$example" > "examples/$name"
  ! grep -q "\.\./src" "examples/$name" || fail "examples/$name imports ../src in a way this check does not rewrite"
  out="$work/out-${name%.ts}"
  CDK_OUTDIR="$out" npx --no-install ts-node -T "examples/$name" >"$work/$name.log" 2>&1 || { cat "$work/$name.log"; fail "examples/$name"; }
  ls "$out"/*.template.json >/dev/null 2>&1 || fail "examples/$name wrote no template"
  say "examples/$name synthesized ($(ls "$out"/*.template.json | wc -l) templates)"
done

# 3. the README's TypeScript blocks
"$ts_node" -T "$repo/scripts/packed/readme-snippets.ts" "$repo/README.md" "$work/readme" "$work"
npx --no-install tsc -p readme || fail "README.md blocks do not type-check against the package (files in $work/readme)"
say "README.md blocks type-check"
CDK_OUTDIR="$work/out-readme" npx --no-install ts-node -T readme/snippet-01.ts >"$work/readme.log" 2>&1 || { cat "$work/readme.log"; fail "the README's first example"; }
ls "$work"/out-readme/*.template.json >/dev/null 2>&1 || fail "the README's first example wrote no template"
say "the README's first example synthesized"

# 4. the installed bin
cli() { npx --no-install cdk-tiered-backup "$@"; }
cli --help | grep -q '^Usage: cdk-tiered-backup' || fail "cdk-tiered-backup --help"
app="$work/out-tiered-backup"
cli report "$app" > report.txt || fail "cdk-tiered-backup report"
grep -q 'DLM polic' report.txt || fail "report printed no policies"
coproc SERVER { cd "$repo" && exec "$ts_node" -T scripts/packed/fake-dlm-server.ts "$app"; }
server_pid=$SERVER_PID
read -r -t 60 assignments <&"${SERVER[0]}" || fail "the local DLM endpoint did not start"
eval "export $assignments"
[ "$POLICIES" -gt 0 ] || fail "the local DLM endpoint serves no policy"
cli status --endpoint-url "$ENDPOINT" --cloudwatch-endpoint-url "$CLOUDWATCH_ENDPOINT" > status.txt || fail "cdk-tiered-backup status"
[ "$(grep -c '^policy-' status.txt)" -eq "$POLICIES" ] || { cat status.txt; fail "status lists $(grep -c '^policy-' status.txt) of $POLICIES policies"; }
grep -q "^$RESTORE_TIER  *4 min 14 s  " status.txt || { cat status.txt; fail "status shows no restore time for the tier $RESTORE_TIER (the bundled CloudWatch client)"; }
cli drift --app "$app" --endpoint-url "$ENDPOINT" > drift.txt || { cat drift.txt; fail "cdk-tiered-backup drift (expected in sync, exit 0)"; }
cli import --all --endpoint-url "$ENDPOINT" > imported.ts || fail "cdk-tiered-backup import --all"
grep -q "from 'cdk-tiered-backup'" imported.ts || fail "import printed no TypeScript"
say "bin: --help, report, status ($POLICIES policies, the restore time of $RESTORE_TIER), drift (in sync), import --all"
# points and restore against the tests' local EC2 endpoint (the bundled EC2 client, SigV4)
coproc EC2 { cd "$repo" && exec "$ts_node" -T scripts/packed/fake-ec2-server.ts; }
read -r -t 60 ec2_assignments <&"${EC2[0]}" || fail "the local EC2 endpoint did not start"
eval "export $ec2_assignments"
export CDK_TIERED_BACKUP_POLL_MS=50
cli points --volume "$EC2_VOLUME" --regions us-east-1 --endpoint-url "$EC2_ENDPOINT" --json > points.json || fail "cdk-tiered-backup points"
[ "$(node -p "require('./points.json').length")" -eq "$EC2_POINTS" ] || { cat points.json; fail "points listed $(node -p "require('./points.json').length") of $EC2_POINTS restore points"; }
cli restore --volume "$EC2_VOLUME" --az us-east-1a --dry-run --endpoint-url "$EC2_ENDPOINT" > dry-run.txt || { cat dry-run.txt; fail "cdk-tiered-backup restore --dry-run"; }
grep -q 'nothing was created' dry-run.txt || { cat dry-run.txt; fail "restore --dry-run did not say it created nothing"; }
cli restore --volume "$EC2_VOLUME" --attach "$EC2_INSTANCE" --device /dev/sdg --wait --endpoint-url "$EC2_ENDPOINT" > restore.txt 2>/dev/null || { cat restore.txt; fail "cdk-tiered-backup restore --attach --wait"; }
grep -q "^attached vol-.* to $EC2_INSTANCE at /dev/sdg" restore.txt || { cat restore.txt; fail "restore did not attach the volume"; }
kill "$EC2_PID" 2>/dev/null || true
say "bin: points ($EC2_POINTS restore points), restore --dry-run, restore --attach --wait"
say "OK"
