//! The quiz's live tries against real Redis: each option of the course's question does what the answer
//! says, and the other questions' experiments show the true claim.

use redis::AsyncCommands;
use shared::{
    LabReply, LabRequest, ServerMsg,
    quiz::{Choice, Outcome, Question, QuizReply, QuizRequest, Step},
};

use crate::support::{WsClient, spawn_app};

async fn try_option(ws: &mut WsClient, question: Question, choice: Choice) -> (Vec<Step>, Outcome) {
    let id = ws
        .run(LabRequest::Quiz(QuizRequest::Try { question, choice }))
        .await;
    match ws.answer(id).await.0 {
        ServerMsg::Reply {
            reply: LabReply::Quiz(QuizReply::Try { steps, outcome }),
            ..
        } => (steps, outcome),
        other => panic!("expected a try, got {other:?}"),
    }
}

fn replies(steps: &[Step]) -> Vec<&str> {
    steps.iter().map(|s| s.reply.as_str()).collect()
}

#[tokio::test]
async fn each_option_of_the_courses_question_does_what_it_says() {
    let app = spawn_app().await;
    let (mut ws, session) = app.session().await;

    let (steps, outcome) = try_option(&mut ws, Question::LockOption, Choice::A).await;
    assert_eq!(outcome, Outcome::Overwritten);
    assert_eq!(
        replies(&steps),
        ["OK", "OK", "\"token-B\""],
        "B overwrote A's lock"
    );

    let (steps, outcome) = try_option(&mut ws, Question::LockOption, Choice::B).await;
    assert_eq!(outcome, Outcome::Refused);
    assert_eq!(
        replies(&steps),
        ["OK", "(nil)"],
        "NX refused the second client"
    );
    assert!(steps[0].command.contains(" NX EX 30"));

    let (steps, outcome) = try_option(&mut ws, Question::LockOption, Choice::C).await;
    assert_eq!(outcome, Outcome::NothingSet);
    assert_eq!(
        replies(&steps),
        ["(nil)", "(nil)"],
        "XX needs the key to exist"
    );

    let (steps, outcome) = try_option(&mut ws, Question::LockOption, Choice::D).await;
    assert_eq!(outcome, Outcome::StuckForever);
    assert_eq!(
        replies(&steps),
        ["(integer) 1", "", "(integer) -1", "(integer) 0"]
    );
    assert_eq!(steps[1].command, "(crashed)");
    assert!(
        steps
            .iter()
            .filter(|s| s.command != "(crashed)")
            .all(|s| s.trace.is_some())
    );

    let mut redis = app.redis().await;
    let left: Vec<String> = redis
        .keys(format!("{}quiz:*", session.namespace))
        .await
        .expect("KEYS");
    assert!(left.is_empty(), "every try deletes its lock: {left:?}");
}

#[tokio::test]
async fn a_disconnected_subscriber_misses_what_was_published_meanwhile() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let (steps, outcome) = try_option(&mut ws, Question::PubsubWhileDisconnected, Choice::A).await;
    assert_eq!(outcome, Outcome::MessageLost);
    let publishes: Vec<&str> = steps
        .iter()
        .filter(|s| s.command.starts_with("PUBLISH"))
        .map(|s| s.reply.as_str())
        .collect();
    assert_eq!(
        publishes,
        ["(integer) 0", "(integer) 1"],
        "nobody heard the first message"
    );
    let received: Vec<&str> = steps
        .iter()
        .filter(|s| s.command.starts_with("(message)"))
        .map(|s| s.reply.as_str())
        .collect();
    assert_eq!(received, ["sent after B came back"]);
}

#[tokio::test]
async fn the_fixed_window_lets_ten_through_around_an_edge_and_a_plain_del_deletes_anothers_lock() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let (steps, outcome) = try_option(&mut ws, Question::FixedWindowBoundary, Choice::C).await;
    assert_eq!(outcome, Outcome::DoubleBurst);
    assert_eq!(steps.iter().filter(|s| s.command == "EXEC").count(), 10);

    let (steps, outcome) = try_option(&mut ws, Question::ReleaseTokenCheck, Choice::A).await;
    assert_eq!(outcome, Outcome::DeletedOthersLock);
    let last: Vec<(&str, &str)> = steps[steps.len() - 3..]
        .iter()
        .map(|s| (&s.command[..3], s.reply.as_str()))
        .collect();
    assert_eq!(
        last,
        [("SET", "OK"), ("DEL", "(integer) 1"), ("GET", "(nil)")]
    );
}
