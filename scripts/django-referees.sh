#!/usr/bin/env bash
# Unpacks real Django releases into .tools/ (git-ignored) so the parity suite can run `manage.py check --deploy`
# under every supported series, without installing anything into the system:
#   .tools/django-4.2   Debian trixie's python3-django and its pure-Python dependencies (asgiref, sqlparse, ...)
#   .tools/django-5.2   the same from sid
#   .tools/django-6.1   the same from experimental
#   .tools/python3.13   Debian trixie's python3.13 with every shared library it links against, libc and its
#                       dynamic loader included (Django 6.x needs Python 3.12+; Debian 12 has 3.11)
# Each .tools/django-X.Y/bin/python runs that Django: under /usr/bin/python3 (3.11) for 4.2 and 5.2, under the
# unpacked 3.13 through the tree's own ld-linux-x86-64.so.2 for 6.x. Django 3.2 is Debian 12's own python3-django.
# Packages come from the machine's Debian mirror (other suites) through a private apt state in .tools/apt, are
# checked against the signed indexes by apt, unpacked with dpkg-deb -x, and cached: a second run does nothing.
# Usage: bash scripts/django-referees.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="${DJANGO_REFEREES_DIR:-$PWD/.tools}"
# series:suite where Debian carries it; if the suite has moved on, every configured suite is searched.
SERIES=(4.2:trixie 5.2:sid 6.1:experimental)
SUITES=(trixie sid experimental)
PYTHON_SERIES=3.13
PYTHON_SUITE=trixie
PYTHON_TREE="$TOOLS/python$PYTHON_SERIES"
APT_DIR="$TOOLS/apt"
FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

log() { echo "django-referees: $*"; }
now() { date +%s; }
t_all=$(now)

case "$(uname -m)" in
  x86_64) ARCH=amd64 MULTIARCH=x86_64-linux-gnu LOADER=ld-linux-x86-64.so.2 ;;
  *) log "only x86_64 is supported (got $(uname -m))"; exit 1 ;;
esac

needs_python313() { [ "${1%%.*}" -ge 6 ]; }

# A tree is ready when its python imports the expected Django series (and, for 6.x, the 3.13 tree runs).
tree_ok() {
  local series=$1 version
  [ -x "$TOOLS/django-$series/bin/python" ] || return 1
  version=$("$TOOLS/django-$series/bin/python" -c 'import django; print(django.get_version())' 2>/dev/null) || return 1
  [[ "$version" == "$series".* || "$version" == "$series" ]]
}
python_ok() {
  [ -x "$PYTHON_TREE/bin/python" ] &&
    "$PYTHON_TREE/bin/python" -c 'import sqlite3, ssl, zoneinfo, sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null
}

missing=()
for entry in "${SERIES[@]}"; do
  series=${entry%%:*}
  if [ $FORCE = 1 ] || ! tree_ok "$series"; then missing+=("$entry"); fi
done
need_python=0
for entry in "${SERIES[@]}"; do
  if needs_python313 "${entry%%:*}" && { [ $FORCE = 1 ] || ! python_ok; }; then need_python=1; fi
done
if [ ${#missing[@]} -eq 0 ] && [ $need_python = 0 ]; then
  log "Django ${SERIES[*]%%:*} already unpacked in $TOOLS"
  exit 0
fi

for tool in apt-get apt-cache dpkg-deb; do
  command -v "$tool" >/dev/null || { log "$tool is missing (a Debian or Ubuntu machine is needed)"; exit 1; }
done

# The machine's own Debian mirror and keyring (deb822 or one-line sources), other suites.
mirror_and_keyring() {
  local file uri="" keyring=""
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    uri=$(awk '/^URIs:/{for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) {print $i; exit}}' "$file")
    keyring=$(awk '/^Signed-By:/{print $2; exit}' "$file")
    [ -n "$uri" ] && break
  done
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" {for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\/.*\/debian\/?$/) {print $i; exit}}' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || uri=http://deb.debian.org/debian
  [ -n "$keyring" ] && [ -f "$keyring" ] || keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  echo "${uri%/} $keyring"
}
read -r MIRROR KEYRING < <(mirror_and_keyring)
[ -f "$KEYRING" ] || { log "no Debian archive keyring at $KEYRING (install debian-archive-keyring)"; exit 1; }

mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache" "$APT_DIR/archives/partial"
: >"$APT_DIR/status"
for suite in "${SUITES[@]}"; do echo "deb [arch=$ARCH signed-by=$KEYRING] $MIRROR $suite main"; done >"$APT_DIR/sources.list"
APT_OPTIONS=(
  -o "Dir::Etc::SourceList=$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
  -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::State::status=$APT_DIR/status"
  -o "Dir::Cache=$APT_DIR/cache" -o "Dir::Cache::archives=$APT_DIR/archives"
  -o "APT::Architecture=$ARCH" -o APT::Architectures::=$ARCH -o Acquire::Languages=none
  -o APT::Install-Recommends=false -o Debug::NoLocking=true
)
# As root apt drops to _apt for downloads, which cannot write into .tools; stay root, as apt-get download does anyway.
[ "$(id -u)" = 0 ] && APT_OPTIONS+=(-o APT::Sandbox::User=root)
private_apt_get() { apt-get -q "${APT_OPTIONS[@]}" "$@"; }
private_apt_cache() { apt-cache "${APT_OPTIONS[@]}" "$@"; }

t=$(now)
log "reading ${SUITES[*]} from $MIRROR"
private_apt_get update >"$APT_DIR/update.log" 2>&1 || { cat "$APT_DIR/update.log" >&2; log "apt-get update failed"; exit 1; }
log "indexes read in $(( $(now) - t ))s"

# What installing PACKAGE from SUITE onto an empty system would bring: "name=version" lines.
closure() {
  private_apt_get -s -t "$1" install "$2" 2>&1 | awk '/^Inst /{v = $3; gsub(/[()]/, "", v); print $2 "=" v}'
}

# Downloads (into the cache, verified against the signed indexes) and unpacks "name=version" packages into DIR.
unpack_into() {
  local dir=$1 package name version file
  shift
  (cd "$APT_DIR/archives" && private_apt_get download "$@" >"$APT_DIR/download.log" 2>&1) ||
    { cat "$APT_DIR/download.log" >&2; log "apt-get download failed"; exit 1; }
  for package in "$@"; do
    name=${package%%=*}
    version=${package#*=}
    file=$(ls "$APT_DIR/archives/${name}_${version//:/%3a}_"*.deb 2>/dev/null | head -1)
    [ -n "$file" ] || { log "downloaded $package but cannot find its .deb"; exit 1; }
    dpkg-deb -x "$file" "$dir"
  done
}

# The newest python3-django of a series in any configured suite, as "version suite" (version with its epoch).
django_candidate() {
  local series=$1
  private_apt_cache madison python3-django |
    awk -F'|' -v series="$series" '{
      gsub(/ /, "", $2); upstream = $2; sub(/^[0-9]+:/, "", upstream)
      if (index(upstream, series ".") == 1) { split($3, parts, " "); split(parts[2], suite, "/"); print $2, suite[1] }
    }' | sort -V -r | head -1
}

if [ $need_python = 1 ]; then
  t=$(now)
  mapfile -t packages < <(closure "$PYTHON_SUITE" "python$PYTHON_SERIES")
  [ ${#packages[@]} -gt 0 ] || { log "python$PYTHON_SERIES is not in $PYTHON_SUITE"; exit 1; }
  rm -rf "$PYTHON_TREE" "$PYTHON_TREE.partial"
  mkdir -p "$PYTHON_TREE.partial/bin"
  unpack_into "$PYTHON_TREE.partial" "${packages[@]}"
  cat >"$PYTHON_TREE.partial/bin/python" <<EOF
#!/bin/sh
# Debian's python$PYTHON_SERIES from this tree, run by the tree's own dynamic loader with the tree's own libraries
# (libc included), so nothing from the host system is loaded.
tree=\$(cd "\$(dirname "\$0")/.." && pwd)
lib="\$tree/usr/lib/$MULTIARCH"
exec "\$lib/$LOADER" --library-path "\$lib" "\$tree/usr/bin/python$PYTHON_SERIES" "\$@"
EOF
  chmod +x "$PYTHON_TREE.partial/bin/python"
  printf '%s\n' "${packages[@]}" >"$PYTHON_TREE.partial/packages.txt"
  # Debian compiles the standard library at install time (py3compile); do it once here so runs start fast. Serially:
  # worker processes would start python3.13 itself, without the tree's loader, against the host's older libc.
  "$PYTHON_TREE.partial/bin/python" -m compileall -q "$PYTHON_TREE.partial/usr/lib/python$PYTHON_SERIES" >/dev/null 2>&1 || true
  mv "$PYTHON_TREE.partial" "$PYTHON_TREE"
  python_ok || { log "the unpacked python$PYTHON_SERIES does not run"; "$PYTHON_TREE/bin/python" -c 'import sqlite3, ssl' || true; exit 1; }
  log "python$PYTHON_SERIES ($(grep "^python$PYTHON_SERIES=" "$PYTHON_TREE/packages.txt" | cut -d= -f2)) unpacked with ${#packages[@]} packages in $(( $(now) - t ))s"
fi

for entry in "${missing[@]}"; do
  t=$(now)
  series=${entry%%:*}
  read -r version suite < <(django_candidate "$series") || true
  [ -n "${version:-}" ] || { log "no python3-django $series.x in ${SUITES[*]} on $MIRROR"; exit 1; }
  # Django and the pure-Python packages it depends on, as that suite resolves them; the interpreter is not ours.
  mapfile -t packages < <(closure "$suite" "python3-django=$version" |
    grep -E '^python3-' | grep -v -E '^python3(-minimal)?=' || true)
  tree="$TOOLS/django-$series"
  rm -rf "$tree" "$tree.partial"
  mkdir -p "$tree.partial/bin"
  unpack_into "$tree.partial" "${packages[@]}"
  site='$tree/usr/lib/python3/dist-packages'
  if needs_python313 "$series"; then
    # The project's own helpers (django-environ, decouple, dj-database-url: pure Python) come from the system's
    # packages, after this tree, as they do for /usr/bin/python3.
    run="PYTHONPATH=\"$site:/usr/lib/python3/dist-packages\${PYTHONPATH:+:\$PYTHONPATH}\" exec \"\$tree/../python$PYTHON_SERIES/bin/python\" \"\$@\""
  else
    run="PYTHONPATH=\"$site\${PYTHONPATH:+:\$PYTHONPATH}\" exec /usr/bin/python3 \"\$@\""
  fi
  cat >"$tree.partial/bin/python" <<EOF
#!/bin/sh
# Django $version (Debian $suite) ahead of anything else on the path.
tree=\$(cd "\$(dirname "\$0")/.." && pwd)
export PYTHONPATH
$run
EOF
  chmod +x "$tree.partial/bin/python"
  printf '%s\n' "${packages[@]}" >"$tree.partial/packages.txt"
  mv "$tree.partial" "$tree"
  "$tree/bin/python" -m compileall -q "$tree/usr/lib/python3/dist-packages" >/dev/null 2>&1 || true
  tree_ok "$series" || { log "Django $series does not import from $tree"; "$tree/bin/python" -c 'import django' || true; exit 1; }
  log "Django $("$tree/bin/python" -c 'import django; print(django.get_version())') ($suite, ${#packages[@]} packages) unpacked in $(( $(now) - t ))s"
done
log "ready in $(( $(now) - t_all ))s"
