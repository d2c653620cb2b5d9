//! Accessibility in a real browser: axe-core finds no serious or critical violation on any page, before
//! and after its demo, in Japanese (dark) and English (light); the lock lab and a room's limiter are
//! worked from the keyboard alone, each control showing its focus; and a browser that asks for reduced
//! motion gets no animation.

use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::Value;

use super::Browser;
use crate::support::{TestApp, spawn_app};

/// A page with no parameters, and what to do on it so its results are checked too.
struct Page {
    /// Where it is.
    path: &'static str,
    /// An element that shows the page is ready to be used.
    ready: &'static str,
    /// An element to click (a demo, a run), and one that shows the results Redis sent have arrived.
    then: Option<(&'static str, &'static str)>,
}

/// Every page with no parameters but `/present`, which the room's audit opens.
const PAGES: [Page; 13] = [
    Page {
        path: "/",
        ready: r#"[data-testid="home"]"#,
        then: None,
    },
    Page {
        path: "/ping",
        ready: r#"[data-testid="lab-ping"]"#,
        then: Some((
            r#"[data-testid="ping-run"]"#,
            r#"[data-testid="ping-result"]"#,
        )),
    },
    Page {
        path: "/ratelimit",
        ready: r#"[data-testid="lab-ratelimit"]"#,
        then: Some((
            r#"[data-testid="ratelimit-demo-boundary"]"#,
            r#"[data-testid="ratelimit-status"][data-state="done"]"#,
        )),
    },
    Page {
        path: "/lock",
        ready: r#"[data-testid="lab-lock"]"#,
        then: Some((
            r#"[data-testid="lock-demo-pause"]"#,
            r#"[data-testid="lock-status"][data-state="done"]"#,
        )),
    },
    Page {
        path: "/pubsub",
        ready: r#"[data-testid="pubsub-status"][data-state="running"]"#,
        then: Some((
            r#"[data-testid="pubsub-publish"]"#,
            r#"[data-testid="pubsub-inbox-item"]"#,
        )),
    },
    Page {
        path: "/cache",
        ready: r#"[data-testid="lab-cache"]"#,
        then: Some((
            r#"[data-testid="cache-demo"]"#,
            r#"[data-testid="cache-status"][data-state="done"]"#,
        )),
    },
    Page {
        path: "/quiz",
        ready: r#"[data-testid="lab-quiz"]"#,
        then: Some((
            r#"[data-question="lock_option"] [data-testid="quiz-choice"][data-choice="B"]"#,
            r#"[data-question="lock_option"] [data-testid="quiz-feedback"]"#,
        )),
    },
    Page {
        path: "/console",
        ready: r#"[data-testid="lab-console"]"#,
        then: Some((
            r#"[data-testid="console-keys"]"#,
            r#"[data-testid="console-my-keys"]"#,
        )),
    },
    Page {
        path: "/exercise/ratelimit",
        ready: r#"[data-testid="lab-exercise"]"#,
        then: Some((
            r#"[data-testid="exercise-grade"]"#,
            r#"[data-testid="exercise-grade-result"]"#,
        )),
    },
    Page {
        path: "/exercise/lock",
        ready: r#"[data-testid="lab-exercise-lock"]"#,
        then: Some((
            r#"[data-testid="exercise-grade"]"#,
            r#"[data-testid="exercise-grade-result"]"#,
        )),
    },
    Page {
        path: "/exercise/pubsub",
        ready: r#"[data-testid="lab-exercise-pubsub"]"#,
        then: Some((
            r#"[data-testid="exercise-grade"]"#,
            r#"[data-testid="exercise-grade-result"]"#,
        )),
    },
    Page {
        path: "/exercise/cache",
        ready: r#"[data-testid="lab-exercise-cache"]"#,
        then: Some((
            r#"[data-testid="exercise-grade"]"#,
            r#"[data-testid="exercise-grade-result"]"#,
        )),
    },
    Page {
        path: "/no/such/page",
        ready: r#"[data-testid="not-found"]"#,
        then: None,
    },
];

/// How long a demo may take to finish.
const RUN_WAIT: Duration = Duration::from_secs(60);

/// The most Tab presses a walk may take to reach a control before the test gives up.
const MAX_TABS: usize = 80;

/// The text of axe-core's `axe.min.js`, which scripts/setup.sh installs and names in `AXE_CORE_JS`.
pub(super) fn axe_source() -> String {
    let Some(path) = std::env::var_os("AXE_CORE_JS") else {
        panic!(
            "AXE_CORE_JS is not set: run the tests through scripts/test.sh, or `source scripts/setup.sh` \
             first, which installs axe-core with npm and sets it"
        )
    };
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is missing at {} ({e}): run scripts/setup.sh, which installs it",
            path.to_string_lossy()
        )
    })
}

/// Runs axe-core on the page as it is now and returns its serious and critical violations, one line
/// each, naming the rule and the first few elements it failed on.
pub(super) async fn serious_violations(browser: &Browser, axe: &str) -> Vec<String> {
    browser
        .client
        .execute(axe, vec![])
        .await
        .expect("axe-core loads into the page");
    let found = browser
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, { resultTypes: ['violations'] })
                 .then(r => done(r.violations
                   .filter(v => v.impact === 'serious' || v.impact === 'critical')
                   .map(v => `${v.impact} ${v.id} (${v.help}): ` + v.nodes.slice(0, 4)
                     .map(n => n.target.join(' ') + ' [' + n.failureSummary.replace(/\s+/g, ' ') + ']')
                     .join('; '))))
                 .catch(e => done(['axe failed: ' + e]));"#,
            vec![],
        )
        .await
        .expect("axe-core runs");
    serde_json::from_value(found).expect("a list of strings")
}

/// A colour scheme the browser asks pages for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    /// Chromium's flags for it.
    fn flags(self) -> &'static [&'static str] {
        match self {
            Self::Light => &[],
            Self::Dark => &["--force-dark-mode"],
        }
    }
}

/// Each room lab: its tab, what a participant does in it, and the mark that shows Redis answered.
const ROOM_LABS: [(&str, &str, &str); 3] = [
    (
        "lock",
        r#"[data-testid="room-acquire"]"#,
        r#"[data-testid="room-lock-hold"], [data-testid="room-lock-busy"]"#,
    ),
    (
        "ratelimit",
        r#"[data-testid="room-send"]"#,
        r#"[data-testid="room-decision"]"#,
    ),
    (
        "exercise",
        r#"[data-testid="exercise-grade"]"#,
        r#"[data-testid="exercise-grade-result"], [data-testid="room-board-broken"]"#,
    ),
];

/// Checks every page, and a room from both sides, in the language `languages` prefers and the colour
/// `scheme`; returns each failing page's violations.
async fn audit_every_page(
    app: &TestApp,
    languages: &str,
    lang: &str,
    scheme: Scheme,
) -> Vec<String> {
    let axe = axe_source();
    let browser = Browser::start_with(languages, scheme.flags()).await;
    let mut failures = Vec::new();
    let mut record = |page: &str, found: Vec<String>| {
        failures.extend(
            found
                .into_iter()
                .map(|v| format!("{lang} {scheme:?} {page}: {v}")),
        );
    };
    // Each page as it opens and after its demo; then each demo again in presenter mode's large type
    // and high-contrast palette (the browser remembers the mode, so the room below is presented in it).
    for presenter in [false, true] {
        if presenter {
            browser.click(r#"[data-testid="presenter-toggle"]"#).await;
            browser.wait_css(".app.presenter").await;
        }
        let mode = if presenter { " (presenter mode)" } else { "" };
        for page in PAGES {
            let path = page.path;
            if presenter && page.then.is_none() {
                continue;
            }
            browser.open(app, path).await;
            browser.wait_css(page.ready).await;
            assert_eq!(browser.page_lang().await, lang, "<html lang> on {path}");
            if !presenter {
                record(path, serious_violations(&browser, &axe).await);
            }
            if let Some((action, results)) = page.then {
                browser.click(action).await;
                browser.wait_css_for(results, RUN_WAIT).await;
                record(
                    &format!("{path}{mode} after {action}"),
                    serious_violations(&browser, &axe).await,
                );
            }
        }
    }
    let dark = browser
        .client
        .execute(
            "return matchMedia('(prefers-color-scheme: dark)').matches",
            vec![],
        )
        .await
        .expect("script runs");
    assert_eq!(
        dark,
        Value::Bool(scheme == Scheme::Dark),
        "the page sees {scheme:?}"
    );

    // The presenter opens a room (its Pub/Sub view first), a participant's join form, the room it joins,
    // then each other room lab once the participant has acted in it.
    let presenter = browser;
    presenter.open(app, "/present").await;
    let code = presenter.room_code().await;
    let participant = Browser::start_with(languages, scheme.flags()).await;
    let room = format!("/room/{code}");
    participant.open(app, &room).await;
    participant.wait_css(r#"[data-testid="room-join"]"#).await;
    assert_eq!(participant.page_lang().await, lang, "<html lang> on {room}");
    record(
        &format!("{room} (join form)"),
        serious_violations(&participant, &axe).await,
    );
    let name = participant
        .wait_css(r#"[data-testid="room-join-name"]"#)
        .await;
    name.send_keys("ada").await.expect("type the name");
    participant
        .click(r#"[data-testid="room-join-submit"]"#)
        .await;
    participant
        .wait_css(r#"[data-testid="room"][data-state="open"][data-role="participant"]"#)
        .await;
    presenter
        .wait_css(r#"[data-testid="room-member-count"][data-count="1"]"#)
        .await;
    record("/present", serious_violations(&presenter, &axe).await);
    record(&room, serious_violations(&participant, &axe).await);
    for (lab, action, mark) in ROOM_LABS {
        presenter
            .click(&format!(
                r#"[data-testid="room-lab-tab"][data-lab="{lab}"]"#
            ))
            .await;
        participant
            .wait_css(&format!(r#"[data-testid="room"][data-lab="{lab}"]"#))
            .await;
        participant.click(action).await;
        participant.wait_css(mark).await;
        presenter.wait_css(mark).await;
        record(
            &format!("/present ({lab})"),
            serious_violations(&presenter, &axe).await,
        );
        record(
            &format!("{room} ({lab})"),
            serious_violations(&participant, &axe).await,
        );
    }
    participant.quit().await;
    presenter.quit().await;
    failures
}

#[tokio::test]
async fn every_page_in_japanese_and_dark_has_no_serious_accessibility_violation() {
    let app = spawn_app().await;
    let failures = audit_every_page(&app, "ja-JP,ja,en", "ja", Scheme::Dark).await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn every_page_in_english_and_light_has_no_serious_accessibility_violation() {
    let app = spawn_app().await;
    let failures = audit_every_page(&app, "en-US,en", "en", Scheme::Light).await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Presses `key` on whatever has the focus, as a keyboard does.
async fn press(browser: &Browser, key: Key) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key.into() })
        .then(KeyAction::Up { value: key.into() });
    browser
        .client
        .perform_actions(keys)
        .await
        .expect("key pressed");
}

/// The `data-testid` of the focused element, if it has one.
async fn focused_testid(browser: &Browser) -> Option<String> {
    let value = browser
        .client
        .execute(
            "return document.activeElement && document.activeElement.dataset.testid || null",
            vec![],
        )
        .await
        .expect("script runs");
    value.as_str().map(str::to_owned)
}

/// Presses Tab until the element with `data-testid="{testid}"` has the focus, and checks that the
/// focus shows: the element (or a shape inside it) looks different focused than not.
async fn tab_to(browser: &Browser, testid: &str) {
    for _ in 0..MAX_TABS {
        if focused_testid(browser).await.as_deref() == Some(testid) {
            let shows = browser
                .client
                .execute(
                    r#"const el = document.activeElement;
                       const look = () => [el, ...el.querySelectorAll('*')].map(c => {
                         const s = getComputedStyle(c);
                         return [s.outlineStyle, s.outlineWidth, s.stroke, s.strokeWidth].join(' ');
                       }).join('|');
                       const focused = look();
                       el.blur();
                       const unfocused = look();
                       el.focus();
                       return focused !== unfocused && document.activeElement === el;"#,
                    vec![],
                )
                .await
                .expect("script runs");
            assert_eq!(
                shows,
                Value::Bool(true),
                "{testid} shows that it has the focus"
            );
            return;
        }
        press(browser, Key::Tab).await;
    }
    panic!("{testid} was not reached in {MAX_TABS} presses of Tab");
}

#[tokio::test]
async fn the_lock_lab_works_from_the_keyboard_alone() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/lock").await;
    browser.wait_css(r#"[data-testid="lab-lock"]"#).await;

    tab_to(&browser, "lock-demo-pause").await;
    press(&browser, Key::Enter).await;
    browser
        .wait_css(r#"[data-testid="lock-status"][data-state="done"]"#)
        .await;
    let count = browser
        .wait_css(r#"[data-testid="lock-violations"]"#)
        .await
        .text()
        .await
        .expect("text");
    let count: u32 = count
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("a number of violations, got {count:?}"));
    assert!(count >= 1, "the paused holder overlaps the next one");

    // The overlap Redis let happen is a mark of its own: Tab reaches it, and focus shows the
    // commands behind it.
    tab_to(&browser, "lock-violation").await;
    browser
        .wait_css(r#"[data-testid="lock-detail"] [data-testid="lock-trace-line"]"#)
        .await;

    // Space presses a button as well as Enter does.
    tab_to(&browser, "lock-demo-fencing").await;
    press(&browser, Key::Space).await;
    browser
        .wait_css(r#"[data-testid="lock-write"][data-accepted="false"]"#)
        .await;
    browser.quit().await;
}

#[tokio::test]
async fn a_rooms_limiter_is_worked_and_its_marks_opened_from_the_keyboard() {
    let app = spawn_app().await;
    let presenter = Browser::start("en-US,en").await;
    presenter.open(&app, "/present").await;
    let code = presenter.room_code().await;
    presenter
        .click(r#"[data-testid="room-lab-tab"][data-lab="ratelimit"]"#)
        .await;

    let participant = Browser::start("en-US,en").await;
    participant.open(&app, &format!("/room/{code}")).await;
    tab_to(&participant, "room-join-name").await;
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: 'a' })
        .then(KeyAction::Up { value: 'a' });
    participant
        .client
        .perform_actions(keys)
        .await
        .expect("a name typed");
    press(&participant, Key::Enter).await;
    participant
        .wait_css(r#"[data-testid="room"][data-state="open"][data-lab="ratelimit"]"#)
        .await;

    tab_to(&participant, "room-send").await;
    press(&participant, Key::Enter).await;
    participant
        .wait_css(r#"[data-testid="room-my-verdict"]"#)
        .await;
    tab_to(&participant, "room-decision").await;
    press(&participant, Key::Enter).await;
    let command = participant
        .wait_css(r#"[data-testid="room-detail"] [data-testid="room-detail-command"]"#)
        .await
        .text()
        .await
        .expect("text");
    assert!(
        !command.trim().is_empty(),
        "the mark opens the commands Redis ran"
    );
    participant.quit().await;
    presenter.quit().await;
}

/// Every element's computed animation and transition durations that are not 0, as `tag.class: value`.
async fn moving(browser: &Browser) -> Vec<String> {
    let value: Value = browser
        .client
        .execute(
            r#"const moving = [];
               for (const el of document.querySelectorAll('*')) {
                 const s = getComputedStyle(el);
                 for (const d of [s.animationDuration, s.transitionDuration].join(',').split(',')) {
                   if (parseFloat(d) !== 0) {
                     moving.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class')}: ${d}`);
                   }
                 }
               }
               return moving;"#,
            vec![],
        )
        .await
        .expect("script runs");
    serde_json::from_value(value).expect("a list of strings")
}

/// Starts the lock lab in step mode, where it stays running (its status animated) until stopped, and
/// returns what moves on the page then.
async fn moving_while_a_lock_run_waits(app: &TestApp, flags: &[&str]) -> Vec<String> {
    let browser = Browser::start_with("en-US,en", flags).await;
    browser.open(app, "/lock").await;
    browser.click(r#"[data-testid="lock-step-mode"]"#).await;
    browser.click(r#"[data-testid="lock-start"]"#).await;
    browser
        .wait_css(r#"[data-testid="lock-status"][data-state="running"]"#)
        .await;
    let reduced = browser
        .client
        .execute(
            "return matchMedia('(prefers-reduced-motion: reduce)').matches",
            vec![],
        )
        .await
        .expect("script runs");
    assert_eq!(
        reduced,
        Value::Bool(!flags.is_empty()),
        "the page sees the preference {flags:?} set"
    );
    let found = moving(&browser).await;
    browser.quit().await;
    found
}

#[tokio::test]
async fn a_browser_that_prefers_reduced_motion_gets_no_animation() {
    let app = spawn_app().await;
    let normally = moving_while_a_lock_run_waits(&app, &[]).await;
    assert!(
        !normally.is_empty(),
        "a running lab animates its status when motion is welcome"
    );
    let reduced = moving_while_a_lock_run_waits(&app, &["--force-prefers-reduced-motion"]).await;
    assert!(
        reduced.is_empty(),
        "no animation or transition lasts under reduced motion: {reduced:?}"
    );
}

#[tokio::test]
async fn under_reduced_motion_a_pubsub_pulse_stands_still_at_its_edges_end() {
    let app = spawn_app().await;
    let browser = Browser::start_with("en-US,en", &["--force-prefers-reduced-motion"]).await;
    browser.open(&app, "/pubsub").await;
    browser
        .wait_css(r#"[data-testid="pubsub-status"][data-state="running"]"#)
        .await;
    // A pulse lives for under a second: the page reports the first one the moment it is drawn.
    let pulse = browser
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               const report = () => {
                 const pulse = document.querySelector('[data-testid="pubsub-graph"] circle[style*="offset-path"]');
                 if (!pulse) return false;
                 const s = getComputedStyle(pulse);
                 done([s.animationName, s.offsetDistance]);
                 return true;
               };
               const watch = new MutationObserver(() => report() && watch.disconnect());
               watch.observe(document.body, { subtree: true, childList: true });
               document.querySelector('[data-testid="pubsub-publish"]').click();"#,
            vec![],
        )
        .await
        .expect("a pulse is drawn");
    assert_eq!(
        pulse,
        serde_json::json!(["none", "100%"]),
        "the pulse does not travel: it stands at the end of the edge Redis delivered along"
    );
    browser.quit().await;
}
