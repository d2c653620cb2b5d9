//! A workshop room in real browsers. A presenter and two participants, one of them on a second backend
//! process sharing the Redis: a publish reaches both participants' inboxes through their own
//! subscribers, and both contend for the lock while the presenter sees a lane for each. A presenter who
//! reloads takes the same room back while the participant is told it is away; closing the room tells
//! the participant, and so does a presenter going to another page.

use fantoccini::Locator;

use super::Browser;
use crate::support::{TestApp, spawn_app};

/// Joins the room `code` from `browser` at `url` as `name`, and returns the member number it got.
async fn join(browser: &Browser, url: &str, name: &str) -> String {
    browser.client.goto(url).await.expect("join page loads");
    browser
        .wait_css(r#"[data-testid="conn-status"][data-state="connected"]"#)
        .await;
    let field = browser.wait_css(r#"[data-testid="room-join-name"]"#).await;
    field.send_keys(name).await.expect("type the name");
    browser.click(r#"[data-testid="room-join-submit"]"#).await;
    browser
        .wait_css(r#"[data-testid="room"][data-state="open"][data-role="participant"]"#)
        .await;
    browser
        .wait_css(r#"[data-testid="room-me"]"#)
        .await
        .attr("data-member")
        .await
        .expect("attribute")
        .expect("a member number")
}

/// A presenter with a room open on `/present` and ada, in Japanese, in it: the two browsers and the code.
async fn presenter_and_ada(app: &TestApp) -> (Browser, Browser, String) {
    let presenter = Browser::start("en-US,en").await;
    presenter.open(app, "/present").await;
    presenter
        .wait_css(r#"[data-testid="room"][data-state="open"][data-role="presenter"]"#)
        .await;
    let code = presenter.room_code().await;
    let ada = Browser::start("ja,en").await;
    join(&ada, &app.url(&format!("/room/{code}")), "ada").await;
    presenter
        .wait_css(r#"[data-testid="room-member-count"][data-count="1"]"#)
        .await;
    (presenter, ada, code)
}

#[tokio::test]
async fn a_presenter_and_two_participants_on_two_backends_share_one_room() {
    let app = spawn_app().await;
    let other = crate::procs::BackendProcess::start(&app.redis_url(), &[])
        .await
        .expect("a second backend process starts");

    // The presenter opens a room and reads its code.
    let presenter = Browser::start("en-US,en").await;
    presenter.open(&app, "/present").await;
    presenter
        .wait_css(r#"[data-testid="room"][data-state="open"][data-role="presenter"]"#)
        .await;
    let code = presenter.room_code().await;
    let link = presenter
        .wait_css(r#"[data-testid="room-join-url"]"#)
        .await
        .prop("value")
        .await
        .expect("join link")
        .unwrap_or_default();
    assert!(link.ends_with(&format!("/room/{code}")), "{link}");
    presenter.wait_css(r#"[data-testid="room-qr"] svg"#).await;

    // One participant on the presenter's backend, one on the other.
    let ada = Browser::start("en-US,en").await;
    let ada_n = join(&ada, &app.url(&format!("/room/{code}")), "ada").await;
    let grace = Browser::start("ja,en").await;
    let grace_n = join(&grace, &other.url(&format!("/room/{code}")), "grace").await;
    assert_ne!(ada_n, grace_n);
    presenter
        .wait_css(r#"[data-testid="room-member-count"][data-count="2"]"#)
        .await;

    // A publish reaches both participants, through each backend's one subscription to the room.
    let text = presenter
        .wait_css(r#"[data-testid="room-publish-text"]"#)
        .await;
    text.send_keys("hello room").await.expect("type");
    presenter.click(r#"[data-testid="room-publish"]"#).await;
    for participant in [&ada, &grace] {
        participant
            .wait_text(r#"[data-testid="room-inbox"]"#, "hello room")
            .await;
    }
    let receivers = presenter
        .wait_css(r#"[data-testid="room-receivers"]"#)
        .await
        .text()
        .await
        .expect("text");
    let receivers: u64 = receivers
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("a receiver count, got {receivers:?}"));
    assert_eq!(receivers, 2, "PUBLISH counted each backend's subscription");

    // The presenter shows the lock; both participants see it and contend.
    presenter
        .click(r#"[data-testid="room-lab-tab"][data-lab="lock"]"#)
        .await;
    for participant in [&ada, &grace] {
        participant
            .wait_css(r#"[data-testid="room"][data-lab="lock"]"#)
            .await;
    }
    tokio::join!(
        ada.click(r#"[data-testid="room-acquire"]"#),
        grace.click(r#"[data-testid="room-acquire"]"#)
    );

    // The presenter sees a lane per participant, each with the outcome of its attempt, and exactly the
    // real outcomes: one `SET NX` won, so at least one lane holds a bar.
    for n in [&ada_n, &grace_n] {
        let lane = format!(r#"[data-testid="room-lock-lane"][data-member="{n}"]"#);
        presenter.wait_css(&lane).await;
        presenter
            .wait_css(&format!(
                r#"{lane} [data-testid="room-lock-hold"], {lane} [data-testid="room-lock-busy"]"#
            ))
            .await;
    }
    let holds = presenter
        .client
        .find_all(Locator::Css(r#"[data-testid="room-lock-hold"]"#))
        .await
        .expect("query");
    assert!(!holds.is_empty(), "someone got the lock");

    // A participant has no presenter controls.
    let tabs = ada
        .client
        .find_all(Locator::Css(r#"[data-testid="room-lab-tab"]"#))
        .await
        .expect("query");
    assert!(tabs.is_empty(), "participants cannot change the lab");

    presenter.quit().await;
    ada.quit().await;
    grace.quit().await;
}

#[tokio::test]
async fn a_presenter_who_reloads_gets_the_same_room_back_and_closing_it_tells_the_participant() {
    let app = spawn_app().await;
    let (presenter, ada, code) = presenter_and_ada(&app).await;

    // A reload drops the presenter's connection: the participant is told, and the tab's secret takes
    // the same room back.
    presenter.client.refresh().await.expect("reload");
    ada.wait_css(r#"[data-testid="room-presenter-away"]"#).await;
    presenter
        .wait_css(r#"[data-testid="room"][data-state="open"][data-role="presenter"]"#)
        .await;
    assert_eq!(presenter.room_code().await, code, "the same room");
    presenter
        .wait_css(r#"[data-testid="room-member-count"][data-count="1"]"#)
        .await;
    ada.wait_css(
        r#"[data-testid="room"][data-state="open"]:not(:has([data-testid="room-presenter-away"]))"#,
    )
    .await;

    // Closing the room tells the participant.
    presenter.click(r#"[data-testid="room-close"]"#).await;
    ada.wait_css(r#"[data-testid="room"][data-state="closed"]"#)
        .await;
    presenter
        .wait_css(r#"[data-testid="room"][data-state="closed"][data-role="presenter"]"#)
        .await;

    presenter.quit().await;
    ada.quit().await;
}

#[tokio::test]
async fn a_presenter_who_goes_to_another_page_closes_the_room_for_the_participant() {
    let app = spawn_app().await;
    let (presenter, ada, _) = presenter_and_ada(&app).await;

    // The page goes, the connection stays: the room closes now, not when its grace (two minutes)
    // runs out with the presenter away.
    presenter.click(r#"[data-testid="nav-home"]"#).await;
    presenter.wait_css(r#"[data-testid="workshop"]"#).await;
    ada.wait_css(r#"[data-testid="room"][data-state="closed"]"#)
        .await;
    let away = ada
        .client
        .find_all(Locator::Css(r#"[data-testid="room-presenter-away"]"#))
        .await
        .expect("query");
    assert!(away.is_empty(), "closed, not away");

    presenter.quit().await;
    ada.quit().await;
}

#[tokio::test]
async fn a_room_exercise_shows_the_presenter_who_passed_and_what_broke_never_the_code() {
    let app = spawn_app().await;
    let presenter = Browser::start("en-US,en").await;
    presenter.open(&app, "/present").await;
    presenter
        .wait_css(r#"[data-testid="room"][data-state="open"][data-role="presenter"]"#)
        .await;
    let code = presenter.room_code().await;
    presenter
        .click(r#"[data-testid="room-lab-tab"][data-lab="exercise"]"#)
        .await;
    let select = presenter.wait_css(r#"[data-testid="room-exercise"]"#).await;
    select
        .select_by_value("cache")
        .await
        .expect("choose the cache exercise");
    presenter.click(r#"[data-testid="room-apply"]"#).await;
    presenter
        .wait_text(r#"[data-testid="room-board"] h2"#, "warm-up")
        .await;

    let ada = Browser::start("ja,en").await;
    join(&ada, &app.url(&format!("/room/{code}")), "ada").await;
    ada.wait_css(r#"[data-testid="room"][data-lab="exercise"] [data-testid="lab-exercise-cache"]"#)
        .await;
    // The course's warm-up, as the editor starts: every product expires in the same second.
    ada.click(r#"[data-testid="exercise-grade"]"#).await;
    presenter
        .wait_css_for(
            r#"[data-testid="room-board-broken"][data-property="spread"][data-count="1"]"#,
            std::time::Duration::from_secs(30),
        )
        .await;
    let board = presenter
        .wait_css(r#"[data-testid="room-board"]"#)
        .await
        .text()
        .await
        .expect("text");
    assert!(
        board.contains("0 of 1 participants passed (1 graded)"),
        "{board}"
    );
    assert!(!board.contains("SETEX"), "no code on the board: {board}");

    super::exercise::write_script(&ada, "exercise-script", shared::exercise::cache::SOLUTION).await;
    ada.click(r#"[data-testid="exercise-grade"]"#).await;
    presenter
        .wait_css_for(
            r#"[data-testid="room-board"][data-passed="1"][data-graded="1"]"#,
            std::time::Duration::from_secs(30),
        )
        .await;

    presenter.quit().await;
    ada.quit().await;
}
