//! Where the built frontend comes from: a folder on disk (`--frontend-dir`), or the files of the
//! workspace's `dist/` carried inside the binary, so a release build is one file to copy to a laptop.
//!
//! rust-embed reads `dist/` from disk on every request in debug builds and embeds it at compile time in
//! release builds (`cargo build --release` after `trunk build --release`). `allow_missing` lets the
//! backend compile before the frontend was ever built; such a binary then needs `--frontend-dir`.

use std::path::{Path, PathBuf};

use axum::{
    body::Body,
    extract::Request,
    http::{HeaderMap, HeaderValue, StatusCode, Uri, header},
    middleware::Next,
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
/// A client that accepts brotli or gzip gets the file's `.br` or `.gz` copy (written by trunk's
/// post-build hook, `precompress`) as it is; a file without one is compressed on the fly by the router's
/// compression layer. The ETag is the SHA-256 of the bytes sent, so a browser revalidating an unchanged
/// file gets a 304.
pub async fn embedded(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    let found = Dist::get(path)
        .filter(|_| !path.is_empty())
        .map(|file| (path, file))
        .or_else(|| Dist::get(INDEX).map(|file| (INDEX, file)));
    let Some((name, file)) = found else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let accept = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let copy = Encoding::preferred(accept)
        .into_iter()
        .find_map(|coding| Some((coding, Dist::get(&format!("{name}.{}", coding.suffix()))?)));
    let content_type = HeaderValue::from_str(file.metadata.mimetype()).ok();
    let (body, coding) = match copy {
        Some((coding, copy)) => (copy, Some(coding)),
        None => (file, None),
    };
    let etag = etag(&body.metadata.sha256_hash());
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|sent| sent.as_bytes() == etag.as_bytes());
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Response::new(Body::from(body.data))
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    if let Some(value) = content_type {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if let Some(coding) = coding {
        headers.insert(
            header::CONTENT_ENCODING,
            HeaderValue::from_static(coding.content_encoding()),
        );
    }
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(header::CACHE_CONTROL, cache_control(name));
    response
}

/// A compression of which `precompress` writes a copy beside each file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    /// The codings an `Accept-Encoding` header accepts, best first: the higher quality value, brotli
    /// on a tie (it is smaller). A coding the header does not name, or names with `q=0`, is left out;
    /// `*` stands for any coding not named.
    fn preferred(accept: &str) -> Vec<Self> {
        let weight = |coding: &str| {
            let mut named = None;
            let mut any = None;
            for item in accept.split(',') {
                let mut parts = item.split(';');
                let token = parts.next().unwrap_or("").trim();
                let q = parts
                    .find_map(|param| param.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                    .unwrap_or(0.0);
                if token.eq_ignore_ascii_case(coding) {
                    named = Some(q);
                } else if token == "*" {
                    any = Some(q);
                }
            }
            named.or(any).unwrap_or(0.0)
        };
        let (brotli, gzip) = (weight("br"), weight("gzip"));
        let mut codings = Vec::new();
        if brotli > 0.0 && brotli >= gzip {
            codings.push(Self::Brotli);
        }
        if gzip > 0.0 {
            codings.push(Self::Gzip);
        }
        if brotli > 0.0 && brotli < gzip {
            codings.push(Self::Brotli);
        }
        codings
    }

    /// The file name suffix of the copy.
    fn suffix(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gz",
        }
    }

    /// The `Content-Encoding` value.
    fn content_encoding(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gzip",
        }
    }
}

/// The `Cache-Control` of the site's file at `path`: a year, never revalidated, for a name that carries
/// trunk's content hash (a new build writes new names); `no-cache` (revalidate by ETag or date on
/// every load) for everything else, `index.html` and the SPA fallback among them, so a page always
/// names the current build's files.
pub fn cache_control(path: &str) -> HeaderValue {
    if is_hashed(path) {
        HeaderValue::from_static("public, max-age=31536000, immutable")
    } else {
        HeaderValue::from_static("no-cache")
    }
}

/// Whether a file name carries trunk's content hash: `frontend-2f15149f7e1cccea.js`,
/// `frontend-2f15149f7e1cccea_bg.wasm` (wasm-bindgen's suffix), `theme-9c0b5e4d1a7f3e21.css`. The hash
/// is a 64-bit seahash in lower-case hex without leading zeros, so 8 to 16 digits in practice.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(base, hash)| {
        !base.is_empty()
            && (8..=16).contains(&hash.len())
            && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// Sets the [`cache_control`] of the requested path on a response of the `--frontend-dir` folder that
/// has none yet (the SPA fallback sets its own `no-cache`), and `Vary: accept-encoding`, since the same
/// path is sent as its brotli or gzip copy or as it is (tower-http's `ServeDir` does not say so).
pub async fn dir_headers(request: Request, next: Next) -> Response {
    let value = cache_control(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.entry(header::CACHE_CONTROL).or_insert(value);
    headers
        .entry(header::VARY)
        .or_insert(HeaderValue::from_static("accept-encoding"));
    response
}

/// A strong ETag: the hash in hex, quoted.
fn etag(hash: &[u8; 32]) -> String {
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_names_are_recognised_and_other_names_are_not() {
        for hashed in [
            "/frontend-2f15149f7e1cccea.js",
            "frontend-2f15149f7e1cccea_bg.wasm",
            "/frontend-2f15149f7e1cccea_bg.wasm",
            "/room-labs-9c0b5e4d1a7f3e2.css",
            "/snippets/x-0123456789abcdef.js",
        ] {
            assert!(is_hashed(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/favicon.svg",
            "/lock",
            "/room/AB12CD34",
            "/room-labs.css",
            "/-2f15149f7e1cccea.js",
            "/frontend-2F15149F7E1CCCEA.js",
            "/frontend-2f15149.js",
        ] {
            assert!(!is_hashed(plain), "{plain}");
        }
    }

    #[test]
    fn the_preferred_codings_follow_accept_encoding() {
        use Encoding::{Brotli, Gzip};
        assert_eq!(Encoding::preferred(""), []);
        assert_eq!(Encoding::preferred("identity"), []);
        assert_eq!(
            Encoding::preferred("gzip, deflate, br, zstd"),
            [Brotli, Gzip]
        );
        assert_eq!(Encoding::preferred("gzip"), [Gzip]);
        assert_eq!(Encoding::preferred("BR"), [Brotli]);
        assert_eq!(Encoding::preferred("br;q=0, gzip"), [Gzip]);
        assert_eq!(Encoding::preferred("br;q=0.5, gzip;q=0.8"), [Gzip, Brotli]);
        assert_eq!(Encoding::preferred("*"), [Brotli, Gzip]);
        assert_eq!(Encoding::preferred("gzip, *;q=0"), [Gzip]);
    }
}
