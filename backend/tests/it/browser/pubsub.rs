//! The Pub/Sub lab in two real browsers joined to one session: a message published from one shows in
//! both browsers' inboxes, because each browser is a real subscriber of the same channel.

use super::Browser;
use crate::support::spawn_app;

#[tokio::test]
async fn a_message_published_in_one_browser_reaches_both() {
    let app = spawn_app().await;
    let first = Browser::start("en-US,en").await;
    first.open(&app, "/pubsub").await;
    first
        .wait_css(r#"[data-testid="pubsub-status"][data-state="running"]"#)
        .await;
    let join = first
        .wait_css(r#"[data-testid="pubsub-join-link"]"#)
        .await
        .prop("value")
        .await
        .expect("join link")
        .unwrap_or_default();
    assert!(join.contains("?session="), "{join}");

    let second = Browser::start("en-US,en").await;
    second.client.goto(&join).await.expect("joins");
    second
        .wait_css(r#"[data-testid="conn-status"][data-state="connected"]"#)
        .await;
    second
        .wait_css(r#"[data-testid="pubsub-status"][data-state="running"]"#)
        .await;

    let message = first.wait_css(r#"[data-testid="pubsub-message"]"#).await;
    message.clear().await.expect("clear");
    message
        .send_keys("hello from the first browser")
        .await
        .expect("type");
    first.click(r#"[data-testid="pubsub-publish"]"#).await;

    for browser in [&first, &second] {
        browser
            .wait_text(
                r#"[data-testid="pubsub-inbox"][data-subscriber="0"]"#,
                "hello from the first browser",
            )
            .await;
    }
    let receivers = first
        .wait_css(r#"[data-testid="pubsub-receivers"]"#)
        .await
        .text()
        .await
        .expect("text");
    let receivers: u32 = receivers
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("a receiver count, got {receivers:?}"));
    assert!(
        receivers >= 2,
        "PUBLISH counted both browsers' subscribers (and the virtual ones): {receivers}"
    );
    first.quit().await;
    second.quit().await;
}

#[tokio::test]
async fn what_a_disconnected_subscriber_missed_is_labelled_as_the_playgrounds_count() {
    let app = spawn_app().await;
    let browser = Browser::start("en-US,en").await;
    browser.open(&app, "/pubsub").await;
    browser
        .wait_css(r#"[data-testid="pubsub-status"][data-state="running"]"#)
        .await;

    browser.click(r#"[data-testid="pubsub-demo-loss"]"#).await;

    // Redis reports nothing of what a disconnected subscriber missed: the figure is the playground's.
    let counts = browser
        .wait_text(
            r#"[data-testid="pubsub-subscriber"][data-subscriber="2"]"#,
            "5 missed",
        )
        .await;
    assert!(
        counts.contains("5 missed (the playground's count)"),
        "{counts}"
    );
    browser.quit().await;
}

/// On a Redis Cluster, the sharded lesson's table shows every node, the channels' shard marked, and
/// what each node's bus received: classic everywhere but the publisher's node, sharded only in the shard.
#[tokio::test]
async fn the_sharded_lesson_shows_what_every_nodes_bus_received_on_a_cluster() {
    let app = crate::support::spawn_app_on_cluster().await;
    let browser = Browser::start("ja-JP,ja").await;
    browser.open(&app, "/pubsub").await;
    browser
        .wait_css(r#"[data-testid="pubsub-status"][data-state="running"]"#)
        .await;
    browser
        .click(r#"[data-testid="pubsub-demo-sharded"]"#)
        .await;
    browser
        .wait_text(r#"[data-testid="pubsub-sharded-summary"]"#, "各 20 件")
        .await;
    let rows = browser
        .client
        .find_all(fantoccini::Locator::Css(
            r#"[data-testid="pubsub-sharded-nodes"] tbody tr"#,
        ))
        .await
        .expect("rows");
    assert_eq!(rows.len(), 6, "three masters and three replicas");
    let mut cells = Vec::new();
    for row in &rows {
        cells.push(row.text().await.expect("row text"));
    }
    let in_shard: Vec<&String> = cells.iter().filter(|c| c.contains("シャード")).collect();
    assert_eq!(in_shard.len(), 2, "the master and its replica: {cells:?}");
    assert!(
        cells
            .iter()
            .any(|c| c.contains("レプリカ") && c.ends_with("20 20")),
        "the shard's replica got both kinds: {cells:?}"
    );
    assert_eq!(
        cells.iter().filter(|c| c.ends_with("20 0")).count(),
        4,
        "every other node got the classic ones only: {cells:?}"
    );
    let axe = super::a11y::axe_source();
    let violations = super::a11y::serious_violations(&browser, &axe).await;
    assert!(violations.is_empty(), "{violations:?}");
    browser.quit().await;
}
