//! The lock exercise in a real browser: a release written into its editor is graded on the sandbox,
//! and the verdict, each property and the holds come back; a plain `DEL` release fails naming the
//! stale release; the drafts and the pass survive a reload.

use fantoccini::Locator;
use shared::exercise::lock::{ACQUIRE_SOLUTION, RELEASE_SOLUTION};

use super::{
    Browser,
    exercise::{script_value, status_of, write_script},
};
use crate::support::spawn_app;

/// How long one grading may take in a loaded CI browser.
const GRADE_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

async fn passed(browser: &Browser) -> Option<String> {
    browser
        .wait_css_for(r#"[data-testid="exercise-grade-result"]"#, GRADE_WAIT)
        .await
        .attr("data-passed")
        .await
        .expect("attr")
}

#[tokio::test]
async fn a_lock_written_in_the_editors_is_graded_and_remembered() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/lock").await;
    browser.click(r#"a[href="/exercise/lock"]"#).await;
    browser
        .wait_css(r#"[data-testid="exercise-acquire"]"#)
        .await;
    assert!(
        script_value(&browser, "exercise-release")
            .await
            .contains("redis.call('get', KEYS[1]) == ARGV[1]"),
        "the course's release"
    );

    // A plain DEL first: the stale holder's release deletes the new holder's lock.
    write_script(
        &browser,
        "exercise-release",
        "return redis.call('DEL', KEYS[1])",
    )
    .await;
    browser.click(r#"[data-testid="exercise-grade"]"#).await;
    assert_eq!(passed(&browser).await.as_deref(), Some("false"));
    assert_eq!(status_of(&browser, "stale_release").await, "broken");
    let stale = browser
        .wait_css(r#"[data-testid="exercise-case-stale_holder"]"#)
        .await;
    assert_eq!(
        stale.attr("data-passed").await.expect("attr").as_deref(),
        Some("false")
    );

    write_script(&browser, "exercise-acquire", ACQUIRE_SOLUTION).await;
    write_script(&browser, "exercise-release", RELEASE_SOLUTION).await;
    browser.click(r#"[data-testid="exercise-grade"]"#).await;
    browser
        .wait_text(r#"[data-testid="exercise-verdict"]"#, "Passed")
        .await;
    assert_eq!(passed(&browser).await.as_deref(), Some("true"));
    for property in [
        "contract",
        "one_holder",
        "stale_release",
        "release_frees",
        "expires",
        "deadline",
    ] {
        assert_eq!(status_of(&browser, property).await, "held", "{property}");
    }
    // The crash case: client 0 holds once and never releases; every client has a hold.
    let crash = browser
        .client
        .find_all(Locator::Css(
            r#"[data-testid="exercise-holds-crash"] [data-fault="crash"]"#,
        ))
        .await
        .expect("holds");
    assert_eq!(crash.len(), 1);
    // The course's scripts and the fixed ones, under the same plan, drawn beside.
    for lane in ["course", "fixed"] {
        browser
            .wait_css(&format!(
                r#"[data-testid="exercise-holds-crash-{lane}"] [data-fault="crash"]"#
            ))
            .await;
    }
    browser
        .wait_css(r#"[data-testid="exercise-solution"]"#)
        .await;

    browser.open(&app, "/exercise/lock").await;
    browser
        .wait_css(r#"[data-testid="exercise-passed-before"]"#)
        .await;
    assert_eq!(
        script_value(&browser, "exercise-release").await,
        RELEASE_SOLUTION
    );
    browser.quit().await;
}
