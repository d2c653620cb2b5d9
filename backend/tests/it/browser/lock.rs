//! The lock lab in a real browser: the pause demo shows the violation, and with fencing the paused
//! holder's stale write is rejected.

use fantoccini::Locator;

use super::Browser;
use crate::support::spawn_app;

#[tokio::test]
async fn the_pause_demo_shows_a_violation_and_fencing_rejects_the_stale_write() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/lock").await;
    browser.wait_css(r#"[data-testid="lab-lock"]"#).await;

    browser.click(r#"[data-testid="lock-demo-pause"]"#).await;
    browser
        .wait_css(r#"[data-testid="lock-status"][data-state="done"]"#)
        .await;
    browser
        .wait_css(r#"[data-testid="lock-demo-explanation"]"#)
        .await;
    let count = browser
        .wait_css(r#"[data-testid="lock-violations"]"#)
        .await
        .text()
        .await
        .expect("text");
    let count: u32 = count
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("a number of violations, got {count:?}"));
    assert!(count >= 1, "the paused holder overlaps the next one");
    let drawn = browser
        .client
        .find_all(Locator::Css(r#"[data-testid="lock-violation"]"#))
        .await
        .expect("violations drawn");
    assert!(!drawn.is_empty(), "the violation is highlighted");
    let lanes = browser
        .client
        .find_all(Locator::Css(r#"[data-testid="lock-lane"]"#))
        .await
        .expect("lanes");
    assert_eq!(lanes.len(), 3, "one lane per client");
    browser.wait_css(r#"[data-testid="lock-key-lane"]"#).await;

    let pause_run = browser
        .wait_css(r#"[data-testid="lock-status"][data-state="done"]"#)
        .await
        .attr("data-run")
        .await
        .expect("data-run")
        .expect("the pause demo's run id");
    browser.click(r#"[data-testid="lock-demo-fencing"]"#).await;
    // Done, and not the pause demo's done: the fencing run's own end.
    browser
        .wait_css(&format!(
            r#"[data-testid="lock-status"][data-state="done"]:not([data-run="{pause_run}"])"#
        ))
        .await;
    browser
        .wait_css(r#"[data-testid="lock-write"][data-accepted="false"]"#)
        .await;
    browser.quit().await;
}

#[tokio::test]
async fn in_step_mode_nothing_is_acquired_until_step_is_clicked() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/lock").await;
    browser.click(r#"[data-testid="lock-step-mode"]"#).await;
    browser.click(r#"[data-testid="lock-start"]"#).await;
    browser
        .wait_css(r#"[data-testid="lock-status"][data-state="running"]"#)
        .await;
    let step = browser
        .wait_css(r#"[data-testid="lock-step"]:not([disabled])"#)
        .await;
    let before = browser
        .wait_css(r#"[data-testid="trace-panel"]"#)
        .await
        .text()
        .await
        .expect("trace");
    assert!(
        !before.contains("NX EX"),
        "no client tried to acquire before a step: {before}"
    );

    step.click().await.expect("step");
    browser
        .wait_text(r#"[data-testid="trace-panel"]"#, "NX EX")
        .await;
    browser.click(r#"[data-testid="lock-stop"]"#).await;
    browser
        .wait_css(r#"[data-testid="lock-status"][data-state="error"]"#)
        .await;
    browser.quit().await;
}
