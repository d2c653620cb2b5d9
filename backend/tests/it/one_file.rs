//! The one-file build (README, "One file for a workshop laptop") in any order: the backend's build
//! script makes cargo watch `dist/` in the builds that embed it, so a release binary built before
//! `trunk build` is rebuilt with the frontend by the next `cargo build --release`. Building twice in
//! both orders takes minutes, so this checks what cargo was told: the lines the build script gave for
//! this very build, the folder they name being the one rust-embed embeds, and the release lines.

use std::path::Path;

#[path = "../../build/dist_watch.rs"]
mod dist_watch;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Whether this build embeds `dist/` (rust-embed reads it from disk when debug assertions are on).
const EMBEDS: bool = cfg!(not(debug_assertions));

#[test]
fn cargo_was_told_what_the_build_script_declares_for_this_build() {
    // Cargo keeps a build script's stdout in `output`, beside its OUT_DIR.
    let output = Path::new(env!("OUT_DIR")).with_file_name("output");
    let told = std::fs::read_to_string(&output).expect("the build script's output");
    let told: Vec<&str> = told.lines().filter(|l| l.starts_with("cargo:")).collect();

    assert_eq!(
        told,
        dist_watch::directives(Path::new(MANIFEST_DIR), EMBEDS)
    );
}

#[test]
fn a_release_build_watches_the_folder_rust_embed_embeds() {
    let release = dist_watch::directives(Path::new(MANIFEST_DIR), true);
    let dist = Path::new(MANIFEST_DIR).join("..").join("dist");
    assert!(
        release.contains(&format!("cargo:rerun-if-changed={}", dist.display())),
        "{release:?}"
    );
    let site =
        std::fs::read_to_string(Path::new(MANIFEST_DIR).join("src/site.rs")).expect("site.rs");
    assert!(site.contains(r#"#[folder = "$CARGO_MANIFEST_DIR/../dist/"]"#));
}

#[test]
fn a_debug_build_reads_dist_at_run_time_and_watches_nothing_of_it() {
    let debug = dist_watch::directives(Path::new(MANIFEST_DIR), false);
    let dist = Path::new(MANIFEST_DIR).join("..").join("dist");
    let watch_dist = format!("cargo:rerun-if-changed={}", dist.display());
    assert!(!debug.contains(&watch_dist), "{debug:?}");
}
