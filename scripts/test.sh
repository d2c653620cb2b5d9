#!/usr/bin/env bash
# Sets up what is missing, then runs every check and test: formatting, lints (host and wasm32), the
# frontend build, and all unit, integration and headless-Chromium tests. Each test starts its own
# redis-server; nothing here uses a Redis that happens to be running. Among the integration tests are
# two checks of the trace's truth: MONITOR on the test's Redis equals the trace every session received
# (tests/it/monitor.rs), and the course's own Python RateLimiter (read from ../shared/course, run in
# target/course-venv) decides like the lab's course lanes (tests/it/course_python.rs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy (host, all targets)"
cargo clippy --workspace --all-targets --offline -- -D warnings
step "cargo clippy (frontend, wasm32)"
cargo clippy -p frontend --target wasm32-unknown-unknown --offline -- -D warnings
step "trunk build --release (the frontend the browser tests load)"
trunk build --release --offline
step "cargo test (unit, integration, headless Chromium)"
cargo test --workspace --offline
# The labs' integration and browser tests again, each backend on a private Redis Cluster of its own
# (three masters, a replica each). Left out: the tests of one redis-server itself (restarting it,
# MONITOR, its memory); `cluster::` covers failover.
step "cargo test (the labs on a Redis Cluster)"
on_cluster=(ping:: ratelimit lock:: cache:: pubsub:: quiz:: console:: room:: limits:: acl:: session::
  readings:: trace_origin:: bad_input:: share:: slow_motion:: course:: exercise browser::)
PG_TEST_REDIS=cluster cargo test -p backend --test it --offline -- "${on_cluster[@]}" \
  --skip acl::a_restarted_redis_
