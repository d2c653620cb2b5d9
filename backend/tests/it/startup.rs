//! The binary itself: it fails with one clear sentence when it cannot run.

use std::process::Command;

fn backend(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_backend"))
        .args(args)
        .env_remove("REDIS_URL")
        .env_remove("PORT")
        .output()
        .expect("backend runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_unreachable_redis_url_exits_with_advice() {
    let frontend = tempfile::tempdir().expect("temp dir");
    std::fs::write(frontend.path().join("index.html"), "<html></html>").expect("write index");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let url = format!("redis://127.0.0.1:{port}");
    let (ok, stderr) = backend(&[
        "--redis-url",
        &url,
        "--frontend-dir",
        frontend.path().to_str().expect("utf-8 path"),
        "--port",
        "0",
    ]);
    assert!(!ok, "must exit non-zero");
    assert!(
        stderr.contains(&format!("Could not reach Redis at {url}")),
        "{stderr}"
    );
    assert!(stderr.contains("leave out --redis-url"), "{stderr}");
}

#[test]
fn a_missing_frontend_exits_with_advice() {
    let empty = tempfile::tempdir().expect("temp dir");
    let (ok, stderr) = backend(&[
        "--frontend-dir",
        empty.path().to_str().expect("utf-8 path"),
        "--port",
        "0",
    ]);
    assert!(!ok, "must exit non-zero");
    assert!(stderr.contains("The built frontend is missing"), "{stderr}");
}
