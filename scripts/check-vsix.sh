#!/usr/bin/env bash
# Builds the .vsix (npm run package) and checks that the server inside it runs: it writes a
# scripted test model and answers a one-shot generation with it. Exit code 0 when it does.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
npm run package --silent || { echo "npm run package failed"; exit 1; }
vsix=$(ls -t client-vscode/*.vsix 2>/dev/null | head -n1)
[ -n "$vsix" ] || { echo "no .vsix was built"; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m zipfile -e "$root/$vsix" "$work" || { echo "cannot unpack $vsix"; exit 1; }
server="$work/extension/server/assistant-lsp.dll"
[ -f "$server" ] || { echo "$vsix does not hold extension/server/assistant-lsp.dll"; exit 1; }
printf 'packaged server works' > "$work/script.txt"
dotnet "$server" make-test-model --out "$work/model" --kind scripted --script "$work/script.txt" >/dev/null || { echo "packaged make-test-model failed"; exit 1; }
out=$(dotnet "$server" generate --model "$work/model" --prompt hi --raw 2>/dev/null)
[ "$out" = "packaged server works" ] || { echo "packaged server answered '$out'"; exit 1; }
echo "$vsix: the packaged server runs ($(du -h "$vsix" | cut -f1))"
