#!/usr/bin/env bash
# Everything a fresh machine needs to run the whole test suite, then the suite itself:
# Debian packages (when missing), npm dependencies from the lock file, the esbuild bundles, and vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh
npm ci --no-audit --no-fund
mkdir -p test-artifacts

status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json "$@" || status=$?

# One plain closing line that any CI reads: "N passed, N failed, N skipped".
node -e '
  const fs = require("node:fs");
  const file = "test-artifacts/vitest.json";
  if (!fs.existsSync(file)) { console.log("0 passed, 1 failed"); process.exit(0); }
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
'
exit "$status"
