//! Who each trace line is for: the learner's own commands are marked `learner`, and the playground's
//! bookkeeping (presence, the limits' counters, ACL, `SCRIPT LOAD` after `NOSCRIPT`, run numbers) is
//! marked `playground`, which the trace panel hides unless asked.

use shared::{
    LabRequest, Origin, RequestId, ServerMsg, TraceEntry,
    ratelimit::{Algorithm, Limits, RatelimitRequest},
};

use crate::support::{WsClient, ping, spawn_app};

/// Every trace entry the socket receives, whatever its request, up to the reply naming `id`.
async fn everything_until(ws: &mut WsClient, id: RequestId) -> Vec<TraceEntry> {
    let mut entries = Vec::new();
    loop {
        match ws.recv().await {
            ServerMsg::Trace { entries: more } => entries.extend(more),
            ServerMsg::Reply { id: got, .. } if got == id => return entries,
            ServerMsg::Error { id: Some(got), .. } if got == id => {
                panic!("request {id} failed; traced so far: {entries:?}")
            }
            _ => {}
        }
    }
}

fn line(entry: &TraceEntry) -> String {
    entry.command.join(" ")
}

/// The lines of `origin`, as text.
fn of(entries: &[TraceEntry], origin: Origin) -> Vec<String> {
    entries
        .iter()
        .filter(|e| e.origin == origin)
        .map(line)
        .collect()
}

#[tokio::test]
async fn a_ping_is_the_learners_and_opening_a_tab_is_the_playgrounds() {
    let app = spawn_app().await;
    let (mut ws, info) = app.session().await;
    let id = ws.run(ping("hello")).await;
    let entries = everything_until(&mut ws, id).await;

    let learner: Vec<&TraceEntry> = entries
        .iter()
        .filter(|e| e.origin == Origin::Learner)
        .collect();
    let names: Vec<&str> = learner.iter().map(|e| e.command[0].as_str()).collect();
    assert_eq!(
        names,
        ["PING", "SET", "GET", "PTTL", "TIME"],
        "{entries:#?}"
    );
    assert!(learner.iter().all(|e| e.request == Some(id)));

    let own = of(&entries, Origin::Playground);
    let presence = format!("{}presence", info.namespace);
    let user = format!("pg-{}", info.id);
    let has = |what: &str| own.iter().any(|l| l.contains(what));
    assert!(has(&presence), "presence is the playground's: {own:#?}");
    assert!(
        has("pg:{ip-127.0.0.1}:sessions"),
        "the address counter: {own:#?}"
    );
    assert!(has(&format!("ACL GETUSER {user}")), "{own:#?}");
    assert!(has(&format!("ACL SETUSER {user}")), "{own:#?}");
    assert!(
        has("SCRIPT LOAD"),
        "the first script is loaded after NOSCRIPT: {own:#?}"
    );
    assert!(
        entries
            .iter()
            .filter(|e| e.request == Some(id))
            .all(|e| e.origin == Origin::Learner),
        "every command of the ping is the learner's: {entries:#?}"
    );
    let setuser = own
        .iter()
        .find(|l| l.starts_with("ACL SETUSER"))
        .expect("ACL SETUSER traced");
    assert!(
        setuser.contains(">(redacted)"),
        "the tab's password is not shown: {setuser}"
    );
}

#[tokio::test]
async fn a_rate_limit_hit_is_the_learners_but_not_its_script_load() {
    let app = spawn_app().await;
    let (mut ws, info) = app.session().await;
    let id = ws
        .run(LabRequest::Ratelimit(RatelimitRequest::Hit {
            algorithms: vec![Algorithm::FixedWindow, Algorithm::SlidingLogLua],
            limits: Limits {
                max_requests: 3,
                window_seconds: 60,
            },
        }))
        .await;
    let entries = everything_until(&mut ws, id).await;
    let of_hit: Vec<TraceEntry> = entries
        .iter()
        .filter(|e| e.request == Some(id))
        .cloned()
        .collect();

    let names = |origin| -> Vec<String> {
        of_hit
            .iter()
            .filter(|e| e.origin == origin)
            .map(|e| e.command[..e.command.len().min(2)].join(" "))
            .collect()
    };
    assert_eq!(names(Origin::Playground), ["SCRIPT LOAD"], "{of_hit:#?}");
    let learner = names(Origin::Learner);
    let evalsha: Vec<&TraceEntry> = of_hit
        .iter()
        .filter(|e| e.command[0] == "EVALSHA")
        .collect();
    assert_eq!(evalsha.len(), 2, "NOSCRIPT, then again: {of_hit:#?}");
    assert!(evalsha[0].reply.starts_with("(error) NOSCRIPT"));
    assert!(evalsha.iter().all(|e| e.origin == Origin::Learner));
    for wanted in ["MULTI", "EXEC"] {
        assert!(learner.iter().any(|l| l == wanted), "{learner:?}");
    }
    let rate = format!("{}rate:", info.namespace);
    assert!(
        of_hit
            .iter()
            .filter(|e| e.command.iter().any(|a| a.starts_with(&rate)))
            .all(|e| e.origin == Origin::Learner),
        "every command on the limiter's keys is the learner's: {of_hit:#?}"
    );
    let limits: Vec<&TraceEntry> = entries.iter().filter(|e| e.client == "limits").collect();
    assert!(!limits.is_empty(), "the message rate is checked");
    assert!(limits.iter().all(|e| e.origin == Origin::Playground));
}
