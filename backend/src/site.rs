//! Where the built frontend comes from: a folder on disk (`--frontend-dir`), or the files of the
//! workspace's `dist/` carried inside the binary, so a release build is one file to copy to a laptop.
//!
//! rust-embed reads `dist/` from disk on every request in debug builds and embeds it at compile time in
//! release builds (`cargo build --release` after `trunk build --release`). `allow_missing` lets the
//! backend compile before the frontend was ever built; such a binary then needs `--frontend-dir`.

use std::path::{Path, PathBuf};

use axum::{
    body::Body,
    http::{HeaderMap, HeaderValue, StatusCode, Uri, header},
    response::{IntoResponse, Response},
};
use rust_embed::Embed;

/// trunk's output folder, next to the workspace's `Cargo.toml`.
#[derive(Embed)]
#[folder = "$CARGO_MANIFEST_DIR/../dist/"]
#[allow_missing = true]
struct Dist;

/// The page every path without a file of its own gets, so deep links like `/lock` load the app.
const INDEX: &str = "index.html";

/// Where the frontend is served from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frontend {
    /// A folder of trunk's output on disk.
    Dir(PathBuf),
    /// The `dist/` embedded in the binary (read from disk in debug builds).
    Embedded,
}

impl<P: AsRef<Path> + ?Sized> From<&P> for Frontend {
    fn from(dir: &P) -> Self {
        Self::Dir(dir.as_ref().to_owned())
    }
}

impl Frontend {
    /// Whether the frontend's `index.html` is there to serve.
    pub fn is_present(&self) -> bool {
        match self {
            Self::Dir(dir) => dir.join(INDEX).is_file(),
            Self::Embedded => Dist::get(INDEX).is_some(),
        }
    }
}

/// Answers `GET <uri>` from the embedded files: the file itself, or `index.html` for a path without one.
/// The ETag is the file's SHA-256, so a browser revalidating an unchanged file gets a 304.
pub async fn embedded(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    let found = Dist::get(path)
        .filter(|_| !path.is_empty())
        .or_else(|| Dist::get(INDEX));
    let Some(file) = found else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = etag(&file.metadata.sha256_hash());
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|sent| sent.as_bytes() == etag.as_bytes());
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Response::new(Body::from(file.data))
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    if let Ok(value) = HeaderValue::from_str(file.metadata.mimetype()) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // Revalidated on every load (cheap, by ETag), so a newer build of the same binary is never stale.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// A strong ETag: the hash in hex, quoted.
fn etag(hash: &[u8; 32]) -> String {
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}
