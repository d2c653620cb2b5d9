//! The rate-limit lab in a real browser: the boundary-burst demo shows the fixed window letting 2×max
//! through in one window-length while the Lua sliding log keeps to max, and a mark links to the commands
//! that decided it.

use shared::{
    LabRequest,
    ratelimit::{Algorithm, Limits, RatelimitRequest},
};

use super::Browser;
use crate::support::spawn_app;

/// The number shown by `stat` (e.g. `ratelimit-stat-max`) in the lane of `algorithm`.
async fn lane_stat(browser: &Browser, algorithm: &str, stat: &str) -> u32 {
    let css = format!(
        r#"[data-testid="ratelimit-lane"][data-algorithm="{algorithm}"] [data-testid="{stat}"]"#
    );
    let text = browser
        .wait_css(&css)
        .await
        .text()
        .await
        .expect("stat text");
    text.trim()
        .parse()
        .unwrap_or_else(|_| panic!("{css} should hold a number, got {text:?}"))
}

#[tokio::test]
async fn the_boundary_burst_demo_shows_the_fixed_windows_double_burst_and_links_marks_to_commands()
{
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/ratelimit").await;
    browser.wait_css(r#"[data-testid="lab-ratelimit"]"#).await;

    browser
        .click(r#"[data-testid="ratelimit-demo-boundary"]"#)
        .await;
    browser
        .wait_css(r#"[data-testid="ratelimit-status"][data-state="done"]"#)
        .await;
    browser
        .wait_css(r#"[data-testid="ratelimit-demo-explanation"]"#)
        .await;

    let max: u32 = browser
        .wait_css(r#"[data-testid="ratelimit-max"]"#)
        .await
        .prop("value")
        .await
        .expect("max input")
        .unwrap_or_default()
        .parse()
        .expect("max is a number");
    assert_eq!(
        lane_stat(&browser, "fixed_window", "ratelimit-stat-max").await,
        2 * max
    );
    assert_eq!(
        lane_stat(&browser, "fixed_window", "ratelimit-stat-allowed").await,
        2 * max
    );
    assert!(lane_stat(&browser, "sliding_log_lua", "ratelimit-stat-max").await <= max);

    browser
        .click(r#"[data-testid="ratelimit-lane"][data-algorithm="fixed_window"] [data-testid="ratelimit-lane-area"]"#)
        .await;
    let detail = browser
        .wait_text(
            r#"[data-testid="ratelimit-mark-detail"][data-algorithm="fixed_window"]"#,
            "INCR",
        )
        .await;
    assert!(
        detail.contains("EXEC"),
        "the decision's MULTI/EXEC is shown: {detail}"
    );
    let traces = browser
        .client
        .find_all(fantoccini::Locator::Css(
            r#"[data-testid="ratelimit-mark-trace"]"#,
        ))
        .await
        .expect("trace lines of the mark");
    assert_eq!(traces.len(), 4, "MULTI, INCR, EXPIRE, EXEC");
    browser.quit().await;
}

#[tokio::test]
async fn the_fixed_windows_incr_label_is_redis_count_when_another_tab_counted_too() {
    let app = spawn_app().await;
    let (mut other_tab, session) = app.session().await;
    let browser = Browser::start("en-US,en").await;
    browser
        .open(&app, &format!("/ratelimit?session={}", session.id))
        .await;
    // An hour's window, so the other tab's hits and this one's share it.
    let window = browser
        .wait_css(r#"[data-testid="ratelimit-window"]"#)
        .await;
    window.clear().await.expect("clear");
    window.send_keys("3600").await.expect("type");
    let max: u32 = browser
        .wait_css(r#"[data-testid="ratelimit-max"]"#)
        .await
        .prop("value")
        .await
        .expect("max input")
        .unwrap_or_default()
        .parse()
        .expect("max is a number");
    for _ in 0..2 {
        let id = other_tab
            .run(LabRequest::Ratelimit(RatelimitRequest::Hit {
                algorithms: vec![Algorithm::FixedWindow],
                limits: Limits {
                    max_requests: max,
                    window_seconds: 3600,
                },
            }))
            .await;
        other_tab.answer(id).await;
    }

    browser.click(r#"[data-testid="ratelimit-send"]"#).await;

    // This browser drew one mark; Redis's INCR said 3.
    let label = browser
        .wait_css(
            r#"[data-testid="ratelimit-lane"][data-algorithm="fixed_window"] [data-testid="ratelimit-counter"]"#,
        )
        .await
        .text()
        .await
        .expect("the counter's text");
    assert!(
        label == "INCR 3" || label == "3",
        "the band shows Redis's count: {label:?}"
    );
    browser.quit().await;
}
