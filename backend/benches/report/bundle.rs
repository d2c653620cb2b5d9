//! The frontend's download: the wasm and JavaScript trunk writes to `dist/`, raw, gzipped, and as the
//! server sends them (the brotli copies of trunk's post-build hook); then the first visit timed in
//! Chromium under "Fast 3G" throttling ([`load`](crate::load)).

use std::{io::Write, path::Path};

use flate2::{Compression, write::GzEncoder};

use crate::{
    BoxError, load,
    markdown::{count, table},
    workspace_root,
};

/// The section's markdown; without a built `dist/` it says how to build one.
pub async fn section(redis_url: &str) -> Result<String, BoxError> {
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
    let (mut raw_total, mut gzip_total, mut brotli_total) = (0, 0, 0);
    for path in &files {
        let bytes = std::fs::read(path)?;
        let gzipped = gzip_len(&bytes)?;
        let mut copy = path.as_os_str().to_owned();
        copy.push(".br");
        // Without a copy (a build older than the hook) the server compresses on the fly instead.
        let brotli = std::fs::metadata(&copy).ok().map(|m| m.len() as usize);
        raw_total += bytes.len();
        gzip_total += gzipped;
        brotli_total += brotli.unwrap_or(0);
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        rows.push(vec![
            format!("`{name}`"),
            kib(bytes.len()),
            kib(gzipped),
            brotli.map_or_else(|| "–".to_owned(), kib),
        ]);
    }
    rows.push(vec![
        "**total**".into(),
        kib(raw_total),
        kib(gzip_total),
        kib(brotli_total),
    ]);

    let loads = load::measure(redis_url).await?;
    let mut ready: Vec<f64> = loads.iter().map(|l| l.ready_ms).collect();
    ready.sort_by(f64::total_cmp);
    let mut transferred: Vec<u64> = loads.iter().map(|l| l.transferred).collect();
    transferred.sort_unstable();
    let median = |n: usize| n / 2;
    let load_rows = vec![vec![
        count(ready[median(ready.len())]),
        count(ready[0]),
        count(ready[ready.len() - 1]),
        kib(transferred[median(transferred.len())] as usize),
    ]];

    Ok(format!(
        "## Frontend bundle\n\n\
         The wasm and JavaScript of `dist/` (`trunk build --release`, which builds the wasm with the \
         `wasm-release` cargo profile), raw, gzipped at level 6 (the measure of the 350 KB target), and \
         brotli-compressed as the server sends them to a browser that accepts brotli: the `.br` copies \
         trunk's post-build hook (`precompress`) writes beside each file. The stylesheets and \
         `index.html` are left out.\n\n{}\n\
         ### First visit under \"Fast 3G\"\n\n\
         Headless Chromium loads `/` from a backend process ({} loads, each in a fresh browser with an \
         empty cache) with Chrome DevTools' \"Fast 3G\" network throttling: 562.5 ms of latency, \
         180,000 bytes/s down, 84,375 bytes/s up. Time to interactive is from the start of navigation \
         until the shell is drawn and its WebSocket is connected (the connection badge says so); it \
         includes compiling the wasm on this machine's CPU, which is not throttled. Transferred counts \
         the page and its files on the wire, headers included.\n\n{}",
        table(
            &["file", "KiB", "gzipped KiB", "brotli copy (sent) KiB"],
            &rows
        ),
        load::RUNS,
        table(
            &[
                "time to interactive, median ms",
                "fastest ms",
                "slowest ms",
                "transferred KiB"
            ],
            &load_rows
        ),
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
