#!/usr/bin/env bash
# Installs the Debian packages Manyi builds and tests with. Idempotent: packages already present
# are not touched, and apt-get runs only when something is missing.
set -euo pipefail

PKGS=(
  build-essential cmake pkg-config git
  libevent-dev libjansson-dev libsqlite3-dev libpq-dev libsodium-dev
  libcsv-dev libxlsxwriter-dev libqrencode-dev libcurl4-openssl-dev libutf8proc-dev
  libcmocka-dev zlib1g-dev libzip-dev libexpat1-dev
  postgresql postgresql-contrib
  nodejs npm chromium fonts-noto-cjk
  curl wrk valgrind
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js from the machine may be newer than Debian's; only install Debian's when none exists.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "install-deps: installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
