# Sourced after node22.sh: installs dependencies when they are missing or older than package-lock.json,
# rebuilds native modules when the Node that loads them changed, and generates the Prisma clients.
set -e
cd "$TALLY_ROOT"
stamp=node_modules/.tally-install
want="$(node --version) $(cksum < package-lock.json | cut -d' ' -f1) $(cksum < prisma/schema.prisma | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "tally: installing dependencies with Node $(node --version)" >&2
  npm ci --no-audit --no-fund --loglevel=error
  node scripts/db/generate-postgres-schema.mjs --check >/dev/null 2>&1 || node scripts/db/generate-postgres-schema.mjs
  npx prisma generate --schema prisma/schema.prisma >/dev/null
  npx prisma generate --schema prisma/postgres/schema.prisma >/dev/null
  echo "$want" > "$stamp"
fi
set +e
