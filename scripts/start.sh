#!/usr/bin/env bash
# npm start — production start: build when there is no build, migrate the database, serve.
set -euo pipefail
cd "$TALLY_ROOT"
if [ ! -f build/server/index.js ]; then remix vite:build --logLevel warn; fi
tsx scripts/db/migrate.ts
exec node server.mjs
