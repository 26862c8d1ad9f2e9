#!/usr/bin/env bash
# Makes sure the browser tests (test/browser) have a Chromium to drive: Debian's package at /usr/bin/chromium,
# installed with apt-get when it is missing. Idempotent: does nothing when Chromium is already there, or when
# TALLY_CHROMIUM names another Chromium or Chrome binary. Playwright's own browser download is never used: it
# needs hosts this project's machines cannot reach.
#
# Exit status 0 when a Chromium is ready. When none can be had it prints why and exits 1; the browser tests then
# fail with the same explanation rather than being skipped.
set -uo pipefail

if [ -n "${TALLY_CHROMIUM:-}" ]; then
  if [ -x "$TALLY_CHROMIUM" ]; then exit 0; fi
  echo "tally: TALLY_CHROMIUM=$TALLY_CHROMIUM is not an executable file" >&2
  exit 1
fi

if [ -x /usr/bin/chromium ]; then exit 0; fi

if ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<'TXT'
tally: Chromium is missing and this machine has no apt-get to install Debian's package.
       Install Chromium or Chrome yourself and point TALLY_CHROMIUM at its binary, e.g.
       TALLY_CHROMIUM="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" npm test
       Until then the browser tests (test/browser) fail.
TXT
  exit 1
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "tally: Chromium is missing; installing it needs root: run \`sudo apt-get update && sudo apt-get install -y chromium\`" >&2
    exit 1
  fi
fi

echo "tally: installing Debian's chromium for the browser tests (apt-get)" >&2
log="$(mktemp)"
if ! { "${as_root[@]}" apt-get update && DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y chromium; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  rm -f "$log"
  echo "tally: apt-get could not install chromium (output above); the browser tests will fail" >&2
  exit 1
fi
rm -f "$log"
if [ ! -x /usr/bin/chromium ]; then
  echo "tally: apt-get installed chromium but /usr/bin/chromium is still missing; the browser tests will fail" >&2
  exit 1
fi
echo "tally: $(/usr/bin/chromium --version 2>/dev/null | tail -n 1)" >&2
