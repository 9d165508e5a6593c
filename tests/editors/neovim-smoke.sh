#!/usr/bin/env bash
# Drives the built server from headless Neovim (a real non-VS Code LSP client) with a generated
# scripted model. Prints each check and, when ASSISTANT_TEST_RESULTS is set, writes
# neovim.counts ("<passed> <failed>"). Exit code 1 when a check failed.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
server="${ASSISTANT_LSP:-$root/src/AssistantLsp.Server/bin/Release/net10.0/assistant-lsp}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'I need to add two numbers here.\n</think>\n\n```python\n    return a + b\n```\n' > "$work/script.txt"
printf 'def add(a, b):\n    \n' > "$work/demo.py"
"$server" make-test-model --out "$work/model" --kind scripted --script "$work/script.txt" >/dev/null || { echo "make-test-model failed"; exit 1; }
ASSISTANT_LSP="$server" ASSISTANT_MODEL="$work/model" ASSISTANT_WORKDIR="$work" \
  timeout 120 nvim --headless -u NONE -i NONE -c "luafile $root/tests/editors/neovim-smoke.lua" >/dev/null 2>&1
if [ ! -f "$work/results.txt" ]; then
  echo "FAIL neovim session did not finish"; echo "--- server log"; cat "$work"/server*.log 2>/dev/null | tail -20
  [ -n "${ASSISTANT_TEST_RESULTS:-}" ] && echo "0 1" > "$ASSISTANT_TEST_RESULTS/neovim.counts"
  exit 1
fi
cat "$work/results.txt"
passed=$(grep -c '^PASS' "$work/results.txt"); failed=$(grep -c '^FAIL' "$work/results.txt")
[ -n "${ASSISTANT_TEST_RESULTS:-}" ] && echo "$passed $failed" > "$ASSISTANT_TEST_RESULTS/neovim.counts"
[ "$failed" -eq 0 ]
