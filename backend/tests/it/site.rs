//! The frontend embedded in the binary (read from the workspace's `dist/` in this debug build): the same
//! bytes as trunk wrote, the SPA fallback, content types, ETag revalidation and compression. Both ways of
//! serving it (embedded, and a `--frontend-dir` folder) send trunk's hook's precompressed copies and the
//! cache policy: a year for hashed names, `no-cache` for the page and the SPA fallback.

use std::io::Read;

use backend::{limits::Limits, site::Frontend};
use reqwest::{StatusCode, header};

use crate::support::{dist_dir, spawn_app_serving};

/// The built frontend's files, which the embedded site must serve; panics with advice when missing.
fn built_index() -> String {
    std::fs::read_to_string(dist_dir().join("index.html"))
        .expect("the built frontend is in dist/; run `trunk build --release --offline` first")
}

#[tokio::test]
async fn the_embedded_site_serves_index_for_the_root_and_for_deep_links() {
    let index = built_index();
    let app = spawn_app_serving(Frontend::Embedded, Limits::default()).await;

    for path in ["/", "/ratelimit", "/lock/anything"] {
        let response = reqwest::get(app.url(path)).await.expect("GET");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let kind = response.headers()[header::CONTENT_TYPE].clone();
        assert!(
            kind.to_str().is_ok_and(|k| k.starts_with("text/html")),
            "{path}: {kind:?}"
        );
        assert_eq!(response.text().await.expect("body"), index, "{path}");
    }
}

/// The name of the wasm trunk wrote to `dist/`.
fn built_wasm() -> String {
    built_index();
    std::fs::read_dir(dist_dir())
        .expect("dist/ lists")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|name| name.ends_with(".wasm"))
        .expect("trunk wrote a .wasm")
}

#[tokio::test]
async fn the_embedded_site_serves_the_wasm_with_its_type_and_revalidates_by_etag() {
    let wasm = built_wasm();
    let on_disk = std::fs::read(dist_dir().join(&wasm)).expect("wasm reads");
    let app = spawn_app_serving(Frontend::Embedded, Limits::default()).await;
    let client = reqwest::Client::new();

    let first = client
        .get(app.url(&format!("/{wasm}")))
        .send()
        .await
        .expect("GET");
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(first.headers()[header::CONTENT_TYPE], "application/wasm");
    let etag = first.headers()[header::ETAG].clone();
    assert_eq!(
        first.bytes().await.expect("body").as_ref(),
        on_disk.as_slice()
    );

    let again = client
        .get(app.url(&format!("/{wasm}")))
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .expect("GET");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn the_embedded_site_compresses_for_clients_that_accept_it() {
    built_index();
    let app = spawn_app_serving(Frontend::Embedded, Limits::default()).await;

    let response = reqwest::Client::new()
        .get(app.url("/"))
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .expect("GET");

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
}

/// `GET path` with `Accept-Encoding: accept`.
async fn get(app: &crate::support::TestApp, path: &str, accept: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(app.url(path))
        .header(header::ACCEPT_ENCODING, accept)
        .send()
        .await
        .expect("GET")
}

/// Checks that `frontend` sends the wasm's brotli and gzip copies as they are (each decompressing to the
/// wasm), the wasm itself to a client accepting neither, and the cache policy.
async fn serves_precompressed_copies_with_the_cache_policy(frontend: Frontend) {
    let wasm = built_wasm();
    let on_disk = std::fs::read(dist_dir().join(&wasm)).expect("wasm reads");
    for copy in ["br", "gz"] {
        assert!(
            dist_dir().join(format!("{wasm}.{copy}")).is_file(),
            "trunk's post-build hook wrote {wasm}.{copy}; rebuild with `trunk build --release --offline`"
        );
    }
    let app = crate::support::spawn_app_serving(frontend, Limits::default()).await;
    let immutable = "public, max-age=31536000, immutable";

    let brotli = get(&app, &format!("/{wasm}"), "gzip, deflate, br, zstd").await;
    assert_eq!(brotli.status(), StatusCode::OK);
    assert_eq!(brotli.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(brotli.headers()[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(brotli.headers()[header::CACHE_CONTROL], immutable);
    assert!(
        brotli.headers()[header::VARY]
            .to_str()
            .is_ok_and(|v| v.to_ascii_lowercase().contains("accept-encoding")),
        "a shared cache must keep the copies apart"
    );
    let body = brotli.bytes().await.expect("body");
    let sent = std::fs::read(dist_dir().join(format!("{wasm}.br"))).expect("copy reads");
    assert_eq!(body.as_ref(), sent.as_slice(), "the copy as it is");
    let mut unbrotlied = Vec::new();
    brotli::Decompressor::new(body.as_ref(), 4096)
        .read_to_end(&mut unbrotlied)
        .expect("brotli decodes");
    assert!(
        unbrotlied == on_disk,
        "the br body decompresses to the wasm"
    );

    let gzip = get(&app, &format!("/{wasm}"), "gzip").await;
    assert_eq!(gzip.status(), StatusCode::OK);
    assert_eq!(gzip.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(gzip.headers()[header::CACHE_CONTROL], immutable);
    let body = gzip.bytes().await.expect("body");
    let mut ungzipped = Vec::new();
    flate2::read::GzDecoder::new(body.as_ref())
        .read_to_end(&mut ungzipped)
        .expect("gzip decodes");
    assert!(
        ungzipped == on_disk,
        "the gzip body decompresses to the wasm"
    );

    let plain = get(&app, &format!("/{wasm}"), "identity").await;
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    assert!(plain.bytes().await.expect("body") == on_disk);

    // The page, a deep link, and a hashed name that is not there (the SPA fallback's index.html).
    let index = built_index();
    for path in ["/", "/index.html", "/lock", "/frontend-0123456789abcdef.js"] {
        let page = get(&app, path, "br").await;
        assert_eq!(page.status(), StatusCode::OK, "{path}");
        assert_eq!(page.headers()[header::CACHE_CONTROL], "no-cache", "{path}");
        assert_eq!(page.headers()[header::CONTENT_ENCODING], "br", "{path}");
        let mut html = String::new();
        brotli::Decompressor::new(page.bytes().await.expect("body").as_ref(), 4096)
            .read_to_string(&mut html)
            .expect("brotli decodes");
        assert_eq!(html, index, "{path}");
    }
}

#[tokio::test]
async fn the_embedded_site_sends_precompressed_copies_and_caches_hashed_names_for_a_year() {
    serves_precompressed_copies_with_the_cache_policy(Frontend::Embedded).await;
}

#[tokio::test]
async fn a_frontend_dir_sends_precompressed_copies_and_caches_hashed_names_for_a_year() {
    serves_precompressed_copies_with_the_cache_policy(Frontend::from(&dist_dir())).await;
}
