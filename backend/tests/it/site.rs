//! The frontend embedded in the binary (read from the workspace's `dist/` in this debug build): the same
//! bytes as trunk wrote, the SPA fallback, content types, ETag revalidation and compression.

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

#[tokio::test]
async fn the_embedded_site_serves_the_wasm_with_its_type_and_revalidates_by_etag() {
    built_index();
    let wasm = std::fs::read_dir(dist_dir())
        .expect("dist/ lists")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|name| name.ends_with(".wasm"))
        .expect("trunk wrote a .wasm");
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
