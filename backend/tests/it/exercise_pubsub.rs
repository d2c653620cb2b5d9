//! The Pub/Sub exercise, graded on a sandbox redis-server of its own: the reference solution passes;
//! the course's code fails exactly where it is flawed (a subscriber that was away loses what it
//! missed); typical wrong deliveries each fail naming the property they break; a Lua error names its
//! script and line.

use shared::{
    LabReply, LabRequest, Origin, ServerMsg, TraceEntry,
    exercise::{
        ExerciseReply, ExerciseRequest, Part, ScriptError,
        pubsub::{
            Case, FATES_SHOWN, Grade, PUBLISH_SOLUTION, PUBLISH_STARTER, Property, READ_SOLUTION,
            READ_STARTER,
        },
    },
};

use crate::{
    exercise::broken,
    support::{WsClient, spawn_app},
};

/// The server's answer to grading `publish` and `read`, with the request's trace.
async fn submit(ws: &mut WsClient, publish: &str, read: &str) -> (ServerMsg, Vec<TraceEntry>) {
    let id = ws
        .run(LabRequest::Exercise(ExerciseRequest::Pubsub {
            publish: publish.to_owned(),
            read: read.to_owned(),
        }))
        .await;
    ws.answer(id).await
}

/// Grades the two scripts, which must be graded (not refused).
async fn grade(ws: &mut WsClient, publish: &str, read: &str) -> Grade {
    match submit(ws, publish, read).await.0 {
        ServerMsg::Reply {
            reply: LabReply::Exercise(ExerciseReply::Pubsub(grade)),
            ..
        } => grade,
        other => panic!("expected a grade, got {other:?}"),
    }
}

fn broken_properties(grade: &Grade) -> Vec<Property> {
    broken(grade).into_iter().map(|(p, _)| p).collect()
}

/// `script` with `from` replaced by `to` (exactly once).
fn with(script: &str, from: &str, to: &str) -> String {
    assert_eq!(script.matches(from).count(), 1, "{from}");
    script.replace(from, to)
}

#[tokio::test]
async fn the_reference_solution_passes_and_the_course_code_loses_what_an_away_subscriber_missed() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;

    let (answer, trace) = submit(&mut ws, PUBLISH_SOLUTION, READ_SOLUTION).await;
    let course = grade(&mut ws, PUBLISH_STARTER, READ_STARTER).await;

    let ServerMsg::Reply {
        reply: LabReply::Exercise(ExerciseReply::Pubsub(solution)),
        ..
    } = answer
    else {
        panic!("expected a grade, got {answer:?}");
    };
    assert!(
        solution.passed(),
        "{:?} {:?}",
        broken(&solution),
        solution.error
    );
    for case in &solution.cases {
        assert_eq!(case.fates.is_some(), !case.case.hidden(), "{:?}", case.case);
        // Beside the learner's reader, on the same messages: the course's misses everything, the
        // fixed one reads everything once.
        if let (Some(course), Some(fixed)) = (&case.course, &case.fixed) {
            assert!(course.iter().all(|f| f.read == 0), "{:?}", case.case);
            assert!(fixed.iter().all(|f| f.read == 1), "{:?}", case.case);
        } else {
            assert!(case.case.hidden(), "{:?}", case.case);
        }
        if let Some(fates) = &case.fates {
            assert!(
                fates.iter().all(|f| f.live && f.read == 1),
                "{:?}",
                case.case
            );
            assert!(fates.len() <= FATES_SHOWN);
        }
    }
    let flood = solution
        .cases
        .iter()
        .find(|c| c.case == Case::Flood)
        .expect("flood");
    assert!(
        flood
            .kept
            .is_some_and(|kept| kept < u64::from(flood.published))
    );

    assert_eq!(
        broken(&course),
        [(Property::CatchUp, Case::ALL.to_vec())],
        "only the catch-up breaks, in every case"
    );
    let away = &course.cases[0];
    let fates = away.fates.as_ref().expect("visible");
    assert!(fates.iter().all(|f| f.live && f.read == 0), "{fates:?}");

    // The scripts run as EVALSHA on the publisher's and the reader's connections; the live subscriber
    // receives; the reads that judge are the playground's.
    for client in ["publisher", "reader", "course-publisher", "fixed-reader"] {
        assert!(
            trace.iter().any(|e| e.client == client
                && e.command[0] == "EVALSHA"
                && e.origin == Origin::Learner),
            "{client}"
        );
    }
    assert!(
        trace
            .iter()
            .any(|e| e.client == "live" && e.command[0] == "(message)")
    );
    assert!(
        trace
            .iter()
            .any(|e| e.command[0] == "TYPE" && e.origin == Origin::Playground)
    );
}

#[tokio::test]
async fn typical_wrong_deliveries_each_name_the_property_they_break() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let wrong = [
        (
            "the last id read again (XRANGE from it, inclusive)",
            PUBLISH_SOLUTION.to_owned(),
            with(READ_SOLUTION, "'(' .. ARGV[1]", "ARGV[1]"),
            vec![Property::CatchUp],
        ),
        (
            "kept but never published",
            with(
                PUBLISH_SOLUTION,
                "redis.call('PUBLISH', ARGV[1], ARGV[2])\n",
                "",
            ),
            READ_SOLUTION.to_owned(),
            vec![Property::Live],
        ),
        (
            "a log without a cap",
            with(PUBLISH_SOLUTION, "'MAXLEN', '~', 1000, ", ""),
            READ_SOLUTION.to_owned(),
            vec![Property::Bounded],
        ),
        (
            "a log without an expiry",
            with(
                PUBLISH_SOLUTION,
                "redis.call('EXPIRE', KEYS[1], 86400)\n",
                "",
            ),
            READ_SOLUTION.to_owned(),
            vec![Property::Expires],
        ),
        (
            "the newest first (XREVRANGE)",
            PUBLISH_SOLUTION.to_owned(),
            with(
                READ_SOLUTION,
                "redis.call('XRANGE', KEYS[1], from, '+')",
                "redis.call('XREVRANGE', KEYS[1], '+', from)",
            ),
            vec![Property::CatchUp],
        ),
    ];
    for (what, publish, read, expected) in wrong {
        let grade = grade(&mut ws, &publish, &read).await;
        assert!(grade.error.is_none(), "{what}: {:?}", grade.error);
        assert_eq!(broken_properties(&grade), expected, "{what}");
    }
}

#[tokio::test]
async fn an_error_names_its_script_and_line_and_a_bad_reply_breaks_the_contract() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;

    let typo = grade(&mut ws, PUBLISH_SOLUTION, "local x =\nreturn {}\n").await;
    let odd = grade(&mut ws, PUBLISH_SOLUTION, "return {'only an id'}\n").await;
    let nothing = grade(
        &mut ws,
        "redis.call('PUBLISH', ARGV[1], ARGV[2])\n",
        READ_SOLUTION,
    )
    .await;

    assert!(
        matches!(
            typo.error,
            Some(ScriptError::Lua {
                line: Some(1..=2),
                ..
            })
        ),
        "{:?}",
        typo.error
    );
    assert_eq!(typo.error_in, Some(Part::Read));
    assert!(
        matches!(odd.error, Some(ScriptError::BadReply { .. })),
        "{:?}",
        odd.error
    );
    assert_eq!(odd.error_in, Some(Part::Read));
    assert!(
        matches!(nothing.error, Some(ScriptError::BadReply { .. })),
        "a publish that returns nothing: {:?}",
        nothing.error
    );
    assert_eq!(nothing.error_in, Some(Part::Publish));
    for grade in [&typo, &odd, &nothing] {
        assert_eq!(broken_properties(grade), [Property::Contract]);
    }
}
