//! The rate-limit exercise in a real browser: a solution written into the editor is graded on the
//! sandbox, and the verdict, the properties and the lanes come back; the course's code fails where it
//! is flawed; the draft and the pass survive a reload.

use fantoccini::{Locator, key::Key};
use serde_json::json;
use shared::exercise::RATELIMIT_SOLUTION;

use super::Browser;
use crate::support::spawn_app;

/// How long one grading may take in a loaded CI browser.
const GRADE_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Replaces editor `testid`'s text as typing would: the value, then an `input` event.
pub(super) async fn write_script(browser: &Browser, testid: &str, script: &str) {
    browser
        .client
        .execute(
            "const area = document.querySelector(`[data-testid=\"${arguments[0]}\"]`);\
             area.value = arguments[1];\
             area.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![json!(testid), json!(script)],
        )
        .await
        .expect("script runs");
}

/// Editor `testid`'s text.
pub(super) async fn script_value(browser: &Browser, testid: &str) -> String {
    browser
        .client
        .execute(
            "return document.querySelector(`[data-testid=\"${arguments[0]}\"]`).value",
            vec![json!(testid)],
        )
        .await
        .expect("script runs")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The verdict `property` shows: `held`, `broken` or `not-judged`.
pub(super) async fn status_of(browser: &Browser, property: &str) -> String {
    browser
        .wait_css(&format!(r#"[data-testid="exercise-property-{property}"]"#))
        .await
        .attr("data-status")
        .await
        .expect("attribute")
        .unwrap_or_default()
}

#[tokio::test]
async fn a_solution_written_in_the_editor_is_graded_and_remembered() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/exercise/ratelimit").await;
    let area = browser.wait_css(r#"[data-testid="exercise-script"]"#).await;
    assert!(
        script_value(&browser, "exercise-script")
            .await
            .contains("ZADD', key, now, now"),
        "the starter"
    );

    // Tab indents instead of leaving the editor.
    write_script(&browser, "exercise-script", "x").await;
    area.send_keys(&Key::Tab.to_string()).await.expect("tab");
    assert_eq!(script_value(&browser, "exercise-script").await, "x  ");

    write_script(&browser, "exercise-script", RATELIMIT_SOLUTION).await;
    browser.click(r#"[data-testid="exercise-grade"]"#).await;

    let verdict = browser
        .wait_css_for(r#"[data-testid="exercise-grade-result"]"#, GRADE_WAIT)
        .await;
    assert_eq!(
        verdict.attr("data-passed").await.expect("attr").as_deref(),
        Some("true")
    );
    let text = browser
        .wait_text(r#"[data-testid="exercise-verdict"]"#, "Passed")
        .await;
    assert!(text.contains("every property held"), "{text}");
    for property in [
        "contract",
        "within_limit",
        "not_too_strict",
        "expires",
        "one_round_trip",
    ] {
        assert_eq!(status_of(&browser, property).await, "held", "{property}");
    }
    let marks = browser
        .client
        .find_all(Locator::Css(
            r#"[data-testid="exercise-timeline-boundary_burst"] [data-lane="yours"] .exercise-timeline__mark"#,
        ))
        .await
        .expect("marks");
    assert_eq!(
        marks.len(),
        15,
        "one mark per decision of the boundary burst"
    );
    browser
        .wait_css(r#"[data-testid="exercise-solution"]"#)
        .await;

    // The draft and the pass survive a reload.
    browser.open(&app, "/exercise/ratelimit").await;
    browser
        .wait_css(r#"[data-testid="exercise-passed-before"]"#)
        .await;
    assert_eq!(
        script_value(&browser, "exercise-script").await,
        RATELIMIT_SOLUTION
    );
    browser.quit().await;
}

#[tokio::test]
async fn the_course_code_fails_in_the_browser_on_the_same_timestamp() {
    let app = spawn_app().await;
    let browser = Browser::start("ja-JP,ja").await;
    browser.open(&app, "/exercise/ratelimit").await;

    browser.click(r#"[data-testid="exercise-starter"]"#).await;
    browser.click(r#"[data-testid="exercise-grade"]"#).await;

    let verdict = browser
        .wait_css_for(r#"[data-testid="exercise-grade-result"]"#, GRADE_WAIT)
        .await;
    assert_eq!(
        verdict.attr("data-passed").await.expect("attr").as_deref(),
        Some("false")
    );
    browser
        .wait_text(r#"[data-testid="exercise-verdict"]"#, "不合格")
        .await;
    assert_eq!(status_of(&browser, "within_limit").await, "broken");
    let same = browser
        .wait_css(r#"[data-testid="exercise-case-same_timestamp"]"#)
        .await;
    assert_eq!(
        same.attr("data-passed").await.expect("attr").as_deref(),
        Some("false")
    );
    let boundary = browser
        .wait_css(r#"[data-testid="exercise-case-boundary_burst"]"#)
        .await;
    assert_eq!(
        boundary.attr("data-passed").await.expect("attr").as_deref(),
        Some("true")
    );
    browser.quit().await;
}
