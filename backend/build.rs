//! Makes a release build of the backend notice a new frontend in `dist/`; see `build/dist_watch.rs`.

#[path = "build/dist_watch.rs"]
mod dist_watch;

fn main() {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
    let embeds = std::env::var_os("CARGO_CFG_DEBUG_ASSERTIONS").is_none();
    for line in dist_watch::directives(std::path::Path::new(&manifest_dir), embeds) {
        println!("{line}");
    }
}
