#!/usr/bin/env bash
# Installs what the client's tests need: the npm packages of the root workspace (client-vscode/)
# from the committed lockfile, Debian's chromium for the explain-page tests when missing, and
# (unless SKIP_E2E_TESTS is set) code-server for the end-to-end suite, cached outside the
# repository by scripts/install-code-server.sh.
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
if [ -z "${SKIP_E2E_TESTS:-}" ]; then
  started=$(date +%s)
  bash scripts/install-code-server.sh >/dev/null \
    || echo "warning: code-server could not be installed; the end-to-end suite will fail" >&2
  echo "code-server for the e2e suite ready in $(( $(date +%s) - started )) s" >&2
fi
