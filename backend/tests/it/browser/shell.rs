//! The shell in a real browser: connection badge, the ping lab and its trace, languages, deep links.

use fantoccini::Locator;

use super::Browser;
use crate::support::{eventually, spawn_app};

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
    // The panel redraws at most twice a second, so a line that is there says nothing of the lines
    // after it; TIME is the ping's last command, and rows are drawn in order.
    let panel = browser
        .wait_text(r#"[data-testid="trace-panel"]"#, "TIME")
        .await;
    assert!(
        panel.contains("SET") && panel.contains("from chromium"),
        "{panel}"
    );
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
async fn deep_links_load_the_app_and_unknown_paths_say_so() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/lock").await;
    browser.wait_css(r#"[data-testid="lab-lock"]"#).await;
    browser.open(&app, "/no/such/page").await;
    browser.wait_css(r#"[data-testid="not-found"]"#).await;
    browser.quit().await;
}

/// How many trace rows of `origin` the panel shows.
async fn rows_of(browser: &Browser, origin: &str) -> usize {
    browser
        .client
        .find_all(Locator::Css(&format!(
            r#"[data-testid="trace-line"][data-origin="{origin}"]"#
        )))
        .await
        .map(|rows| rows.len())
        .unwrap_or_default()
}

/// Pings once with `text` and waits for its reply.
async fn ping(browser: &Browser, text: &str) {
    let input = browser.wait_css(r#"[data-testid="ping-text"]"#).await;
    input.clear().await.expect("clear");
    input.send_keys(text).await.expect("type");
    browser.click(r#"[data-testid="ping-run"]"#).await;
    browser
        .wait_text(r#"[data-testid="ping-result"]"#, text)
        .await;
}

#[tokio::test]
async fn a_long_trace_draws_its_older_rows_only_while_they_are_near_the_view() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/ping").await;
    ping(&browser, "oldest ping").await;
    for n in 1..=40 {
        ping(&browser, &format!("ping number {n}")).await;
    }
    browser
        .wait_text(r#"[data-testid="trace-panel"]"#, "ping number 40")
        .await;
    browser.wait_css(".trace__pending").await;
    let panel = panel_text(&browser).await;
    assert!(
        !panel.contains("oldest ping"),
        "200 lines, and the oldest are far above the view: {panel}"
    );

    browser
        .client
        .execute(
            "document.querySelector('.trace__scroller').scrollTop = 0;",
            vec![],
        )
        .await
        .expect("scroll to the top");
    browser
        .wait_text(r#"[data-testid="trace-panel"]"#, "oldest ping")
        .await;

    browser
        .client
        .execute(
            "const s = document.querySelector('.trace__scroller'); s.scrollTop = s.scrollHeight;",
            vec![],
        )
        .await
        .expect("scroll back to the bottom");
    eventually(
        "the oldest rows are undrawn once far from the view",
        || async {
            let panel = panel_text(&browser).await;
            !panel.contains("oldest ping") && panel.contains("ping number 40")
        },
    )
    .await;
    browser.quit().await;
}

/// What the trace panel shows now.
async fn panel_text(browser: &Browser) -> String {
    let panel = browser.wait_css(r#"[data-testid="trace-panel"]"#).await;
    panel.text().await.unwrap_or_default()
}

#[tokio::test]
async fn the_playgrounds_own_commands_show_only_when_the_switch_is_on_and_it_is_remembered() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/ping").await;
    browser.click(r#"[data-testid="ping-run"]"#).await;
    browser
        .wait_text(r#"[data-testid="trace-panel"]"#, "TIME")
        .await;
    assert_eq!(
        rows_of(&browser, "playground").await,
        0,
        "hidden by default"
    );
    let learner = rows_of(&browser, "learner").await;
    assert!(learner >= 5, "the ping's own lines stay: {learner}");

    browser.click(r#"[data-testid="trace-playground"]"#).await;
    let presence = browser
        .wait_text(r#"[data-testid="trace-panel"]"#, "presence")
        .await;
    assert!(presence.contains("ACL SETUSER"), "{presence}");
    eventually("the playground's lines are shown", || async {
        rows_of(&browser, "playground").await > 0
    })
    .await;
    assert_eq!(rows_of(&browser, "learner").await, learner);

    browser.open(&app, "/ping").await;
    let switch = browser
        .wait_css(r#"[data-testid="trace-playground"]"#)
        .await;
    assert_eq!(
        switch.prop("checked").await.expect("checked").as_deref(),
        Some("true"),
        "the switch is remembered"
    );
    eventually("after a reload the new tab's bookkeeping shows", || async {
        rows_of(&browser, "playground").await > 0
    })
    .await;
    browser.click(r#"[data-testid="trace-playground"]"#).await;
    eventually(
        "switched off, the playground's lines hide again",
        || async { rows_of(&browser, "playground").await == 0 },
    )
    .await;
    browser.quit().await;
}
