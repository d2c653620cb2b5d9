//! Headless Chromium for the sections that load the real frontend: a chromedriver process and one
//! Chromium session, spoken to over WebDriver's HTTP API, with Chrome DevTools Protocol commands passed
//! through chromedriver.

use std::{path::Path, process::Stdio, time::Duration};

use serde_json::{Value, json};
use tokio::{
    process::{Child, Command},
    time::Instant,
};

use crate::BoxError;

/// A chromedriver process and one Chromium session of it, spoken to over WebDriver's HTTP API.
pub struct Driver {
    http: reqwest::Client,
    /// `http://127.0.0.1:<port>/session/<id>`.
    session: String,
    _process: Child,
}

impl Driver {
    /// Starts chromedriver on a free port and a headless Chromium with the profile folder `profile`.
    pub async fn start(profile: &Path) -> Result<Self, BoxError> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let process = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("chromedriver (scripts/setup.sh installs it): {e}"))?;
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while !http
            .get(format!("{base}/status"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            if Instant::now() > deadline {
                return Err("chromedriver did not answer".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let capabilities = json!({ "capabilities": { "alwaysMatch": { "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ],
        }}}});
        let created: Value = http
            .post(format!("{base}/session"))
            .json(&capabilities)
            .send()
            .await?
            .json()
            .await?;
        let id = created["value"]["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no Chromium session: {created}"))?;
        Ok(Self {
            session: format!("{base}/session/{id}"),
            http,
            _process: process,
        })
    }

    /// `POST <session>/<path>` with `body`; the answer's `value`, or its error as an error.
    pub async fn command(&self, path: &str, body: Value) -> Result<Value, BoxError> {
        let answer: Value = self
            .http
            .post(format!("{}/{path}", self.session))
            .json(&body)
            .send()
            .await?
            .json()
            .await?;
        let value = answer.get("value").cloned().unwrap_or(Value::Null);
        if value.get("error").is_some() {
            return Err(format!("WebDriver {path}: {value}").into());
        }
        Ok(value)
    }

    /// A Chrome DevTools Protocol command, through chromedriver.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value, BoxError> {
        self.command("goog/cdp/execute", json!({ "cmd": cmd, "params": params }))
            .await
    }

    /// Runs `script` in the page and returns what it returns.
    pub async fn script(&self, script: &str) -> Result<Value, BoxError> {
        self.command("execute/sync", json!({ "script": script, "args": [] }))
            .await
    }

    /// Ends the session (closing Chromium); chromedriver ends when this drops.
    pub async fn quit(self) {
        let _ = self.http.delete(&self.session).send().await;
    }
}

impl Driver {
    /// Runs `script` every 50 ms until it returns something other than `null`, and returns that; an
    /// error naming `what` after `within`.
    pub async fn wait_for(
        &self,
        script: &str,
        within: Duration,
        what: &str,
    ) -> Result<Value, BoxError> {
        let deadline = Instant::now() + within;
        loop {
            let value = self.script(script).await?;
            if !value.is_null() {
                return Ok(value);
            }
            if Instant::now() > deadline {
                return Err(format!("{what}: not within {within:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
