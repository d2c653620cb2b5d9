#!/usr/bin/env bash
# Sets up what is missing, then measures the playground against one private redis-server and writes the
# report, BENCHMARKS.md at the repo root. Arguments go to the bench binary:
#   --out PATH              where to write the report (relative to the repo root; or BENCH_OUT)
#   --decisions N           decisions timed per algorithm and path (a multiple of 100, up to 10000)
#   --warmup N              untimed decisions first
#   --no-python             leave out the course's Python (otherwise redis-py goes into target/bench-venv)
#   --sessions N            WebSocket sessions open at once in the concurrent-sessions section (1000)
#   --session-seconds S     how long they keep deciding (20)
#   --only a,b              only these sections: ratelimit, room, fanout, script, sessions, exercise, console,
#                           bundle, draw, fuzz, findings
# Environment: FUZZ_SECONDS (default 20) is how long each fuzz target runs before the report.
# Not part of scripts/test.sh or CI: speed is read from the report, never asserted by tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# 1,000 sessions hold a socket each in the bench and in the backend, and a Redis connection each.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 4096 ]; then
  ulimit -n 4096 || { echo "ulimit -n is $(ulimit -n); 1,000 sessions need 4096" >&2; exit 1; }
fi

if ! ls dist/*.wasm >/dev/null 2>&1; then
  step "trunk build --release (the bundle and draw sections load dist/)"
  trunk build --release --offline
fi

step "fuzz targets, ${FUZZ_SECONDS:-20} s each (cargo test --test it fuzz)"
rm -f target/fuzz-report.tsv
FUZZ_SECONDS="${FUZZ_SECONDS:-20}" FUZZ_REPORT="$root/target/fuzz-report.tsv" \
  cargo test -p backend --offline --test it fuzz -- --nocapture

step "cargo bench --bench report (release build, then a few minutes of measuring)"
cargo bench -p backend --bench report --offline -- "$@"
