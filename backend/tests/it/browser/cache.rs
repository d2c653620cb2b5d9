//! The cache lab and the quiz in a real browser: warm-up progress and the hit ratio changing, then a quiz
//! answer and its live try.

use fantoccini::Locator;

use super::Browser;
use crate::support::spawn_app;

/// The number an element with `css` shows.
async fn number(browser: &Browser, css: &str) -> f64 {
    let text = browser.wait_css(css).await.text().await.expect("text");
    text.trim()
        .trim_end_matches('%')
        .parse()
        .unwrap_or_else(|_| panic!("{css} should hold a number, got {text:?}"))
}

#[tokio::test]
async fn warming_up_shows_progress_and_raises_the_hit_ratio() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/cache").await;
    browser.wait_css(r#"[data-testid="lab-cache"]"#).await;

    browser.click(r#"[data-testid="cache-demo"]"#).await;
    let progress = browser.wait_css(r#"[data-testid="cache-progress"]"#).await;
    browser
        .wait_css(r#"[data-testid="cache-status"][data-state="done"]"#)
        .await;
    let warmed = progress
        .attr("data-warmed")
        .await
        .expect("attr")
        .unwrap_or_default();
    let total = progress
        .attr("data-total")
        .await
        .expect("attr")
        .unwrap_or_default();
    assert!(
        !total.is_empty() && warmed == total,
        "the warm-up finished: {warmed} of {total}"
    );

    let cold = number(
        &browser,
        r#"[data-testid="cache-hit-ratio"][data-phase="cold"]"#,
    )
    .await;
    let warm = number(
        &browser,
        r#"[data-testid="cache-hit-ratio"][data-phase="warm"]"#,
    )
    .await;
    assert!(warm > cold, "after warm-up {warm} beats cold {cold}");
    let cached = browser
        .client
        .find_all(Locator::Css(
            r#"[data-testid="cache-cell"][data-state="cached"]"#,
        ))
        .await
        .expect("strip cells");
    assert!(
        !cached.is_empty(),
        "the strip shows products cached, from real PTTLs"
    );
    browser.quit().await;
}

#[tokio::test]
async fn answering_the_courses_question_and_trying_an_option_live() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/quiz").await;
    let question = r#"[data-testid="quiz-question"][data-question="lock_option"]"#;
    browser.wait_css(question).await;

    browser
        .click(&format!(
            r#"{question} [data-testid="quiz-choice"][data-choice="B"]"#
        ))
        .await;
    browser
        .wait_css(&format!(
            r#"{question} [data-testid="quiz-feedback"][data-correct="true"]"#
        ))
        .await;
    let score = browser
        .wait_text(r#"[data-testid="quiz-score"]"#, "1")
        .await;
    assert_eq!(score.trim(), "1");

    browser
        .click(&format!(
            r#"{question} [data-testid="quiz-try"][data-choice="D"]"#
        ))
        .await;
    browser
        .wait_css(&format!(
            r#"{question} [data-testid="quiz-result"][data-outcome="stuck_forever"]"#
        ))
        .await;
    let steps = browser
        .client
        .find_all(Locator::Css(&format!(
            r#"{question} [data-testid="quiz-step"]"#
        )))
        .await
        .expect("steps");
    assert!(
        steps.len() >= 3,
        "SETNX, the crash, TTL -1, and B refused: {} steps",
        steps.len()
    );
    let text = browser
        .wait_text(&format!(r#"{question} [data-testid="quiz-result"]"#), "-1")
        .await;
    assert!(text.contains("SETNX"), "{text}");
    browser.quit().await;
}
