#!/usr/bin/env bash
# npm run demo — Tally with a demo shop, on SQLite, with no Shopify account and no network.
# Installs what is missing, builds the app when the sources changed, creates and migrates data/demo.sqlite,
# seeds the demo shop (idempotent), then serves http://localhost:${PORT:-3000}.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node22.sh"
source "$TALLY_ROOT/scripts/install.sh"
export PATH="$TALLY_ROOT/node_modules/.bin:$PATH"
cd "$TALLY_ROOT"

export NODE_ENV=development
export TALLY_DEMO=1
export DATABASE_URL="file:data/demo.sqlite"
export PORT="${PORT:-3000}"
# Tools that sign webhooks or app proxy requests use the same secret (documented in .env.example).
export SHOPIFY_API_SECRET="${SHOPIFY_API_SECRET:-tally-demo-secret}"

if [ ! -f build/server/index.js ] || [ -n "$(find app vite.config.ts package-lock.json -newer build/server/index.js -print -quit)" ]; then
  echo "tally: building the app"
  remix vite:build --logLevel warn
fi
tsx scripts/db/migrate.ts
tsx scripts/demo-seed.ts

cat <<TXT

  Tally demo is starting on http://localhost:${PORT}
  Open http://localhost:${PORT}/demo and choose "Sign in as demo staff".
  Webhooks and app proxy requests are verified with SHOPIFY_API_SECRET=${SHOPIFY_API_SECRET}.
  Stop with Ctrl+C. The demo database is data/demo.sqlite (delete it to start over).

TXT
# The demo has no Shopify store behind it: the app's Admin API calls are answered by the local stand-in, which
# validates each document against Shopify's schema (tools/admin-api-standin; production never loads it).
export TALLY_ADMIN_API_SCENARIO="${TALLY_ADMIN_API_SCENARIO:-tools/admin-api-standin/demo-scenario.json}"
exec node --import tsx --import ./tools/admin-api-standin/register.ts server.mjs
