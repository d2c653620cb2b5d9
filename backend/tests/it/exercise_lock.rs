//! The lock exercise, graded on a sandbox redis-server of its own: the reference solution and the
//! course's code (whose release is already the compare-and-delete) pass; a plain `DEL` release, an
//! acquire without expiry and other typical wrong scripts each fail naming the property they break;
//! a Lua error names its script and line; an endless loop ends with a verdict.

use std::time::Instant;

use shared::{
    LabReply, LabRequest, Origin, ServerMsg, TraceEntry,
    exercise::{
        ExerciseReply, ExerciseRequest, Part, ScriptError, Status,
        lock::{
            ACQUIRE_SOLUTION, ACQUIRE_STARTER, Case, Grade, Property, RELEASE_SOLUTION,
            RELEASE_STARTER,
        },
    },
};

use crate::{
    exercise::broken,
    support::{WsClient, ping, spawn_app},
};

/// The server's answer to grading `acquire` and `release`, with the request's trace.
async fn submit(ws: &mut WsClient, acquire: &str, release: &str) -> (ServerMsg, Vec<TraceEntry>) {
    let id = ws
        .run(LabRequest::Exercise(ExerciseRequest::Lock {
            acquire: acquire.to_owned(),
            release: release.to_owned(),
        }))
        .await;
    ws.answer(id).await
}

/// Grades the two scripts, which must be graded (not refused).
async fn grade(ws: &mut WsClient, acquire: &str, release: &str) -> Grade {
    match submit(ws, acquire, release).await.0 {
        ServerMsg::Reply {
            reply: LabReply::Exercise(ExerciseReply::Lock(grade)),
            ..
        } => grade,
        other => panic!("expected a grade, got {other:?}"),
    }
}

/// The release everyone writes first: delete the key, whoever holds it.
const PLAIN_DEL: &str = "return redis.call('DEL', KEYS[1])\n";
/// `SETNX` alone: the lock never expires.
const NO_EXPIRY: &str = "return redis.call('SETNX', KEYS[1], ARGV[1])\n";
/// `SET` without `NX`: every client takes the lock.
const NO_NX: &str = "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])\nreturn 1\n";
/// The lifetime in ms passed as seconds: a crashed holder's lock outlives the run.
const SECONDS: &str =
    "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then\n  return 1\nend\nreturn 0\n";
/// The comparison the wrong way round: deletes only someone else's lock.
const INVERTED: &str = "if redis.call('GET', KEYS[1]) ~= ARGV[1] then\n  return redis.call('DEL', KEYS[1])\nend\nreturn 0\n";

#[tokio::test]
async fn the_reference_solution_and_the_course_code_pass_every_property() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;

    let (answer, trace) = submit(&mut ws, ACQUIRE_SOLUTION, RELEASE_SOLUTION).await;
    let course = grade(&mut ws, ACQUIRE_STARTER, RELEASE_STARTER).await;

    let ServerMsg::Reply {
        reply: LabReply::Exercise(ExerciseReply::Lock(solution)),
        ..
    } = answer
    else {
        panic!("expected a grade, got {answer:?}");
    };
    for grade in [&solution, &course] {
        assert!(grade.passed(), "{:?} {:?}", broken(grade), grade.error);
        assert_eq!(grade.cases.len(), Case::ALL.len());
    }
    for case in &solution.cases {
        assert_eq!(case.holds.is_some(), !case.case.hidden(), "{:?}", case.case);
        // The course's scripts and the reference solution run under the same plan, beside.
        for lane in [&case.course, &case.fixed] {
            assert_eq!(lane.is_some(), !case.case.hidden(), "{:?}", case.case);
            if let Some(lane) = lane {
                let clients: std::collections::BTreeSet<u8> =
                    lane.holds.iter().map(|h| h.client).collect();
                assert_eq!(clients.len(), usize::from(case.clients), "{:?}", case.case);
            }
        }
        if let Some(holds) = &case.holds {
            // Every client took the lock; the crashed one once, the others every round.
            let clients: std::collections::BTreeSet<u8> = holds.iter().map(|h| h.client).collect();
            assert_eq!(clients.len(), usize::from(case.clients), "{:?}", case.case);
            assert!(
                holds.iter().all(|h| h.lease_us.is_some()),
                "{:?}",
                case.case
            );
        }
    }
    // The scripts run as EVALSHA under each client's name; the reads that judge them are the
    // playground's.
    let evalsha = trace
        .iter()
        .filter(|e| e.command[0] == "EVALSHA" && e.client == "client-1")
        .count();
    assert!(evalsha > 0);
    assert!(
        trace
            .iter()
            .any(|e| e.command[0] == "PTTL" && e.origin == Origin::Playground)
    );
    assert!(
        trace
            .iter()
            .any(|e| e.command[0] == "GET" && e.origin == Origin::Playground)
    );
}

#[tokio::test]
async fn a_plain_del_release_deletes_the_new_holders_lock() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;

    let grade = grade(&mut ws, ACQUIRE_SOLUTION, PLAIN_DEL).await;

    assert!(grade.error.is_none(), "{:?}", grade.error);
    let broken = broken(&grade);
    let stale = broken.iter().find(|(p, _)| *p == Property::StaleRelease);
    assert!(
        stale
            .is_some_and(|(_, cases)| cases.contains(&Case::StaleHolder)
                && cases.contains(&Case::HiddenMixed)),
        "{broken:?}"
    );
    // Without a stale holder the plain DEL does no harm.
    assert!(
        broken
            .iter()
            .all(|(_, cases)| !cases.contains(&Case::Contenders)),
        "{broken:?}"
    );
}

#[tokio::test]
async fn an_acquire_without_expiry_leaves_a_crashed_lock_for_ever() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let started = Instant::now();

    let grade = grade(&mut ws, NO_EXPIRY, RELEASE_SOLUTION).await;

    assert!(grade.error.is_none(), "{:?}", grade.error);
    let broken = broken(&grade);
    let expires = broken.iter().find(|(p, _)| *p == Property::Expires);
    assert!(
        expires.is_some_and(|(_, cases)| cases.len() == Case::ALL.len()),
        "{broken:?}"
    );
    let deadline = broken.iter().find(|(p, _)| *p == Property::Deadline);
    assert!(
        deadline.is_some_and(|(_, cases)| cases.contains(&Case::Crash)),
        "{broken:?}"
    );
    // Two cases wait out the deadline, not more.
    assert!(started.elapsed().as_secs() < 15, "{:?}", started.elapsed());
}

#[tokio::test]
async fn typical_wrong_locks_fail_naming_the_property_they_break() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let wrong: [(&str, &str, &str, Property, Case); 4] = [
        (
            "SET without NX",
            NO_NX,
            RELEASE_SOLUTION,
            Property::OneHolder,
            Case::Contenders,
        ),
        (
            "EX instead of PX",
            SECONDS,
            RELEASE_SOLUTION,
            Property::Deadline,
            Case::Crash,
        ),
        (
            "inverted comparison",
            ACQUIRE_SOLUTION,
            INVERTED,
            Property::ReleaseFrees,
            Case::Contenders,
        ),
        (
            "inverted comparison",
            ACQUIRE_SOLUTION,
            INVERTED,
            Property::StaleRelease,
            Case::StaleHolder,
        ),
    ];

    for (what, acquire, release, property, case) in wrong {
        let grade = grade(&mut ws, acquire, release).await;

        assert!(!grade.passed(), "{what} passed");
        assert!(grade.error.is_none(), "{what}: {:?}", grade.error);
        let broken = broken(&grade);
        let found = broken.iter().find(|(p, _)| *p == property);
        assert!(
            found.is_some_and(|(_, cases)| cases.contains(&case)),
            "{what}: expected {property:?} in {case:?}, got {broken:?}"
        );
    }
}

#[tokio::test]
async fn an_error_names_its_script_and_line_and_a_bad_reply_is_shown() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let does_not_compile = "local token = ARGV[1]\n\nif then\nreturn 0\n";
    let returns_ok = "return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])\n";

    let compile = grade(&mut ws, ACQUIRE_SOLUTION, does_not_compile).await;
    let reply = grade(&mut ws, returns_ok, RELEASE_SOLUTION).await;

    assert_eq!(compile.error_in, Some(Part::Release));
    assert!(
        matches!(compile.error, Some(ScriptError::Lua { line: Some(3), .. })),
        "{:?}",
        compile.error
    );
    assert_eq!(compile.properties[0].property, Property::Contract);
    assert_eq!(compile.properties[0].status, Status::Broken);
    assert!(
        compile.properties[1..]
            .iter()
            .all(|p| p.status == Status::NotJudged)
    );
    assert_eq!(reply.error_in, Some(Part::Acquire));
    match reply.error {
        Some(ScriptError::BadReply { reply }) => assert!(reply.contains("OK"), "{reply}"),
        other => panic!("expected a bad reply, got {other:?}"),
    }
}

#[tokio::test]
async fn exercise_escape_an_endless_release_ends_with_a_verdict() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let started = Instant::now();

    let grade = grade(&mut ws, ACQUIRE_SOLUTION, "while true do end\nreturn 0").await;

    let took = started.elapsed();
    assert_eq!(grade.error, Some(ScriptError::TooSlow { limit_ms: 200 }));
    assert_eq!(grade.error_in, Some(Part::Release));
    assert!(took.as_millis() < 3000, "took {took:?}");
    let id = ws.run(ping("after the loop")).await;
    assert!(matches!(ws.answer(id).await.0, ServerMsg::Reply { .. }));
}
