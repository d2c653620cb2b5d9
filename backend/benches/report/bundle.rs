//! The frontend's download: the wasm and JavaScript trunk writes to `dist/`, raw and gzipped, as a
//! browser fetches them on a first visit (the server compresses responses with gzip or brotli).

use std::{io::Write, path::Path};

use flate2::{Compression, write::GzEncoder};

use crate::{
    BoxError,
    markdown::{count, table},
    workspace_root,
};

/// The section's markdown; without a built `dist/` it says how to build one.
pub fn section() -> Result<String, BoxError> {
    let dist = workspace_root().join("dist");
    let mut files = bundle_files(&dist)?;
    if files.is_empty() {
        return Ok(
            "## Frontend bundle\n\nNot measured: `dist/` holds no built frontend. \
                   `scripts/bench.sh` builds it with `trunk build --release` first.\n"
                .into(),
        );
    }
    files.sort();
    let mut rows = Vec::new();
    let (mut raw_total, mut gzip_total) = (0, 0);
    for path in &files {
        let bytes = std::fs::read(path)?;
        let gzipped = gzip_len(&bytes)?;
        raw_total += bytes.len();
        gzip_total += gzipped;
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        rows.push(vec![format!("`{name}`"), kib(bytes.len()), kib(gzipped)]);
    }
    rows.push(vec!["**total**".into(), kib(raw_total), kib(gzip_total)]);
    Ok(format!(
        "## Frontend bundle\n\n\
         The wasm and JavaScript of `dist/` (`trunk build --release`), and their size gzipped at \
         level 6, the default of the server's compression. The stylesheets and `index.html` are left \
         out.\n\n{}",
        table(&["file", "KiB", "gzipped KiB"], &rows)
    ))
}

/// `dist/*.wasm` and `dist/*.js`.
fn bundle_files(dist: &Path) -> Result<Vec<std::path::PathBuf>, BoxError> {
    if !dist.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        let ext = path.extension().and_then(|e| e.to_str());
        if matches!(ext, Some("wasm" | "js")) {
            files.push(path);
        }
    }
    Ok(files)
}

fn gzip_len(bytes: &[u8]) -> std::io::Result<usize> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

/// Bytes as KiB with one decimal.
fn kib(bytes: usize) -> String {
    let tenths = (bytes as f64 / 1024.0 * 10.0).round();
    format!("{}.{}", count((tenths / 10.0).floor()), tenths as u64 % 10)
}
