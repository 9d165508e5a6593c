#!/usr/bin/env bash
# Installs what the client's tests need: the npm packages of the root workspace (client-vscode/)
# from the committed lockfile, and Debian's chromium for the explain-page tests when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! npm ci --no-audit --no-fund; then
  echo "warning: npm ci failed (lockfile out of date?); falling back to npm install" >&2
  npm install --no-audit --no-fund
fi
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: chromium could not be installed; the client webview tests will fail" >&2
fi
