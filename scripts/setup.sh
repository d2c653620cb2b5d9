#!/usr/bin/env bash
# Installs what the playground needs and is missing; skips what is already there. Sourced by run.sh and
# test.sh (so the PATH it sets carries over), and safe to run on its own.
#
#   rust 1.95.0 + wasm32 target   rustup (pinned by rust-toolchain.toml)
#   redis-server, chromium,        Debian packages
#   redis-tools (redis-benchmark),
#   chromium-driver, nodejs/npm,
#   fonts-noto-cjk (Japanese in
#   headless screenshots)
#   wasm-opt version_132          npm package binaryen@132, in a per-user folder
#   axe-core 4.14.1               npm package, in a per-user folder (the browser tests' accessibility
#                                 checks; AXE_CORE_JS names its axe.min.js)
#   trunk 0.21.14                 cargo install --locked
#   wasm-bindgen-cli              cargo install, at the version Cargo.lock pins
#   python3 + venv, redis-py      Debian packages; pip into target/course-venv (the course's Python
#                                 check of cargo test runs the course's RateLimiter there)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${XDG_DATA_HOME:-$HOME/.local/share}/redis-playground"
binaryen_dir="$tools/binaryen-132"
axe_version="4.14.1"
axe_dir="$tools/axe-core-$axe_version"
export PATH="$HOME/.cargo/bin:$binaryen_dir/node_modules/.bin:$PATH"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    say "apt-get update"
    as_root apt-get update -qq
    apt_updated=1
  fi
  say "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Debian packages, each only when its command is missing.
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v redis-benchmark >/dev/null || missing+=(redis-tools)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v npm >/dev/null || missing+=(nodejs npm)
command -v cc >/dev/null || missing+=(build-essential)
command -v python3 >/dev/null || missing+=(python3)
python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi

# Rust: rust-toolchain.toml pins the version; rustup installs it and the wasm target on first use.
if ! command -v rustup >/dev/null; then
  echo "rustup is required: install it from your distribution or rustup.rs, then run this again." >&2
  exit 1
fi
channel="$(sed -n 's/^channel = "\(.*\)"/\1/p' "$root/rust-toolchain.toml")"
if ! rustup target list --installed --toolchain "$channel" 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "rustup: toolchain $channel with wasm32-unknown-unknown"
  rustup toolchain install "$channel" --profile minimal --component clippy,rustfmt \
    --target wasm32-unknown-unknown
fi

# wasm-opt: Debian's binaryen is too old for today's Rust wasm; npm's binaryen@132 works.
if ! wasm-opt --version 2>/dev/null | grep -q 'version_132'; then
  say "npm: binaryen@132 (wasm-opt) into $binaryen_dir"
  mkdir -p "$binaryen_dir"
  npm install --silent --no-audit --no-fund --prefix "$binaryen_dir" binaryen@132
fi

# axe-core: the accessibility rules the headless-Chromium tests inject into every page.
export AXE_CORE_JS="$axe_dir/node_modules/axe-core/axe.min.js"
if [ ! -f "$AXE_CORE_JS" ]; then
  say "npm: axe-core@$axe_version into $axe_dir"
  mkdir -p "$axe_dir"
  npm install --silent --no-audit --no-fund --prefix "$axe_dir" "axe-core@$axe_version"
fi

# trunk: 0.22 needs a newer rustc than the pinned one.
if ! trunk --version 2>/dev/null | grep -qx 'trunk 0.21.14'; then
  say "cargo install trunk 0.21.14 (about 6 minutes on 2 cores)"
  cargo install --locked trunk --version 0.21.14
fi

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, and Trunk.toml must pin the same, or trunk
# would try to download one.
bindgen="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
pinned="$(sed -n 's/^wasm_bindgen = "\(.*\)"/\1/p' "$root/Trunk.toml")"
if [ "$bindgen" != "$pinned" ]; then
  echo "Trunk.toml pins wasm_bindgen = \"$pinned\" but Cargo.lock has wasm-bindgen $bindgen: make them equal." >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $bindgen"; then
  say "cargo install wasm-bindgen-cli $bindgen"
  cargo install wasm-bindgen-cli --version "$bindgen"
fi

# The course's Python: redis-py in a venv of the repo's own, made once.
course_venv="$root/target/course-venv"
if ! "$course_venv/bin/python" -c 'import redis' 2>/dev/null; then
  say "python3 -m venv target/course-venv; pip install redis"
  [ -x "$course_venv/bin/python" ] || python3 -m venv "$course_venv"
  "$course_venv/bin/python" -m pip install --quiet --disable-pip-version-check redis
fi

# Crates, so later builds can run offline.
(cd "$root" && cargo fetch --quiet)
say "all tools present"
