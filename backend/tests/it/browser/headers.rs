//! Nothing is cut off at 1280 px and wider: the rate-limit lanes' headers (names and figures) and the
//! lock lanes' names fit their column, in Japanese and in English.

use super::Browser;
use crate::support::spawn_app;

/// The widths a laptop or projector commonly has, from the narrowest the playground promises.
const WIDTHS: [u32; 2] = [1280, 1440];

/// Every element in a rate-limit lane header that clips (its `overflow` is not `visible`) and holds
/// content wider or taller than its box, as "class: text (content size > box size)". The headers
/// themselves clip, so a figure or label sticking out of one counts.
const CLIPPED_RATELIMIT_HEADS: &str = r#"
    const clips = (el, axis) => getComputedStyle(el)[axis] !== 'visible';
    return [...document.querySelectorAll('.ratelimit-lane__head, .ratelimit-lane__head *')]
        .filter(el => (clips(el, 'overflowX') && el.scrollWidth > el.clientWidth)
            || (clips(el, 'overflowY') && el.scrollHeight > el.clientHeight))
        .map(el => `${el.className}: ${el.textContent.trim()} ` +
            `(${el.scrollWidth}×${el.scrollHeight} > ${el.clientWidth}×${el.clientHeight})`);
"#;

/// Every lock lane name that reaches past the start of the time axis (its first grid line), as
/// "name (right edge > axis start)".
const CLIPPED_LOCK_NAMES: &str = r#"
    const grid = [...document.querySelectorAll('.lock-axis__grid')].map(l => l.x1.baseVal.value);
    const start = Math.min(...grid);
    return [...document.querySelectorAll('.lock-lane__name')]
        .map(t => ({ text: t.textContent, right: t.getBBox().x + t.getBBox().width }))
        .filter(n => n.right > start)
        .map(n => `${n.text} (${n.right.toFixed(0)} > ${start.toFixed(0)})`);
"#;

/// Runs `script` and returns the strings it lists.
async fn listed(browser: &Browser, script: &str) -> Vec<String> {
    let value = browser
        .client
        .execute(script, vec![])
        .await
        .expect("script runs");
    serde_json::from_value(value).expect("a list of strings")
}

#[tokio::test]
async fn lane_headers_are_not_cut_off_at_1280_px_or_wider_in_either_language() {
    let app = spawn_app().await;
    for languages in ["ja-JP,ja", "en-US,en"] {
        let browser = Browser::start(languages).await;
        for width in WIDTHS {
            browser
                .client
                .set_window_size(width, 900)
                .await
                .expect("window resized");

            browser.open(&app, "/ratelimit").await;
            browser
                .click(r#"[data-testid="ratelimit-demo-boundary"]"#)
                .await;
            browser
                .wait_css(r#"[data-testid="ratelimit-status"][data-state="done"]"#)
                .await;
            let clipped = listed(&browser, CLIPPED_RATELIMIT_HEADS).await;
            assert!(
                clipped.is_empty(),
                "rate-limit lane headers cut off at {width} px in {languages}: {clipped:?}"
            );

            browser.open(&app, "/lock").await;
            browser.click(r#"[data-testid="lock-demo-pause"]"#).await;
            browser
                .wait_css(r#"[data-testid="lock-status"][data-state="done"]"#)
                .await;
            browser.wait_css(r#"[data-testid="lock-lane"]"#).await;
            let clipped = listed(&browser, CLIPPED_LOCK_NAMES).await;
            assert!(
                clipped.is_empty(),
                "lock lane names run into the plot at {width} px in {languages}: {clipped:?}"
            );
        }
        browser.quit().await;
    }
}
