#!/usr/bin/env bash
# Sets up what is missing, builds the frontend, and starts the playground. Extra arguments go to the
# backend, e.g. `scripts/run.sh --port 9000` or `scripts/run.sh --redis-url redis://127.0.0.1:6379`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh
trunk build --release --offline
exec cargo run --release --quiet -p backend -- --frontend-dir "$root/dist" "$@"
