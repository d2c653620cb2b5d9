//! End to end in real headless Chromium, through chromedriver: the built frontend (trunk's dist/) served by
//! the real backend, with a private redis-server behind it.

use std::{process::Stdio, time::Duration};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tokio::process::{Child, Command};

use crate::support::{TestApp, WAIT, dist_dir, eventually, spawn_app};

/// One Chromium with a fresh profile, driven by its own chromedriver; both end when this drops.
struct Browser {
    client: Client,
    _driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium preferring `languages` (e.g. "en-US,en").
    async fn start(languages: &str) -> Self {
        assert!(
            dist_dir().join("index.html").is_file(),
            "the built frontend is missing at {}; run scripts/test.sh, which builds it with trunk",
            dist_dir().display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver is installed (scripts/setup.sh installs chromium-driver)");
        let status = format!("http://127.0.0.1:{port}/status");
        eventually("chromedriver answers", || {
            let status = status.clone();
            async move {
                reqwest::get(status)
                    .await
                    .is_ok_and(|r| r.status().is_success())
            }
        })
        .await;
        let profile = tempfile::tempdir().expect("profile dir");
        let lang = languages.split(',').next().unwrap_or("en-US");
        let args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-quic".into(),
            "--window-size=1280,900".into(),
            format!("--lang={lang}"),
            format!("--accept-lang={languages}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": args,
                "prefs": {"intl": {"accept_languages": languages}},
            }
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!("caps is an object literal")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("chromium session starts");
        Self {
            client,
            _driver: driver,
            _profile: profile,
        }
    }

    /// Opens `path` of `app` and waits until the socket is connected.
    async fn open(&self, app: &TestApp, path: &str) {
        self.client.goto(&app.url(path)).await.expect("page loads");
        self.wait_css(r#"[data-testid="conn-status"][data-state="connected"]"#)
            .await;
    }

    /// Waits for an element matching `css`.
    async fn wait_css(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(WAIT)
            .every(Duration::from_millis(25))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css} within the wait: {e}"))
    }

    /// Waits until the element matching `css` has text containing `needle`, and returns that text.
    async fn wait_text(&self, css: &str, needle: &str) -> String {
        let mut last = String::new();
        let deadline = tokio::time::Instant::now() + WAIT;
        while tokio::time::Instant::now() < deadline {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                last = el.text().await.unwrap_or_default();
                if last.contains(needle) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("{css} never contained {needle:?}; last text: {last:?}");
    }

    /// The `lang` attribute of `<html>`.
    async fn page_lang(&self) -> String {
        let value = self
            .client
            .execute("return document.documentElement.lang", vec![])
            .await
            .expect("script runs");
        value.as_str().unwrap_or_default().to_owned()
    }

    async fn click(&self, css: &str) {
        self.wait_css(css).await.click().await.expect("click");
    }

    async fn quit(self) {
        let _ = self.client.close().await;
    }
}

#[tokio::test]
async fn ping_runs_in_the_browser_and_its_commands_show_in_the_trace() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/ping").await;

    let input = browser.wait_css(r#"[data-testid="ping-text"]"#).await;
    input.clear().await.expect("clear");
    input.send_keys("from chromium").await.expect("type");
    browser.click(r#"[data-testid="ping-run"]"#).await;

    let result = browser
        .wait_text(r#"[data-testid="ping-result"]"#, "PONG")
        .await;
    assert!(result.contains("from chromium"), "{result}");
    let set_line = browser
        .wait_text(r#"[data-testid="trace-panel"]"#, "SET")
        .await;
    assert!(set_line.contains("from chromium"), "{set_line}");
    let lines = browser
        .client
        .find_all(Locator::Css(r#"[data-testid="trace-line"]"#))
        .await
        .expect("trace lines");
    assert!(
        lines.len() >= 5,
        "PING, SET, GET, PTTL and TIME are each a line; saw {}",
        lines.len()
    );
    browser.quit().await;
}

#[tokio::test]
async fn the_language_switch_works_and_survives_a_reload() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/ping").await;
    assert_eq!(browser.page_lang().await, "en");
    let english = browser
        .wait_css(r#"[data-testid="ping-run"]"#)
        .await
        .text()
        .await
        .expect("text");

    browser
        .click(r#"[data-testid="lang-switch"] [data-lang="ja"]"#)
        .await;
    eventually("the page switches to Japanese", || async {
        browser.page_lang().await == "ja"
    })
    .await;
    let japanese = browser
        .wait_css(r#"[data-testid="ping-run"]"#)
        .await
        .text()
        .await
        .expect("text");
    assert_ne!(english, japanese, "the button text is translated");

    browser
        .click(r#"[data-testid="lang-switch"] [data-lang="en"]"#)
        .await;
    eventually("the page switches back to English", || async {
        browser.page_lang().await == "en"
    })
    .await;
    browser
        .click(r#"[data-testid="lang-switch"] [data-lang="ja"]"#)
        .await;
    eventually("Japanese again", || async {
        browser.page_lang().await == "ja"
    })
    .await;

    browser.client.refresh().await.expect("reload");
    browser
        .wait_css(r#"[data-testid="conn-status"][data-state="connected"]"#)
        .await;
    assert_eq!(
        browser.page_lang().await,
        "ja",
        "the choice is remembered across a reload"
    );
    let after = browser
        .wait_css(r#"[data-testid="ping-run"]"#)
        .await
        .text()
        .await
        .expect("text");
    assert_eq!(after, japanese);
    browser.quit().await;
}

#[tokio::test]
async fn a_browser_that_prefers_japanese_starts_in_japanese() {
    let app = spawn_app().await;
    let browser = Browser::start("ja-JP,ja,en").await;
    browser.open(&app, "/").await;
    assert_eq!(browser.page_lang().await, "ja");
    browser.quit().await;
}

#[tokio::test]
async fn deep_links_load_the_app_and_unbuilt_labs_say_so() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/lock").await;
    browser.wait_css(r#"[data-testid="coming-soon"]"#).await;
    browser.quit().await;
}
