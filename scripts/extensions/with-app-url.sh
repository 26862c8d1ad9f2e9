#!/usr/bin/env bash
# Runs a Shopify CLI command with APP_URL set, e.g. `bash scripts/extensions/with-app-url.sh shopify app deploy`.
# The CLI bakes process.env.APP_URL into the UI extensions when it bundles them (extensions/shared/app-url.ts);
# `shopify app dev` sets it to the tunnel, `build` and `deploy` take it from the environment. Without it the
# extensions could not find Tally, so it defaults to shopify.app.toml's application_url.
set -euo pipefail
if [ -z "${APP_URL:-}" ]; then
  APP_URL="$(node --input-type=module -e 'import { applicationUrl } from "./scripts/extensions/extension-build.mjs"; console.log(applicationUrl());')"
fi
export APP_URL
exec "$@"
