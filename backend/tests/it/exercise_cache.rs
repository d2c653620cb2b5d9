//! The cache warm-up exercise, graded on a sandbox redis-server of its own: the reference solution
//! passes; the course's code fails exactly where it is flawed (every product expires in the same
//! second); typical wrong scripts each fail naming the property they break; a Lua error names its line.

use shared::{
    LabReply, LabRequest, Origin, ServerMsg, TraceEntry,
    exercise::{
        ExerciseReply, ExerciseRequest, ScriptError,
        cache::{Case, Grade, Property, SOLUTION, STARTER},
    },
};

use crate::{
    exercise::broken,
    support::{WsClient, spawn_app},
};

/// The server's answer to grading `script`, with the request's trace.
async fn submit(ws: &mut WsClient, script: &str) -> (ServerMsg, Vec<TraceEntry>) {
    let id = ws
        .run(LabRequest::Exercise(ExerciseRequest::Cache {
            script: script.to_owned(),
        }))
        .await;
    ws.answer(id).await
}

/// Grades `script`, which must be graded (not refused).
async fn grade(ws: &mut WsClient, script: &str) -> Grade {
    match submit(ws, script).await.0 {
        ServerMsg::Reply {
            reply: LabReply::Exercise(ExerciseReply::Cache(grade)),
            ..
        } => grade,
        other => panic!("expected a grade, got {other:?}"),
    }
}

/// The properties `grade` broke, without the cases.
fn broken_properties(grade: &Grade) -> Vec<Property> {
    broken(grade).into_iter().map(|(p, _)| p).collect()
}

/// The solution with `from` replaced by `to` (exactly once).
fn solution_with(from: &str, to: &str) -> String {
    assert_eq!(SOLUTION.matches(from).count(), 1, "{from}");
    SOLUTION.replace(from, to)
}

#[tokio::test]
async fn the_reference_solution_passes_and_the_course_code_expires_everything_at_once() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;

    let (answer, trace) = submit(&mut ws, SOLUTION).await;
    let course = grade(&mut ws, STARTER).await;

    let ServerMsg::Reply {
        reply: LabReply::Exercise(ExerciseReply::Cache(solution)),
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
    assert_eq!(solution.cases.len(), Case::ALL.len());
    for case in &solution.cases {
        assert_eq!(case.rows.is_some(), !case.case.hidden(), "{:?}", case.case);
        assert_eq!(
            case.returned,
            i64::from(case.top_n.min(case.products)),
            "{:?}",
            case.case
        );
    }
    let short = &solution.cases[1];
    assert_eq!((short.case, short.returned), (Case::ShortLog, 4));

    let course_broken = broken(&course);
    assert_eq!(
        course_broken,
        [(Property::Spread, Case::ALL.to_vec())],
        "only the spread breaks, in every case: {course_broken:?}"
    );

    // Each warm-up (the learner's, the course's, the fixed one) runs as one EVALSHA per case under its
    // own name; the reads that judge them are the playground's.
    for client in ["warmup", "course", "fixed"] {
        let runs: Vec<&TraceEntry> = trace
            .iter()
            .filter(|e| e.command[0] == "EVALSHA" && e.client == client)
            .collect();
        assert_eq!(runs.len(), Case::ALL.len(), "{client}");
        assert!(
            runs.iter()
                .all(|e| e.origin == Origin::Learner && e.command[2] == "2")
        );
    }

    // Beside the learner's: the course's warm-up expires every product in the same second, the fixed
    // one spreads them, on the same data.
    let rows = solution.cases[0].rows.as_ref().expect("visible");
    let spread = |pttls: &[i64]| {
        pttls.iter().max().copied().unwrap_or(0) - pttls.iter().min().copied().unwrap_or(0)
    };
    let course: Vec<i64> = rows.iter().filter_map(|r| r.course_pttl_ms).collect();
    let fixed: Vec<i64> = rows.iter().filter_map(|r| r.fixed_pttl_ms).collect();
    assert_eq!((course.len(), fixed.len()), (10, 10));
    assert!(spread(&course) < 1000, "{course:?}");
    assert!(spread(&fixed) >= 1000, "{fixed:?}");
    assert!(
        trace
            .iter()
            .any(|e| e.command[0] == "PTTL" && e.origin == Origin::Playground)
    );
}

#[tokio::test]
async fn typical_wrong_warm_ups_each_name_the_property_they_break() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;
    let wrong = [
        (
            "the least viewed (ZRANGE instead of ZREVRANGE)",
            solution_with("'ZREVRANGE'", "'ZRANGE'"),
            vec![Property::TopProducts],
        ),
        (
            "one too many (0 to N)",
            solution_with("0, top_n - 1)", "0, top_n)"),
            vec![Property::TopProducts],
        ),
        (
            "no expiry",
            solution_with(
                "redis.call('SET', ARGV[3] .. product_id, product, 'EX', expiry)",
                "redis.call('SET', ARGV[3] .. product_id, product)",
            ),
            vec![Property::Ttl],
        ),
        (
            "the TTL in milliseconds",
            solution_with("'EX', expiry)", "'PX', expiry)"),
            vec![Property::Ttl, Property::Spread],
        ),
        (
            "the id cached instead of the product",
            solution_with("product, 'EX'", "product_id, 'EX'"),
            vec![Property::SameAsDb],
        ),
        (
            "the access log consumed",
            solution_with("local last =", "redis.call('DEL', KEYS[1])\nlocal last ="),
            vec![Property::Untouched],
        ),
        (
            "a count that is not what was cached",
            solution_with("return #top_products", "return top_n"),
            vec![Property::Contract],
        ),
    ];
    for (what, script, expected) in wrong {
        let grade = grade(&mut ws, &script).await;
        assert!(grade.error.is_none(), "{what}: {:?}", grade.error);
        assert_eq!(broken_properties(&grade), expected, "{what}");
    }
}

#[tokio::test]
async fn a_lua_error_names_its_line_and_a_table_reply_breaks_the_contract() {
    let app = spawn_app().await;
    let (mut ws, _) = app.session().await;

    let typo = grade(
        &mut ws,
        "local n = tonumber(ARGV[1])\nreturn redis.call('ZREVRANGE', KEYS[1], 0, n - 1) +\n",
    )
    .await;
    let table = grade(&mut ws, "return redis.call('ZREVRANGE', KEYS[1], 0, 1)\n").await;

    assert!(
        matches!(
            typo.error,
            Some(ScriptError::Lua {
                line: Some(2..=3),
                ..
            })
        ),
        "{:?}",
        typo.error
    );
    assert!(
        matches!(table.error, Some(ScriptError::BadReply { .. })),
        "{:?}",
        table.error
    );
    for grade in [&typo, &table] {
        assert_eq!(broken_properties(grade), [Property::Contract]);
    }
}
