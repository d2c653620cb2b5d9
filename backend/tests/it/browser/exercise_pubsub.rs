//! The Pub/Sub exercise in a real browser: the course's delivery is graded on the sandbox and the
//! subscriber that was away misses what was sent meanwhile, drawn per message; the solution written
//! into the editors passes.

use fantoccini::Locator;
use shared::exercise::pubsub::{PUBLISH_SOLUTION, READ_SOLUTION};

use super::{
    Browser,
    exercise::{script_value, status_of, write_script},
};
use crate::support::spawn_app;

/// How long one grading may take in a loaded CI browser.
const GRADE_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Clicks grade and waits for a grade whose `data-passed` is `passed`.
async fn grade(browser: &Browser, passed: bool) {
    browser.click(r#"[data-testid="exercise-grade"]"#).await;
    browser
        .wait_css_for(
            &format!(r#"[data-testid="exercise-grade-result"][data-passed="{passed}"]"#),
            GRADE_WAIT,
        )
        .await;
}

/// How many of the away case's reader cells show `fate`.
async fn reader_cells(browser: &Browser, fate: &str) -> usize {
    browser
        .client
        .find_all(Locator::Css(&format!(
            r#"[data-testid="exercise-fates-away"] [data-lane="yours"] [data-fate="{fate}"]"#
        )))
        .await
        .expect("cells")
        .len()
}

#[tokio::test]
async fn the_course_delivery_loses_what_the_away_subscriber_missed_and_the_solution_does_not() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/pubsub").await;
    browser.click(r#"a[href="/exercise/pubsub"]"#).await;
    browser
        .wait_css(r#"[data-testid="exercise-publish"]"#)
        .await;
    assert!(
        script_value(&browser, "exercise-publish")
            .await
            .contains("redis.call('PUBLISH', ARGV[1], ARGV[2])"),
        "the course's publish"
    );

    grade(&browser, false).await;
    assert_eq!(status_of(&browser, "catch_up").await, "broken");
    assert_eq!(status_of(&browser, "live").await, "held");
    assert_eq!(
        reader_cells(&browser, "missed").await,
        12,
        "the course keeps nothing to read"
    );

    write_script(&browser, "exercise-publish", PUBLISH_SOLUTION).await;
    write_script(&browser, "exercise-read", READ_SOLUTION).await;
    grade(&browser, true).await;
    assert_eq!(status_of(&browser, "catch_up").await, "held");
    assert_eq!(reader_cells(&browser, "once").await, 12);
    let course_missed = browser
        .client
        .find_all(Locator::Css(
            r#"[data-testid="exercise-fates-away"] [data-lane="course"] [data-fate="missed"]"#,
        ))
        .await
        .expect("cells");
    assert_eq!(
        course_missed.len(),
        12,
        "the course's reader, beside, on the same messages"
    );
    browser
        .wait_css(r#"[data-testid="exercise-solution"]"#)
        .await;
    browser.quit().await;
}
