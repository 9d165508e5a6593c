#!/usr/bin/env bash
# Installs the client's npm packages and, for the webview tests, Debian's chromium when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund || npm install --no-audit --no-fund
if ! command -v chromium >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: chromium could not be installed; webview tests will fail"
fi
