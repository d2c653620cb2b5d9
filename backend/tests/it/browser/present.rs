//! Presenter features in a real browser: a share link reproduces a replay's decisions, the presenter's
//! keys switch the mode, move between labs and press a lab's own buttons, and "export SVG" produces a
//! standalone SVG of the visual.

use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;

use super::Browser;
use crate::support::{eventually, spawn_app};

/// Every lane's allowed, denied and max-in-window figures, as the page shows them.
async fn lane_figures(browser: &Browser) -> Vec<String> {
    let value = browser
        .client
        .execute(
            r#"return [...document.querySelectorAll('[data-testid="ratelimit-lane"]')].map(lane =>
                lane.dataset.algorithm + ':' + ['ratelimit-stat-allowed', 'ratelimit-stat-denied', 'ratelimit-stat-max']
                    .map(s => lane.querySelector(`[data-testid="${s}"]`).textContent.trim()).join('/'))"#,
            vec![],
        )
        .await
        .expect("script runs");
    serde_json::from_value(value).expect("a list of strings")
}

/// Presses `key` on the page itself (nothing focused), as a presenter's keyboard or clicker does.
async fn press(browser: &Browser, key: char) {
    browser
        .client
        .execute(
            "document.activeElement && document.activeElement.blur()",
            vec![],
        )
        .await
        .expect("script runs");
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    browser
        .client
        .perform_actions(keys)
        .await
        .expect("keys pressed");
}

/// The text of the last SVG the export button produced.
async fn exported_svg(client: &fantoccini::Client) -> String {
    client
        .execute(
            r#"return document.querySelector('[data-testid="export-svg-last"]').textContent"#,
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[tokio::test]
async fn a_share_link_opens_the_same_replay_with_the_same_decisions() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/ratelimit").await;
    browser
        .click(r#"[data-testid="ratelimit-demo-boundary"]"#)
        .await;
    browser
        .wait_css(r#"[data-testid="ratelimit-status"][data-state="done"]"#)
        .await;
    let direct = lane_figures(&browser).await;
    assert!(!direct.is_empty(), "lanes are drawn");

    browser.click(r#"[data-testid="share-copy"]"#).await;
    let link = browser
        .wait_css(r#"[data-testid="share-link"]"#)
        .await
        .prop("value")
        .await
        .expect("value reads")
        .unwrap_or_default();
    assert!(link.contains("/ratelimit?s="), "{link}");

    browser.client.goto(&link).await.expect("the link opens");
    browser
        .wait_css(r#"[data-testid="conn-status"][data-state="connected"]"#)
        .await;
    browser
        .wait_css(r#"[data-testid="ratelimit-status"][data-state="done"]"#)
        .await;
    assert_eq!(lane_figures(&browser).await, direct);
    browser.quit().await;
}

#[tokio::test]
async fn presenter_keys_switch_the_mode_move_between_labs_and_start_the_labs_own_run() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/ratelimit").await;

    // Yew redraws after the key's handler returns, so each check waits for the redraw.
    press(&browser, 'p').await;
    browser.wait_css(r#"[data-testid="app"].presenter"#).await;
    press(&browser, 't').await;
    browser
        .wait_css(r#"[data-testid="app"][data-trace="large"]"#)
        .await;

    press(&browser, Key::Right.into()).await;
    browser.wait_css(r#"[data-testid="lab-lock"]"#).await;
    press(&browser, Key::Enter.into()).await;
    browser
        .wait_css(r#"[data-testid="lock-status"][data-state="done"]"#)
        .await;

    browser.click(r#"[data-testid="export-svg"]"#).await;
    eventually("the exported SVG is kept", || {
        let client = browser.client.clone();
        async move { !exported_svg(&client).await.is_empty() }
    })
    .await;
    let svg = exported_svg(&browser.client).await;
    assert!(
        svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg""#),
        "{svg:.200}"
    );
    assert!(svg.contains("style=\"fill:"), "computed styles are inlined");
    assert!(
        !svg.contains("class=\""),
        "no class is left to a missing stylesheet"
    );
    assert!(
        svg.contains("<rect"),
        "the lanes' shapes come along: {svg:.400}"
    );

    press(&browser, Key::Left.into()).await;
    browser.wait_css(r#"[data-testid="lab-ratelimit"]"#).await;
    press(&browser, 'p').await;
    browser
        .wait_css(r#"[data-testid="app"]:not(.presenter)"#)
        .await;
    browser.quit().await;
}

/// The text of the first element matching `css`, SVG included.
async fn text_of(browser: &Browser, css: &str) -> String {
    browser.wait_css(css).await;
    let script = format!("return document.querySelector('{css}').textContent");
    let value = browser
        .client
        .execute(&script, vec![])
        .await
        .expect("script runs");
    value.as_str().unwrap_or_default().to_owned()
}

/// Longest a default lock run at half speed may take on a loaded machine: about 7 s on an idle one.
const HALF_SPEED_RUN: Duration = Duration::from_secs(60);

#[tokio::test]
async fn a_slowed_lock_run_shared_by_link_runs_again_with_the_stretched_expiry() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/lock").await;
    browser
        .wait_css(r#"[data-testid="speed"]"#)
        .await
        .select_by_value("0.5")
        .await
        .expect("half speed chosen");
    browser.click(r#"[data-testid="lock-start"]"#).await;
    browser
        .wait_css_for(
            r#"[data-testid="lock-status"][data-state="done"]"#,
            HALF_SPEED_RUN,
        )
        .await;
    let timeout = shared::lock::LockParams::default().timeout_secs;
    let stretched = format!("EX {}", timeout * 2);
    assert!(
        text_of(&browser, r#"[data-testid="lock-key-lane"]"#)
            .await
            .contains(&stretched)
    );

    browser.click(r#"[data-testid="share-copy"]"#).await;
    let link = browser
        .wait_css(r#"[data-testid="share-link"]"#)
        .await
        .prop("value")
        .await
        .expect("value reads")
        .unwrap_or_default();
    browser.client.goto(&link).await.expect("the link opens");
    browser
        .wait_css_for(
            r#"[data-testid="lock-status"][data-state="done"]"#,
            HALF_SPEED_RUN,
        )
        .await;

    let speed = browser
        .wait_css(r#"[data-testid="speed"]"#)
        .await
        .prop("value")
        .await
        .expect("value reads");
    assert_eq!(speed.as_deref(), Some("0.5"));
    assert!(
        text_of(&browser, r#"[data-testid="lock-key-lane"]"#)
            .await
            .contains(&stretched)
    );
    browser.quit().await;
}
