#!/usr/bin/env bash
# Installs what the end-to-end suite needs, from the package registries only, into a cache
# outside the repository (reused by later runs): Node 24 (npm package `node@24`, which also
# ships the headers native modules compile against), code-server (VS Code in the browser,
# from npm), and Debian's libkrb5-dev (code-server's kerberos module) and chromium.
# Prints the code-server launcher path on its last line. Exit code 0 when everything is there.
set -euo pipefail
version="${CODE_SERVER_VERSION:-4.139.1}"
cache="${ASSISTANT_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/assistant-lsp/code-server-$version}"
launcher="$cache/code-server/node_modules/code-server/out/node/entry.js"
node24="$cache/node/node_modules/node/bin/node"

if [ -f "$cache/.complete" ] && [ -x "$node24" ] && [ -f "$launcher" ] && [ -x /usr/bin/chromium ]; then
  echo "$cache"; exit 0
fi

missing=()
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]} (apt)" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

rm -rf "$cache" && mkdir -p "$cache/node" "$cache/code-server"
echo "installing node@24 (npm) into $cache/node" >&2
npm install --prefix "$cache/node" --no-audit --no-fund --no-save node@24 >&2
headers="$(dirname "$(find "$cache/node/node_modules" -path '*/include/node/node.h' | head -n1)")"
nodedir="${headers%/include/node}"
[ -x "$node24" ] && [ -d "$nodedir" ] || { echo "node@24 did not install a node binary with headers" >&2; exit 1; }

echo "installing code-server@$version (npm, native modules built against $nodedir)" >&2
PATH="$(dirname "$node24"):$PATH" npm_config_nodedir="$nodedir" \
  npm install --prefix "$cache/code-server" --no-audit --no-fund --no-save "code-server@$version" >&2
[ -f "$launcher" ] || { echo "code-server did not install ($launcher missing)" >&2; exit 1; }
touch "$cache/.complete"
echo "$cache"
