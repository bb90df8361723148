#!/usr/bin/env bash
# Renders the plan report of the example app (examples/tiered-backup.ts):
#   <out>/plan-timeline.svg   the restore-point timeline (BackupPlanReport.toSvg())
#   <out>/plan-timeline.png   the same, rasterized by rsvg-convert (Debian: librsvg2-bin)
#   <out>/report.md           the Markdown sample between its `plan-report-sample` markers
#
#   scripts/render-svg.sh [out]      (default: docs)
#
# test/compliance/svg.test.ts checks that docs/plan-timeline.svg is up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs}"
mkdir -p "$out"
OUT="$out" npx ts-node -T -e '
  const fs = require("fs");
  const path = require("path");
  const { App } = require("aws-cdk-lib");
  const { buildExample } = require("./examples/tiered-backup");
  const { BackupPlanReport } = require("./src/compliance/report");
  const app = new App();
  buildExample(app);
  const report = BackupPlanReport.forApp(app);
  fs.writeFileSync(path.join(process.env.OUT, "plan-timeline.svg"), report.toSvg());
  const doc = path.join(process.env.OUT, "report.md");
  if (fs.existsSync(doc)) {
    const text = fs.readFileSync(doc, "utf8");
    const start = "<!-- plan-report-sample:start -->";
    const end = "<!-- plan-report-sample:end -->";
    const i = text.indexOf(start);
    const j = text.indexOf(end);
    if (i >= 0 && j > i) {
      const sample = report.toMarkdown().replace(/^#/gm, "###").trimEnd();
      fs.writeFileSync(doc, text.slice(0, i + start.length) + "\n\n" + sample + "\n\n" + text.slice(j));
    }
  }
'
if ! command -v rsvg-convert >/dev/null; then
  echo "rsvg-convert not found: apt-get install -y --no-install-recommends librsvg2-bin" >&2
  exit 1
fi
rsvg-convert --format=png --output="$out/plan-timeline.png" "$out/plan-timeline.svg"
echo "wrote $out/plan-timeline.svg and $out/plan-timeline.png"
