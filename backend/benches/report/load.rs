//! The first visit over a slow mobile network: headless Chromium, driven through chromedriver's
//! WebDriver HTTP API, loads the playground from a backend process (serving `dist/` as
//! `--frontend-dir`, so the precompressed copies are sent) with Chrome DevTools' "Fast 3G" throttling,
//! and times the page until it is usable: the shell is drawn and its WebSocket is connected (the
//! connection badge's `data-state="connected"`, which the browser tests wait for too).
//!
//! Each run starts a fresh Chromium with an empty profile, so nothing comes from a cache. The time is
//! read in the page (`performance.now()` when a `MutationObserver`, installed before any of the page's
//! scripts, first sees the badge connected), so it counts from the start of navigation and includes
//! compiling and starting the wasm on this machine's CPU, which the throttling leaves alone.

use std::time::Duration;

use serde_json::json;
use tokio::time::Instant;

use crate::{BoxError, browser::Driver, procs::BackendProcess};

/// Chrome DevTools' "Fast 3G" preset (devtools-frontend `NetworkManager.ts`, `Fast3GConditions`):
/// 1.6 Mbit/s down and 750 kbit/s up, each at 90 %, and 150 ms × 3.75 of latency per request.
const LATENCY_MS: f64 = 150.0 * 3.75;
/// 180,000 bytes a second (about 176 KiB/s).
const DOWNLOAD_BYTES_PER_S: f64 = 1.6 * 1000.0 * 1000.0 / 8.0 * 0.9;
/// 84,375 bytes a second.
const UPLOAD_BYTES_PER_S: f64 = 750.0 * 1000.0 / 8.0 * 0.9;
/// Page loads measured; the report gives their median, fastest and slowest.
pub const RUNS: usize = 5;
/// The longest one load may take before the run is given up.
const LOAD_WITHIN: Duration = Duration::from_secs(90);

/// Installed before the page's own scripts: records when the badge first says connected.
const READY_PROBE: &str = r#"(() => {
  const ready = '[data-testid="conn-status"][data-state="connected"]';
  const observer = new MutationObserver(() => {
    if (window.__pgReady === undefined && document.querySelector(ready)) {
      window.__pgReady = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})();"#;

/// The bytes the page's navigation and resources took on the wire, headers included.
const TRANSFERRED: &str = "return performance.getEntriesByType('navigation')\
    .concat(performance.getEntriesByType('resource'))\
    .reduce((sum, e) => sum + e.transferSize, 0);";

/// One throttled first visit.
pub struct Load {
    /// Milliseconds from the start of navigation until the badge said connected.
    pub ready_ms: f64,
    /// Bytes over the wire for the page and its files (the WebSocket's frames are not counted).
    pub transferred: u64,
}

/// Loads the page [`RUNS`] times from a backend process in front of `redis_url`.
pub async fn measure(redis_url: &str) -> Result<Vec<Load>, BoxError> {
    let backend = BackendProcess::start(redis_url, &[]).await?;
    let mut loads = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        loads.push(load_once(&backend.url("/")).await?);
    }
    backend.stop().await;
    Ok(loads)
}

/// One load of `url` in a fresh, throttled Chromium.
async fn load_once(url: &str) -> Result<Load, BoxError> {
    let profile = tempfile::tempdir()?;
    let driver = Driver::start(profile.path()).await?;
    let result = async {
        driver.cdp("Network.enable", json!({})).await?;
        driver
            .cdp(
                "Network.emulateNetworkConditions",
                json!({
                    "offline": false,
                    "latency": LATENCY_MS,
                    "downloadThroughput": DOWNLOAD_BYTES_PER_S,
                    "uploadThroughput": UPLOAD_BYTES_PER_S,
                }),
            )
            .await?;
        driver
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": READY_PROBE }),
            )
            .await?;
        driver.command("url", json!({ "url": url })).await?;
        let deadline = Instant::now() + LOAD_WITHIN;
        let ready_ms = loop {
            if let Some(ms) = driver
                .script("return window.__pgReady ?? null;")
                .await?
                .as_f64()
            {
                break ms;
            }
            if Instant::now() > deadline {
                return Err(format!("the page was not connected within {LOAD_WITHIN:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let transferred = driver.script(TRANSFERRED).await?.as_u64().unwrap_or(0);
        Ok(Load {
            ready_ms,
            transferred,
        })
    }
    .await;
    driver.quit().await;
    result
}
