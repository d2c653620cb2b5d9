//! The rate-limit exercise, graded on a sandbox redis-server of its own: a correct script passes, the
//! course's code fails exactly on its same-timestamp collision, typical wrong scripts each fail naming
//! the property they break, a Lua error names its line, the limits refuse with a sentence naming them,
//! and the `exercise_escape_…` tests try to get out of the sandbox.

use std::time::Instant;

use backend::limits::Limits;
use redis::AsyncCommands;
use shared::{
    ErrorCode, LabReply, LabRequest, Origin, ServerMsg, TraceEntry,
    exercise::{
        Case, ExerciseReply, ExerciseRequest, Grade, Graded, MAX_SCRIPT_BYTES, Property,
        RATELIMIT_SOLUTION, RATELIMIT_STARTER, ScriptError, Status,
    },
};

use crate::support::{WsClient, ping, spawn_app, spawn_app_with};

/// The server's answer to grading `script`: the grade, or the error; with the request's trace.
async fn submit(ws: &mut WsClient, script: &str) -> (ServerMsg, Vec<TraceEntry>) {
    let id = ws
        .run(LabRequest::Exercise(ExerciseRequest::Ratelimit {
            script: script.to_owned(),
        }))
        .await;
    ws.answer(id).await
}

/// Grades `script`, which must be graded (not refused).
async fn grade(ws: &mut WsClient, script: &str) -> Grade {
    match submit(ws, script).await.0 {
        ServerMsg::Reply {
            reply: LabReply::Exercise(ExerciseReply::Ratelimit(grade)),
            ..
        } => grade,
        other => panic!("expected a grade, got {other:?}"),
    }
}

/// The properties that broke, and where, in any exercise's grade.
pub(crate) fn broken<P: Copy, C: Clone, R>(grade: &Graded<P, C, R>) -> Vec<(P, Vec<C>)> {
    grade
        .properties
        .iter()
        .filter(|p| p.status == Status::Broken)
        .map(|p| (p.property, p.broken_in.clone()))
        .collect()
}

/// The reference solution with `from` replaced by `to` (exactly once).
fn solution_with(from: &str, to: &str) -> String {
    assert_eq!(RATELIMIT_SOLUTION.matches(from).count(), 1, "{from}");
    RATELIMIT_SOLUTION.replace(from, to)
}

/// The course's fixed window (`INCR` of the window's counter, with its expiry), as one script.
const FIXED_WINDOW: &str = r"
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local key = KEYS[1] .. ':' .. math.floor(now / window)
local count = redis.call('INCR', key)
redis.call('PEXPIRE', key, window)
if count > limit then
  return {0, 0}
end
return {1, limit - count}
";

#[tokio::test]
async fn the_reference_solution_passes_every_property() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;

    let (answer, trace) = submit(&mut ws, RATELIMIT_SOLUTION).await;

    let ServerMsg::Reply {
        reply: LabReply::Exercise(ExerciseReply::Ratelimit(grade)),
        ..
    } = answer
    else {
        panic!("expected a grade, got {answer:?}");
    };
    assert!(grade.passed(), "{:?} {:?}", broken(&grade), grade.error);
    assert_eq!(grade.cases.len(), Case::ALL.len());
    for case in &grade.cases {
        assert_eq!(case.lanes.is_some(), !case.case.hidden(), "{:?}", case.case);
        if let Some(lanes) = &case.lanes {
            assert_eq!(lanes.course.len(), lanes.yours.len());
            let allowed =
                |lane: &[shared::exercise::Decision]| lane.iter().filter(|d| d.allowed).count();
            if case.case == Case::Concurrent {
                // Racing clients: which requests win differs from lane to lane, but never how many
                // (the limit in each of the 3 rounds).
                assert_eq!(allowed(&lanes.yours), 3 * 5);
                assert_eq!(allowed(&lanes.fixed), 3 * 5);
            } else {
                // The same traffic in each lane; the learner's script is the fixed one here.
                assert_eq!(lanes.yours, lanes.fixed, "{:?}", case.case);
            }
        }
    }
    // Every decision is an EVALSHA in the trace, under its lane's name; the grading's reads are the
    // playground's.
    let evalsha = |client: &str| {
        trace
            .iter()
            .filter(|e| e.command.first().map(String::as_str) == Some("EVALSHA"))
            .filter(|e| e.client.starts_with(client))
            .count()
    };
    let decisions: usize = grade
        .cases
        .iter()
        .filter_map(|c| c.lanes.as_ref())
        .map(|l| l.yours.len())
        .sum();
    assert!(evalsha("yours") > decisions, "hidden cases too");
    assert_eq!(evalsha("yours"), evalsha("fixed"));
    assert!(
        trace
            .iter()
            .any(|e| e.command[0] == "SCAN" && e.origin == Origin::Playground)
    );
    assert!(
        trace
            .iter()
            .any(|e| e.command[..2] == ["SCRIPT", "LOAD"] && e.client == "yours")
    );
}

#[tokio::test]
async fn the_course_code_fails_exactly_on_its_same_timestamp_collision() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;

    let grade = grade(&mut ws, RATELIMIT_STARTER).await;

    assert!(grade.error.is_none(), "{:?}", grade.error);
    let broken = broken(&grade);
    assert_eq!(broken.len(), 1, "{broken:?}");
    let (property, cases) = &broken[0];
    assert_eq!(*property, Property::WithinLimit);
    assert!(cases.contains(&Case::SameTimestamp), "{cases:?}");
    // Only cases with requests at the same millisecond; the boundary burst, the race with distinct
    // timestamps and the visible Poisson traffic pass.
    assert!(
        cases
            .iter()
            .all(|c| matches!(c, Case::SameTimestamp | Case::HiddenPoisson)),
        "{cases:?}"
    );
    let same = grade
        .cases
        .iter()
        .find(|c| c.case == Case::SameTimestamp)
        .and_then(|c| c.lanes.as_ref())
        .expect("a visible case has lanes");
    // ZADD key now now: the burst's 8 requests are one member, so all 8 are allowed at once.
    let first_burst: Vec<bool> = same.yours.iter().take(8).map(|d| d.allowed).collect();
    assert_eq!(first_burst, [true; 8]);
    assert_eq!(same.fixed.iter().take(8).filter(|d| d.allowed).count(), 5);
}

#[tokio::test]
async fn typical_wrong_scripts_fail_naming_the_property_they_break() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let no_expiry = solution_with("redis.call('PEXPIRE', key, window)\n", "")
        .replace("redis.call('PEXPIRE', key .. ':seq', window)\n", "");
    // One more than the limit (and a remaining of -1 when it does: the contract breaks too).
    let off_by_one = solution_with("if count >= limit then", "if count > limit then");
    let too_strict = solution_with("if count >= limit then", "if count >= limit - 1 then");
    let wrong: [(&str, String, Property, Case); 4] = [
        (
            "no expiry",
            no_expiry,
            Property::Expires,
            Case::BoundaryBurst,
        ),
        (
            "fixed window",
            FIXED_WINDOW.to_owned(),
            Property::WithinLimit,
            Case::BoundaryBurst,
        ),
        (
            "off by one",
            off_by_one,
            Property::WithinLimit,
            Case::Poisson,
        ),
        (
            "too strict",
            too_strict,
            Property::NotTooStrict,
            Case::Poisson,
        ),
    ];

    for (what, script, property, case) in wrong {
        let grade = grade(&mut ws, &script).await;

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
async fn a_lua_error_points_at_the_learners_line() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let does_not_compile = "local now = tonumber(ARGV[1])\n\nlocal x = = 1\nreturn {1, 0}\n";
    let fails_at_run =
        "local now = tonumber(ARGV[1])\nlocal n = redis.call('INCR')\nreturn {1, 0}\n";

    for (script, line) in [(does_not_compile, 3), (fails_at_run, 2)] {
        let grade = grade(&mut ws, script).await;

        match &grade.error {
            Some(ScriptError::Lua {
                line: Some(got), ..
            }) => assert_eq!(*got, line, "{script}"),
            other => panic!("expected a Lua error on line {line}, got {other:?}"),
        }
        assert_eq!(grade.properties[0].property, Property::Contract);
        assert_eq!(grade.properties[0].status, Status::Broken);
        assert!(
            grade.properties[1..]
                .iter()
                .all(|p| p.status == Status::NotJudged)
        );
    }
}

#[tokio::test]
async fn a_reply_outside_the_contract_is_named() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;

    let grade = grade(&mut ws, "return 'yes'").await;

    match grade.error {
        Some(ScriptError::BadReply { reply }) => assert!(reply.contains("yes"), "{reply}"),
        other => panic!("expected a bad reply, got {other:?}"),
    }
}

#[tokio::test]
async fn gradings_and_sandboxes_past_their_limits_are_refused_by_name() {
    let app = spawn_app_with(Limits {
        gradings_per_minute: 1,
        ..Limits::default()
    })
    .await;
    let (mut ws, _) = app.session().await;
    let _ = grade(&mut ws, RATELIMIT_SOLUTION).await;

    let (second, _) = submit(&mut ws, RATELIMIT_SOLUTION).await;

    match second {
        ServerMsg::Error { error, .. } => {
            assert_eq!(error.code, ErrorCode::LimitReached);
            assert!(
                error.message.contains("at most 1 scripts graded a minute"),
                "{}",
                error.message
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }

    let none = spawn_app_with(Limits {
        sandboxes: 0,
        ..Limits::default()
    })
    .await;
    let (mut ws, _) = none.session().await;
    match submit(&mut ws, RATELIMIT_SOLUTION).await.0 {
        ServerMsg::Error { error, .. } => {
            assert_eq!(error.code, ErrorCode::LimitReached);
            assert!(
                error.message.contains("at most 0 scripts at once"),
                "{}",
                error.message
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    match submit(&mut ws, &"-".repeat(MAX_SCRIPT_BYTES + 1)).await.0 {
        ServerMsg::Error { error, .. } => {
            assert_eq!(error.code, ErrorCode::InvalidParam);
            assert_eq!(error.param.map(|p| p.field), Some("script".to_owned()));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn exercise_escape_an_endless_loop_ends_with_a_verdict_within_about_a_second() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let started = Instant::now();

    let grade = grade(&mut ws, "while true do end\nreturn {1, 0}").await;

    let took = started.elapsed();
    assert_eq!(grade.error, Some(ScriptError::TooSlow { limit_ms: 200 }));
    assert!(took.as_millis() < 2000, "took {took:?}");
    // The same socket goes on working.
    let id = ws.run(ping("after the loop")).await;
    assert!(matches!(ws.answer(id).await.0, ServerMsg::Reply { .. }));
}

#[tokio::test]
async fn exercise_escape_a_script_that_writes_then_loops_is_killed_with_its_sandbox() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;

    // A script that wrote cannot be stopped with SCRIPT KILL: the sandbox itself is killed.
    let grade = grade(
        &mut ws,
        "redis.call('SET', KEYS[1], 1, 'PX', 1000)\nwhile true do end\nreturn {1, 0}",
    )
    .await;

    assert_eq!(grade.error, Some(ScriptError::TooSlow { limit_ms: 200 }));
}

#[tokio::test]
async fn exercise_escape_a_gigabyte_fails_cleanly() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let huge_string = "local s = string.rep('x', 1024 * 1024 * 1024)\nreturn {1, #s}";
    let huge_table = "local t = {}\nfor i = 1, 1e9 do t[i] = i end\nreturn {1, #t}";
    let huge_value = "redis.call('SET', KEYS[1], string.rep('x', 512 * 1024 * 1024 - 1), 'PX', 1000)\nreturn {1, 0}";

    for script in [huge_string, huge_table, huge_value] {
        let grade = grade(&mut ws, script).await;

        assert!(!grade.passed());
        assert!(
            matches!(
                grade.error,
                Some(
                    ScriptError::Lua { .. }
                        | ScriptError::TooSlow { .. }
                        | ScriptError::SandboxLost
                )
            ),
            "{script}: {:?}",
            grade.error
        );
    }
    // The backend and its Redis are fine.
    let id = ws.run(ping("after a gigabyte")).await;
    assert!(matches!(ws.answer(id).await.0, ServerMsg::Reply { .. }));
}

#[tokio::test]
async fn exercise_escape_dangerous_commands_are_refused_and_nothing_else_is_touched() {
    let app = spawn_app().await;
    let mut main = app.redis().await;
    let _: () = main.set("outside:precious", "kept").await.expect("set");
    let (mut other, _) = app.session().await;
    let id = other.run(ping("another session")).await;
    let other_key = match other.answer(id).await.0 {
        ServerMsg::Reply {
            reply: LabReply::Ping(reply),
            ..
        } => reply.key,
        answer => panic!("expected the ping's reply, got {answer:?}"),
    };
    let (mut ws, _) = app.session().await;
    let dangerous = [
        "redis.call('FLUSHALL')",
        "redis.call('FLUSHDB')",
        "redis.call('SHUTDOWN', 'NOSAVE')",
        "redis.call('CONFIG', 'SET', 'maxmemory', '0')",
        "redis.call('DEBUG', 'SLEEP', '5')",
        "redis.call('SCRIPT', 'KILL')",
        "redis.call('KEYS', '*')\nredis.call('FLUSHALL')",
    ];

    for call in dangerous {
        let script = format!("{call}\nreturn {{1, 0}}");

        let grade = grade(&mut ws, &script).await;

        let line = script.lines().count() as u32 - 1;
        match &grade.error {
            Some(ScriptError::Lua { line: got, message }) => {
                assert_eq!(*got, Some(line), "{call}: {message}");
            }
            other => panic!("{call}: expected a refusal, got {other:?}"),
        }
    }
    // Harmless too when the script swallows the error.
    let swallowed = "pcall(redis.call, 'FLUSHALL')\nreturn {1, 0}";
    let _ = grade(&mut ws, swallowed).await;

    let kept: Option<String> = main.get("outside:precious").await.expect("get");
    assert_eq!(kept.as_deref(), Some("kept"));
    let other_kept: Option<String> = main.get(&other_key).await.expect("get");
    assert_eq!(other_kept.as_deref(), Some("another session"));
    let learner_keys: Vec<String> = main.keys("*exercise:*").await.expect("keys");
    assert!(learner_keys.is_empty(), "{learner_keys:?}");
}
