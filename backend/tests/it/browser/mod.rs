//! End to end in real headless Chromium, through chromedriver: the built frontend (trunk's dist/) served by
//! the real backend, with a private redis-server behind it.
//!
//! - [`shell`]: connection badge, ping, languages, deep links.
//! - [`ratelimit`]: the rate-limit lab's demos and marks.
//! - [`lock`]: the lock lab's pause and fencing demos.
//! - [`cache`]: warm-up and the quiz.
//! - [`console`]: commands typed into the console, on its page and in a lab page's drawer.
//! - [`exercise`]: the rate-limit exercise: a script written in the editor, graded on the sandbox.
//! - [`exercise_lock`]: the lock exercise: a release written in its editor, graded on the sandbox.
//! - [`exercise_cache`]: the cache exercise in Japanese: the course's warm-up fails on its spread.
//! - [`exercise_pubsub`]: the Pub/Sub exercise: what the away subscriber missed, drawn per message.
//! - [`pubsub`]: two browsers joined to one session.
//! - [`room`]: a workshop room: a presenter and two participants on two backend processes; a presenter
//!   who reloads; a room exercise's board.
//! - [`present`]: share links, presenter keys and SVG export.
//! - [`headers`]: lane headers not cut off at 1280 px and wider, in both languages.
//! - [`projector`]: in presenter mode at 1280×720, each lab's visual and a room's stage fit the window.
//! - [`a11y`]: axe-core on every page in both languages, a lab from the keyboard alone, reduced motion.

mod a11y;
mod cache;
mod console;
mod exercise;
mod exercise_cache;
mod exercise_lock;
mod exercise_pubsub;
mod headers;
mod lock;
mod present;
mod projector;
mod pubsub;
mod ratelimit;
mod room;
mod shell;

use std::{process::Stdio, time::Duration};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tokio::process::{Child, Command};

use crate::support::{TestApp, WAIT, dist_dir, eventually};

/// One Chromium with a fresh profile, driven by its own chromedriver; both end when this drops.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    _driver: Child,
    /// chromedriver's process group, which Chromium's processes join: killed whole on drop, so a test
    /// that fails before [`Browser::quit`] leaves no Chromium behind.
    group: Option<u32>,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(group) = self.group {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{group}")])
                .stderr(Stdio::null())
                .status();
        }
    }
}

impl Browser {
    /// Starts Chromium preferring `languages` (e.g. "en-US,en").
    pub async fn start(languages: &str) -> Self {
        Self::start_with(languages, &[]).await
    }

    /// Starts Chromium preferring `languages`, with `flags` added to its command line (e.g.
    /// `--force-prefers-reduced-motion`).
    pub async fn start_with(languages: &str, flags: &[&str]) -> Self {
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
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver is installed (scripts/setup.sh installs chromium-driver)");
        let group = driver.id();
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
        let mut args = vec![
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
        args.extend(flags.iter().map(|&flag| flag.to_owned()));
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
            group,
            _profile: profile,
        }
    }

    /// Opens `path` of `app` and waits until the socket is connected.
    pub async fn open(&self, app: &TestApp, path: &str) {
        self.client.goto(&app.url(path)).await.expect("page loads");
        self.wait_css(r#"[data-testid="conn-status"][data-state="connected"]"#)
            .await;
    }

    /// Waits for the room's code on a presenter's page and returns it.
    pub async fn room_code(&self) -> String {
        self.wait_css(r#"[data-testid="room-code"]"#)
            .await
            .attr("data-code")
            .await
            .expect("attribute")
            .expect("a room code")
    }

    /// Waits for an element matching `css`.
    pub async fn wait_css(&self, css: &str) -> fantoccini::elements::Element {
        self.wait_css_for(css, WAIT).await
    }

    /// Waits up to `within` for an element matching `css`: for what takes longer than one message,
    /// such as a whole run.
    pub async fn wait_css_for(&self, css: &str, within: Duration) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(within)
            .every(Duration::from_millis(25))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css} within the wait: {e}"))
    }

    /// Waits until the element matching `css` has text containing `needle`, and returns that text.
    pub async fn wait_text(&self, css: &str, needle: &str) -> String {
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
    pub async fn page_lang(&self) -> String {
        let value = self
            .client
            .execute("return document.documentElement.lang", vec![])
            .await
            .expect("script runs");
        value.as_str().unwrap_or_default().to_owned()
    }

    /// Clicks the element matching `css` once it exists.
    pub async fn click(&self, css: &str) {
        self.wait_css(css).await.click().await.expect("click");
    }

    /// Ends the session.
    pub async fn quit(self) {
        let _ = self.client.clone().close().await;
    }
}
