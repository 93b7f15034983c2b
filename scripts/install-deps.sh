#!/usr/bin/env bash
# Installs the Debian packages Anxiao needs, only those missing. Usage: install-deps.sh demo|test
# Node.js 20 comes with the machine image; the web dependencies come from npm (npm ci).
set -euo pipefail

BUILD_PKGS=(cmake ninja-build g++ pkg-config make
  libexpected-dev nlohmann-json3-dev libsqlite3-dev libpq-dev libsodium-dev libssl-dev libicu-dev
  librestinio-dev libasio-dev libfmt-dev libhttp-parser-dev libcli11-dev libspdlog-dev
  libgtest-dev libgmock-dev libbenchmark-dev libxlsxwriter-dev libmimalloc-dev
  libvips-dev libexif-dev libpango1.0-dev libcairo2-dev libqrencode-dev libopencc-dev fonts-noto-cjk)
TEST_PKGS=(clang-format postgresql-15 python3 python3-pytest chromium poppler-utils zbar-tools sqlite3 wrk coreutils curl jq libvips-tools)

want=("${BUILD_PKGS[@]}")
if [ "${1:-demo}" = "test" ]; then want+=("${TEST_PKGS[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then missing+=("$p"); fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq "${missing[@]}"
  # Installing postgresql-15 starts Debian's default cluster on 5432; tests use their own cluster.
  if printf '%s\n' "${missing[@]}" | grep -q '^postgresql-15$' && command -v pg_ctlcluster >/dev/null; then
    $SUDO pg_ctlcluster 15 main stop 2>/dev/null || true
  fi
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "error: Node.js 20 and npm are required (they come with the machine image)" >&2
  exit 1
fi
