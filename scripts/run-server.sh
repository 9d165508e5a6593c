#!/usr/bin/env bash
# One command from a fresh clone: builds the server (Release) and runs it on stdio.
# Any arguments go to the server, e.g. scripts/run-server.sh --model models/deepseek-r1-distill-qwen-1.5b
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dotnet build "$root/src/AssistantLsp.Server/AssistantLsp.Server.csproj" -c Release -nologo -v quiet -o "$root/artifacts/server" 1>&2
exec "$root/artifacts/server/assistant-lsp" --stdio "$@"
