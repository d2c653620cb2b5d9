//! The rate-limit lab in a real browser: the boundary-burst demo shows the fixed window letting 2×max
//! through in one window-length while the Lua sliding log keeps to max, and a mark links to the commands
//! that decided it; the many-servers demo shows the servers' own limiters letting several times the
//! limit through while the limiter they share in Redis keeps to it, and its share link runs it again;
//! the retry demos show a smaller refused share with jittered backoff than with fixed retries.

use std::time::Duration;

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

    // This browser drew one mark; Redis's INCR said 3. The lane may redraw its bands (a new width, a
    // new zoom) between finding the counter and reading it, so the wait finds it afresh each time.
    let label = browser
        .wait_text(
            r#"[data-testid="ratelimit-lane"][data-algorithm="fixed_window"] [data-testid="ratelimit-counter"]"#,
            "3",
        )
        .await;
    assert!(
        label == "INCR 3" || label == "3",
        "the band shows Redis's count: {label:?}"
    );
    browser.quit().await;
}

/// The number in `testid` of the many-servers figure of `variant` (`own` or `redis`).
async fn servers_figure(browser: &Browser, variant: &str, testid: &str) -> u32 {
    let css = format!(
        r#"[data-testid="ratelimit-servers-figure"][data-variant="{variant}"] [data-testid="{testid}"]"#
    );
    let text = browser
        .wait_css(&css)
        .await
        .text()
        .await
        .expect("figure text");
    text.trim()
        .parse()
        .unwrap_or_else(|_| panic!("{css} should hold a number, got {text:?}"))
}

#[tokio::test]
async fn the_many_servers_demo_lets_the_limit_through_only_with_the_shared_limiter() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/ratelimit").await;
    browser.wait_css(r#"[data-testid="lab-ratelimit"]"#).await;

    browser
        .click(r#"[data-testid="ratelimit-demo-servers"]"#)
        .await;
    browser
        .wait_css(r#"[data-testid="ratelimit-demo-explanation"]"#)
        .await;
    // The demo runs live for about six seconds.
    browser
        .wait_css_for(
            r#"[data-testid="ratelimit-servers"][data-state="done"]"#,
            Duration::from_secs(30),
        )
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
    let own = servers_figure(&browser, "own", "ratelimit-servers-allowed").await;
    let own_peak = servers_figure(&browser, "own", "ratelimit-servers-peak").await;
    let redis_peak = servers_figure(&browser, "redis", "ratelimit-servers-peak").await;
    assert!(
        own > max && own_peak > max,
        "each server let its own limit through: {own}, peak {own_peak}"
    );
    assert!(
        redis_peak <= max,
        "the shared limiter kept the limit: peak {redis_peak}"
    );
    let source = browser
        .wait_text(
            r#"[data-testid="ratelimit-servers-figure"][data-variant="own"] [data-testid="ratelimit-servers-source"]"#,
            "not Redis",
        )
        .await;
    assert!(source.contains("servers' own"), "{source}");
    let rows = browser
        .client
        .find_all(fantoccini::Locator::Css(
            ".ratelimit-servers__variant[data-variant=\"redis\"] .ratelimit-servers__row",
        ))
        .await
        .expect("the shared limiter's rows");
    assert_eq!(rows.len(), 4, "one row per server");

    // Its share link runs the same lesson again.
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
            r#"[data-testid="ratelimit-servers"][data-state="done"]"#,
            Duration::from_secs(30),
        )
        .await;
    let servers = browser
        .wait_css(r#"[data-testid="ratelimit-servers-count"]"#)
        .await
        .prop("value")
        .await
        .expect("servers input")
        .unwrap_or_default();
    assert_eq!(servers, "4", "the link's servers fill the form");
    assert!(servers_figure(&browser, "redis", "ratelimit-servers-peak").await <= max);
    assert!(servers_figure(&browser, "own", "ratelimit-servers-allowed").await > max);
    browser.quit().await;
}

/// The refused share, in percent, of every lane of the retry storm's table.
async fn refused_shares(browser: &Browser) -> Vec<(String, u32)> {
    let rows = browser
        .client
        .find_all(fantoccini::Locator::Css(
            r#"[data-testid="ratelimit-storm-row"]"#,
        ))
        .await
        .expect("the storm's rows");
    let mut shares = Vec::new();
    for row in rows {
        let algorithm = row
            .attr("data-algorithm")
            .await
            .expect("attr")
            .unwrap_or_default();
        let cell = row
            .find(fantoccini::Locator::Css(
                r#"[data-testid="ratelimit-storm-refused"]"#,
            ))
            .await
            .expect("refused cell");
        let text = cell.text().await.expect("text");
        let share = text.trim_end_matches('%').parse().expect("a percentage");
        shares.push((algorithm, share));
    }
    shares
}

#[tokio::test]
async fn the_retry_demos_show_jittered_backoff_refusing_less_than_fixed_retries() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/ratelimit").await;
    browser.wait_css(r#"[data-testid="lab-ratelimit"]"#).await;

    let mut shares = Vec::new();
    for demo in ["ratelimit-demo-storm", "ratelimit-demo-calm"] {
        browser.click(&format!(r#"[data-testid="{demo}"]"#)).await;
        browser
            .wait_css_for(
                &format!(r#"[data-testid="{demo}"][aria-pressed="true"]"#),
                Duration::from_secs(10),
            )
            .await;
        browser
            .wait_css_for(
                r#"[data-testid="ratelimit-status"][data-state="done"]"#,
                Duration::from_secs(60),
            )
            .await;
        shares.push(refused_shares(&browser).await);
    }
    assert_eq!(shares[0].len(), 7, "one row per lane: {shares:?}");
    for ((algorithm, fixed), (_, jitter)) in shares[0].iter().zip(&shares[1]) {
        assert!(
            jitter < fixed,
            "{algorithm}: fixed {fixed}%, jitter {jitter}%"
        );
    }
    browser.quit().await;
}
