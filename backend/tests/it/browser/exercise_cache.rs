//! The cache exercise in a real browser, in Japanese: the course's warm-up is graded on the sandbox
//! and fails only on the spread of its expiries, with each case's products read back from Redis; the
//! solution written into the editor passes, and the pass survives a reload.

use fantoccini::Locator;
use shared::exercise::cache::SOLUTION;

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

#[tokio::test]
async fn the_course_warm_up_fails_on_its_spread_and_the_solution_passes() {
    let app = spawn_app().await;
    let browser = Browser::start("ja,en").await;
    browser.open(&app, "/cache").await;
    browser.click(r#"a[href="/exercise/cache"]"#).await;
    browser.wait_css(r#"[data-testid="exercise-script"]"#).await;
    assert!(
        script_value(&browser, "exercise-script")
            .await
            .contains("redis.call('SETEX'"),
        "the course's warm-up"
    );

    grade(&browser, false).await;
    assert_eq!(status_of(&browser, "spread").await, "broken");
    for property in ["contract", "top_products", "same_as_db", "ttl", "untouched"] {
        assert_eq!(status_of(&browser, property).await, "held", "{property}");
    }
    let cached = browser
        .client
        .find_all(Locator::Css(
            r#"[data-testid="exercise-products-top_ten"] tr[data-cached="true"]"#,
        ))
        .await
        .expect("rows");
    assert_eq!(
        cached.len(),
        10,
        "the ten most viewed, read back from Redis"
    );
    let hidden = browser
        .client
        .find_all(Locator::Css(
            r#"[data-testid="exercise-products-hidden_hundred"]"#,
        ))
        .await
        .expect("query");
    assert!(hidden.is_empty(), "a hidden case shows no products");

    write_script(&browser, "exercise-script", SOLUTION).await;
    grade(&browser, true).await;
    assert_eq!(status_of(&browser, "spread").await, "held");
    browser
        .wait_css(r#"[data-testid="exercise-solution"]"#)
        .await;

    browser.open(&app, "/exercise/cache").await;
    browser
        .wait_css(r#"[data-testid="exercise-passed-before"]"#)
        .await;
    assert_eq!(script_value(&browser, "exercise-script").await, SOLUTION);
    browser.quit().await;
}
