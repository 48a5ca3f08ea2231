#!/usr/bin/env bash
# Debian packages the real-component suites use: Django 3.2 (parity with `manage.py check --deploy`),
# supervisor and gunicorn (generated configs proven by the real daemon), Neovim (a real LSP client), Chromium
# (end-to-end in code-server), and the deployment tools the deploy readers are checked against: systemd
# (systemd-analyze verify), uwsgi-core (uWSGI's own ini/YAML parser), gunicorn (--print-config); Black (fixed
# settings modules are laid out as Black lays them out).
# Installs only what is missing; needs root (CI runs as root).
set -euo pipefail
packages=(python3-django python3-django-environ python3-dj-database-url python3-django-redis python3-celery
  python3-pymemcache python3-psycopg2 python3-decouple python3-django-split-settings supervisor gunicorn neovim chromium
  libkrb5-dev systemd uwsgi-core black)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "system-deps: missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
