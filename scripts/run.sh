#!/usr/bin/env bash
# Runs a command with Node 22 and the project's dependencies in place: `bash scripts/run.sh <command> [args]`.
# Every npm script goes through here, so each one works on a fresh clone.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node22.sh"
source "$TALLY_ROOT/scripts/install.sh"
export PATH="$TALLY_ROOT/node_modules/.bin:$PATH"
cd "$TALLY_ROOT"
exec "$@"
