#!/usr/bin/env bash
# npm test — everything that proves Tally works: lint, typecheck, the database drift check, the production
# build (the storefront widget's assets, then the app), then every vitest layer (unit, integration on SQLite and
# on PostgreSQL when one is reachable, the built app over HTTP, the UI extensions in jsdom and built with the
# Shopify CLI, the admin and the storefront widget in headless Chromium). Ends with one line "N passed, N failed".
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node22.sh" || exit 1
source "$TALLY_ROOT/scripts/install.sh" || exit 1
export PATH="$TALLY_ROOT/node_modules/.bin:$PATH"
cd "$TALLY_ROOT" || exit 1

checks_failed=0
step() {
  local name="$1"
  shift
  echo "== $name"
  if ! "$@"; then
    echo "!! $name failed"
    checks_failed=$((checks_failed + 1))
  fi
}

step "lint" eslint --max-warnings=0 .
step "typecheck" tsc --noEmit
step "typecheck extensions" tsc --noEmit -p extensions
step "database drift" tsx scripts/db/check-drift.ts
step "widget build" node scripts/build-widget.mjs --fail-if-stale
step "build" remix vite:build --logLevel warn
# The browser tests (test/browser) drive Debian's Chromium; a fresh machine does not have it yet.
step "chromium" bash scripts/ensure-chromium.sh

mkdir -p test-results
rm -f test-results/vitest.json
echo "== tests"
vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
vitest_status=$?

node scripts/test-summary.mjs test-results/vitest.json "$checks_failed"
summary_status=$?
if [ "$checks_failed" -ne 0 ] || [ "$vitest_status" -ne 0 ] || [ "$summary_status" -ne 0 ]; then exit 1; fi
