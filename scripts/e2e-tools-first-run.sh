#!/usr/bin/env bash
# Proves that scripts/e2e-tools.sh works on a machine where it never ran: an empty HOME (no ~/.npmrc, no
# code-server config) and a tools folder that does not exist yet. It must install Node 24 and code-server, a
# second run must find them installed, and HOME must hold nothing but npm's own cache afterwards (code-server
# wrote a config with a password there on its first run, and printed that before its version).
# On CI the tools folder is the fresh clone's .tools, so this is also the run that installs the tools.
# Usage: bash scripts/e2e-tools-first-run.sh      (E2E_TOOLS_DIR: the tools folder, which must not exist yet)
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="${E2E_TOOLS_DIR:-$PWD/.tools}"
fail() { echo "e2e-tools-first-run: $*" >&2; exit 1; }
if [ -e "$TOOLS/node24" ] || [ -e "$TOOLS/cs" ]; then
  echo "e2e-tools-first-run: $TOOLS already holds tools; point E2E_TOOLS_DIR at a folder that does not exist yet" >&2
  exit 2
fi
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
tools_run() {
  env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME HOME="$home" E2E_TOOLS_DIR="$TOOLS" bash scripts/e2e-tools.sh
}

first=$(tools_run) || fail "the first run failed:"$'\n'"$first"
echo "$first"
grep -q '^e2e-tools: node v24\..* installed in' <<<"$first" || fail "the first run did not install Node 24"
grep -q '^e2e-tools: code-server 4\.[0-9.]* .* installed in' <<<"$first" || fail "the first run did not install code-server"
second=$(tools_run) || fail "the second run failed:"$'\n'"$second"
grep -q '^e2e-tools: code-server 4\.[0-9.]* .*already installed' <<<"$second" || fail "the second run did not find code-server installed:"$'\n'"$second"
[ "$(grep '^E2E_CODE_SERVER=' <<<"$first")" = "$(grep '^E2E_CODE_SERVER=' <<<"$second")" ] || fail "the two runs name different code-server binaries"
left=$(cd "$home" && find . -mindepth 1 -maxdepth 1 ! -name .npm | sort)
[ -z "$left" ] || fail "the tools setup wrote into HOME: $left"$'\n'"$(cd "$home" && find . -maxdepth 3 ! -path './.npm/*' | head -20)"
echo "e2e-tools-first-run: an empty HOME and a new tools folder work, twice; HOME holds only npm's cache"
