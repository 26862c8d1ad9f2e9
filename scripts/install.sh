# Sourced after node22.sh: installs dependencies when they are missing or were installed for another Node or
# another package-lock.json, and generates the Prisma clients when the schema changed.
tally_install() {
  local stamp="$TALLY_ROOT/node_modules/.tally-install"
  local want
  want="node $(node --version) lock $(cksum < "$TALLY_ROOT/package-lock.json" | cut -d' ' -f1) schema $(cksum < "$TALLY_ROOT/prisma/schema.prisma" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  echo "tally: installing dependencies with Node $(node --version)" >&2
  (
    cd "$TALLY_ROOT" || exit 1
    # Native addons (better-sqlite3) are compiled here, against the headers of the Node that will load them.
    if [ -d "$TALLY_NODE_HOME/include/node" ]; then export npm_config_nodedir="$TALLY_NODE_HOME"; fi
    # `npm install --no-save` installs exactly what package-lock.json pins, like `npm ci`, but npm 11's `ci`
    # refuses lock files that list only this platform's optional packages (rollup, esbuild), as ours do.
    npm install --no-save --no-audit --no-fund --loglevel=error || exit 1
    node scripts/db/generate-postgres-schema.mjs --check >/dev/null || exit 1
    # The CLI reads the datasource URL even to generate; any URL of the right kind will do.
    DATABASE_URL="file:/tmp/tally-generate.sqlite" node_modules/.bin/prisma generate --schema prisma/schema.prisma >/dev/null || exit 1
    DATABASE_URL="postgresql://localhost:5432/tally" node_modules/.bin/prisma generate --schema prisma/postgres/schema.prisma >/dev/null || exit 1
  ) || { echo "tally: installing dependencies failed" >&2; return 1; }
  echo "$want" > "$stamp"
}
tally_install
