//! Presenter mode on a projector: in a 1280×720 window, once a lab's demo has run, its visual lies
//! wholly inside the window without anything scrolled (the rate-limit lanes, the lock lanes, the
//! Pub/Sub fan-out graph, the cache strip), and so does a room's stage on `/present` with a
//! participant joined.

use std::time::Duration;

use serde_json::Value;

use super::Browser;
use crate::support::{TestApp, spawn_app};

/// A common projector's resolution, in CSS pixels.
const WIDTH: u32 = 1280;
/// See [`WIDTH`].
const HEIGHT: u32 = 720;

/// How long a demo may take to finish.
const RUN_WAIT: Duration = Duration::from_secs(60);

/// A lab's demo and the visual it draws.
struct Demo {
    /// The lab's page.
    path: &'static str,
    /// An element that shows the page is ready for the demo.
    ready: &'static str,
    /// The demo's button.
    button: &'static str,
    /// An element that shows the demo has finished.
    done: &'static str,
    /// The visual that must fit the window.
    visual: &'static str,
}

/// Each lab's guided demo, and its visual.
const DEMOS: [Demo; 4] = [
    Demo {
        path: "/ratelimit",
        ready: r#"[data-testid="lab-ratelimit"]"#,
        button: r#"[data-testid="ratelimit-demo-boundary"]"#,
        done: r#"[data-testid="ratelimit-status"][data-state="done"]"#,
        visual: ".ratelimit-plot",
    },
    Demo {
        path: "/lock",
        ready: r#"[data-testid="lab-lock"]"#,
        button: r#"[data-testid="lock-demo-pause"]"#,
        done: r#"[data-testid="lock-status"][data-state="done"]"#,
        visual: ".lock-plot",
    },
    Demo {
        path: "/pubsub",
        ready: r#"[data-testid="pubsub-status"][data-state="running"]"#,
        button: r#"[data-testid="pubsub-demo-fanout"]"#,
        done: r#"[data-testid="pubsub-demo-explanation"][data-state="done"]"#,
        visual: r#"[data-testid="pubsub-graph"]"#,
    },
    Demo {
        path: "/cache",
        ready: r#"[data-testid="lab-cache"]"#,
        button: r#"[data-testid="cache-demo"]"#,
        done: r#"[data-testid="cache-status"][data-state="done"]"#,
        visual: r#"[data-testid="cache-strip"]"#,
    },
];

/// Where `css`'s element lies, and whether the page or a box around it is scrolled: `null` when it
/// fits the window with nothing scrolled, else a sentence saying what is wrong.
const OUT_OF_VIEW: &str = r#"
    const css = arguments[0];
    const el = document.querySelector(css);
    if (!el) return `${css} is not on the page`;
    const r = el.getBoundingClientRect();
    const around = [document.scrollingElement];
    for (let e = el.parentElement; e; e = e.parentElement) around.push(e);
    const scrolled = around
        .filter(e => e.scrollTop > 0 || e.scrollLeft > 0)
        .map(e => `${e.tagName.toLowerCase()}.${e.className} (${e.scrollLeft}, ${e.scrollTop})`);
    const problems = [];
    if (r.width === 0 || r.height === 0) problems.push('it has no size');
    if (r.top < 0 || r.left < 0) problems.push(`it starts at (${r.left}, ${r.top})`);
    if (r.bottom > innerHeight) problems.push(`its bottom ${r.bottom} is below ${innerHeight}`);
    if (r.right > innerWidth) problems.push(`its right ${r.right} is past ${innerWidth}`);
    if (scrolled.length) problems.push(`scrolled: ${scrolled.join(', ')}`);
    return problems.length ? `${css}: ${problems.join('; ')}` : null;
"#;

/// Sizes the window so that its inside (what the page sees) is [`WIDTH`] × [`HEIGHT`].
async fn projector_window(browser: &Browser) {
    browser
        .client
        .set_window_size(WIDTH, HEIGHT)
        .await
        .expect("window resized");
    let inner = browser
        .client
        .execute("return [innerWidth, innerHeight]", vec![])
        .await
        .expect("script runs");
    let inner: (u32, u32) = serde_json::from_value(inner).expect("two numbers");
    // Whatever the window's own frame takes is added, so the page gets the projector's size.
    browser
        .client
        .set_window_size(2 * WIDTH - inner.0, 2 * HEIGHT - inner.1)
        .await
        .expect("window resized");
}

/// Checks that the page's inside is the projector's size, and that `visual` fits it unscrolled.
async fn out_of_view(browser: &Browser, visual: &str) -> Option<String> {
    let inner = browser
        .client
        .execute("return [innerWidth, innerHeight]", vec![])
        .await
        .expect("script runs");
    assert_eq!(
        inner,
        serde_json::json!([WIDTH, HEIGHT]),
        "the window's inside"
    );
    let found = browser
        .client
        .execute(OUT_OF_VIEW, vec![Value::from(visual)])
        .await
        .expect("script runs");
    found.as_str().map(str::to_owned)
}

/// Saves a screenshot of the page as `name`.png under `PROJECTOR_SHOTS`, when that is set: a way to
/// look at what a projector would show.
async fn shoot(browser: &Browser, name: &str) {
    let Some(dir) = std::env::var_os("PROJECTOR_SHOTS") else {
        return;
    };
    let png = browser.client.screenshot().await.expect("screenshot");
    let path = std::path::Path::new(&dir).join(format!("{name}.png"));
    std::fs::write(&path, png).expect("screenshot saved");
}

/// Clicks the element matching `css` from the page's own script, which scrolls nothing.
async fn press(browser: &Browser, css: &str) {
    browser.wait_css(css).await;
    browser
        .client
        .execute(
            "document.querySelector(arguments[0]).click()",
            vec![Value::from(css)],
        )
        .await
        .expect("clicked");
}

/// Opens `path` in presenter mode (turned on once per browser; it is remembered).
async fn open_presenting(browser: &Browser, app: &TestApp, path: &str) {
    browser.open(app, path).await;
    if browser
        .client
        .find(fantoccini::Locator::Css(".app.presenter"))
        .await
        .is_err()
    {
        browser.click(r#"[data-testid="presenter-toggle"]"#).await;
        browser.wait_css(".app.presenter").await;
    }
}

#[tokio::test]
async fn each_labs_visual_fits_a_1280_by_720_projector_in_presenter_mode() {
    let app = spawn_app().await;
    let mut failures = Vec::new();
    for languages in ["ja-JP,ja", "en-US,en"] {
        let browser = Browser::start(languages).await;
        projector_window(&browser).await;
        for demo in DEMOS {
            open_presenting(&browser, &app, demo.path).await;
            browser.wait_css(demo.ready).await;
            browser.click(demo.button).await;
            browser.wait_css_for(demo.done, RUN_WAIT).await;
            browser.wait_css(demo.visual).await;
            let lang = &languages[..2];
            shoot(&browser, &format!("{}-{lang}", demo.path.trim_matches('/'))).await;
            if let Some(problem) = out_of_view(&browser, demo.visual).await {
                failures.push(format!("{} ({languages}): {problem}", demo.path));
            }
        }
        browser.quit().await;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each room lab: its tab, what the participant does in it, the mark that shows Redis answered, and
/// the visual that must fit.
const ROOM_LABS: [(&str, &str, &str, &str); 3] = [
    (
        "pubsub",
        r#"[data-testid="room-publish"]"#,
        r#"[data-testid="room-receivers"]"#,
        r#"[data-testid="room-fanout"]"#,
    ),
    (
        "lock",
        r#"[data-testid="room-acquire"]"#,
        r#"[data-testid="room-lock-hold"], [data-testid="room-lock-busy"]"#,
        r#"[data-testid="room-lock-lanes"]"#,
    ),
    (
        "ratelimit",
        r#"[data-testid="room-send"]"#,
        r#"[data-testid="room-decision"]"#,
        ".room-timeline",
    ),
];

#[tokio::test]
async fn a_rooms_stage_fits_a_1280_by_720_projector_with_a_participant_joined() {
    let app = spawn_app().await;
    let presenter = Browser::start("en-US,en").await;
    projector_window(&presenter).await;
    open_presenting(&presenter, &app, "/present").await;
    let code = presenter.room_code().await;
    let participant = Browser::start("en-US,en").await;
    participant.open(&app, &format!("/room/{code}")).await;
    participant
        .wait_css(r#"[data-testid="room-join-name"]"#)
        .await
        .send_keys("ada")
        .await
        .expect("a name typed");
    participant
        .click(r#"[data-testid="room-join-submit"]"#)
        .await;
    presenter
        .wait_css(r#"[data-testid="room-member-count"][data-count="1"]"#)
        .await;

    let mut failures = Vec::new();
    for (lab, action, mark, visual) in ROOM_LABS {
        // The presenter's own clicks go through the page, as a clicker's would: WebDriver's would
        // scroll each button into view first.
        press(
            &presenter,
            &format!(r#"[data-testid="room-lab-tab"][data-lab="{lab}"]"#),
        )
        .await;
        participant
            .wait_css(&format!(r#"[data-testid="room"][data-lab="{lab}"]"#))
            .await;
        // The presenter publishes; a participant acts in the other labs.
        if lab == "pubsub" {
            presenter
                .client
                .execute(
                    r#"const input = document.querySelector('[data-testid="room-publish-text"]');
                       input.value = 'hello';
                       input.dispatchEvent(new InputEvent('input', { bubbles: true }));"#,
                    vec![],
                )
                .await
                .expect("a message typed");
            press(&presenter, action).await;
        } else {
            participant.click(action).await;
        }
        presenter.wait_css(mark).await;
        shoot(&presenter, &format!("present-{lab}")).await;
        if let Some(problem) = out_of_view(&presenter, visual).await {
            failures.push(format!("/present ({lab}): {problem}"));
        }
    }
    participant.quit().await;
    presenter.quit().await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
