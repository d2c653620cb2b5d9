//! What the backend's build script tells cargo about the frontend it embeds, kept apart so a test can
//! check it (`tests/it/one_file.rs`).
//!
//! A release build embeds the workspace's `dist/` (rust-embed in `site.rs`), and rust-embed makes cargo
//! watch only the files it embedded: a binary built before `trunk build` watched none, so a later
//! `cargo build --release` kept the binary without its frontend. Watching the folder itself fixes
//! that in any order: cargo compares the newest modification time under it with the last build, so a
//! new or rebuilt `dist/` rebuilds the backend. While `dist/` does not exist, cargo reruns the script
//! (and rebuilds the backend) on every release build, since it cannot tell when the folder appears.
//! Debug builds read `dist/` from disk at run time, so they watch nothing and never rebuild for it.

use std::path::Path;

/// The `cargo:` lines for a backend in `manifest_dir`; `embeds` is whether this build embeds
/// `dist/` (a build without debug assertions, as rust-embed decides).
pub fn directives(manifest_dir: &Path, embeds: bool) -> Vec<String> {
    let mut lines = vec![
        "cargo:rerun-if-changed=build.rs".to_owned(),
        "cargo:rerun-if-changed=build/dist_watch.rs".to_owned(),
    ];
    if embeds {
        let dist = manifest_dir.join("..").join("dist");
        lines.push(format!("cargo:rerun-if-changed={}", dist.display()));
    }
    lines
}
