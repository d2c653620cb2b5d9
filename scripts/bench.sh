#!/usr/bin/env bash
# Sets up what is missing, then measures the playground against one private redis-server and writes the
# report, BENCHMARKS.md at the repo root. Arguments go to the bench binary:
#   --out PATH       where to write the report (relative to the repo root; or BENCH_OUT)
#   --decisions N    decisions timed per algorithm and path (a multiple of 100, up to 10000)
#   --warmup N       untimed decisions first
#   --no-python      leave out the course's Python (otherwise redis-py goes into target/bench-venv)
# Not part of scripts/test.sh or CI: speed is read from the report, never asserted by tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh

printf '\n\033[1m== %s\033[0m\n' "cargo bench --bench report (release build, then about a minute of measuring)"
cargo bench -p backend --bench report --offline -- "$@"
