//! The console in a real browser: commands typed into the field run on Redis and their replies show as
//! redis-cli prints them; a refused command says why; ↑ brings back the last line; and the drawer on a
//! lab page does the same, with no serious accessibility violation while open. On `/present` in
//! presenter mode, the drawer completes a command's name with Tab and shows the server's help.

use fantoccini::key::Key;

use super::Browser;
use super::a11y::{axe_source, serious_violations};
use crate::support::spawn_app;

const INPUT: &str = r#"[data-testid="console-input"]"#;
const OUTPUT: &str = r#"[data-testid="console-output"]"#;

/// Types `line` into the console field (within `scope`) and presses Enter.
async fn type_line(browser: &Browser, scope: &str, line: &str) {
    let field = browser.wait_css(&format!("{scope} {INPUT}")).await;
    field.send_keys(line).await.expect("type");
    field
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .expect("Enter");
}

#[tokio::test]
async fn commands_typed_into_the_console_run_and_show_their_replies() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/console").await;
    let page = r#"[data-testid="lab-console"]"#;
    let output = format!("{page} {OUTPUT}");

    type_line(&browser, page, "SET greeting \"hello world\"").await;
    let text = browser.wait_text(&output, "OK").await;
    assert!(
        text.contains("}:greeting"),
        "what was really sent shows: {text}"
    );
    type_line(&browser, page, "GET greeting").await;
    browser.wait_text(&output, "\"hello world\"").await;
    type_line(&browser, page, "RPUSH list a b").await;
    browser.wait_text(&output, "(integer) 2").await;
    type_line(&browser, page, "LRANGE list 0 -1").await;
    browser.wait_text(&output, "1) \"a\"\n2) \"b\"").await;
    // Two lines at once (Shift+Enter between them) run in order.
    let shift_enter = format!(
        "{}{}{}",
        char::from(Key::Shift),
        char::from(Key::Enter),
        char::from(Key::Null)
    );
    type_line(
        &browser,
        page,
        &format!("INCRBY hits 5{shift_enter}INCRBY hits 5"),
    )
    .await;
    let text = browser.wait_text(&output, "(integer) 10").await;
    let first = text.find("(integer) 5").unwrap_or(usize::MAX);
    assert!(
        first < text.find("(integer) 10").unwrap_or(0),
        "in order: {text}"
    );
    type_line(&browser, page, "KEYS *").await;
    browser.wait_text(&output, "(refused) KEYS").await;
    type_line(&browser, page, "GET \"open").await;
    browser.wait_text(&output, "A quote is not closed").await;
    let field = browser.wait_css(&format!("{page} {INPUT}")).await;
    assert_eq!(
        field.prop("value").await.expect("value").as_deref(),
        Some("GET \"open"),
        "bad input is kept"
    );
    field.clear().await.expect("clear");
    field
        .send_keys(&char::from(Key::Up).to_string())
        .await
        .expect("↑");
    assert_eq!(
        field.prop("value").await.expect("value").as_deref(),
        Some("KEYS *"),
        "↑ brings back the last line run"
    );

    // Within the app (the same socket and session) to a lab page, whose drawer opens under it.
    browser.click(r#".nav a[href="/ping"]"#).await;
    browser.wait_css(r#"[data-testid="lab-ping"]"#).await;
    browser.click(r#"[data-testid="console-toggle"]"#).await;
    let drawer = r#"[data-testid="console-drawer"]"#;
    type_line(&browser, drawer, "GET greeting").await;
    browser
        .wait_text(&format!("{drawer} {OUTPUT}"), "\"hello world\"")
        .await;
    let violations = serious_violations(&browser, &axe_source()).await;
    assert!(
        violations.is_empty(),
        "the open drawer has no serious accessibility violation:\n{}",
        violations.join("\n")
    );
    browser.quit().await;
}

#[tokio::test]
async fn the_presenters_console_completes_helps_and_runs_on_the_projector() {
    let app = spawn_app().await;
    let browser = Browser::start("ja,en").await;
    browser.open(&app, "/present").await;
    browser
        .wait_css(r#"[data-testid="room"][data-state="open"][data-role="presenter"]"#)
        .await;
    browser
        .client
        .execute(
            "document.activeElement && document.activeElement.blur();\
             document.dispatchEvent(new KeyboardEvent('keydown', { key: 'p', bubbles: true }));",
            vec![],
        )
        .await
        .expect("script runs");
    browser.wait_css(".app.presenter").await;
    browser.click(r#"[data-testid="console-toggle"]"#).await;
    let drawer = r#".presenter [data-testid="console-drawer"]"#;
    let field = browser.wait_css(&format!("{drawer} {INPUT}")).await;

    // Completion of a command name from what the server offers, then its help from COMMAND DOCS.
    field.send_keys("ZRANGEBYS").await.expect("type");
    field
        .send_keys(&char::from(Key::Tab).to_string())
        .await
        .expect("Tab");
    assert_eq!(
        field.prop("value").await.expect("value").as_deref(),
        Some("ZRANGEBYSCORE"),
        "Tab completes the only command that starts so, in the case typed"
    );
    field.send_keys(" ").await.expect("type");
    let help = browser
        .wait_text(
            &format!("{drawer} [data-testid=\"console-help\"]"),
            "ZRANGEBYSCORE key",
        )
        .await;
    assert!(
        help.contains("Redis 1.0.5 から"),
        "since which version, from COMMAND DOCS, in the page's language: {help}"
    );

    field.clear().await.expect("clear");
    type_line(&browser, drawer, "PING projector").await;
    browser
        .wait_text(&format!("{drawer} {OUTPUT}"), "\"projector\"")
        .await;
    browser.quit().await;
}
