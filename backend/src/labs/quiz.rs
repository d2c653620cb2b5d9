//! The quiz's live tries: two simulated clients, A (0) and B (1), each on its own connection, run the
//! option against Redis in the session's namespace. Every step the browser draws is a command that ran,
//! with the reply Redis gave, and the outcome is read off those replies (replies that fit no ending say
//! [`Outcome::Unexpected`]); the keys are deleted when the try ends.

use std::time::{Duration, Instant};

use shared::{
    RequestId,
    quiz::{Choice, Outcome, Question, QuizReply, QuizRequest, Step},
    ratelimit::Limits,
};

use crate::{
    error::LabError,
    labs::{pubsub, ratelimit::limiter::Limiter},
    session::Session,
    store::{Conn, Key, SetMode, StoreError},
};

/// A try in progress: its clock and the steps so far.
struct Try {
    started: Instant,
    steps: Vec<Step>,
}

impl Try {
    /// Records the command `conn` (client `client`) just ran.
    fn ran(&mut self, client: u32, conn: &Conn) {
        if let Some((command, reply, seq)) = conn.last() {
            self.push(client, command.clone(), reply.clone(), Some(*seq));
        }
    }

    /// Records something that happened to a client without a command, such as a crash.
    fn note(&mut self, client: u32, happening: &str) {
        self.push(client, format!("({happening})"), String::new(), None);
    }

    fn push(&mut self, client: u32, command: String, reply: String, trace: Option<u64>) {
        let at_ms = self.started.elapsed().as_millis() as u64;
        self.steps.push(Step {
            client,
            at_ms,
            command,
            reply,
            trace,
        });
    }
}

/// Runs one try.
pub async fn run(
    session: &Session,
    id: RequestId,
    req: QuizRequest,
) -> Result<QuizReply, LabError> {
    let QuizRequest::Try { question, choice } = req;
    let mut a = session.client_conn(id, "client-A").await?;
    let mut b = session.client_conn(id, "client-B").await?;
    let mut t = Try {
        started: Instant::now(),
        steps: Vec::new(),
    };
    let run = format!("quiz:try{}", session.next_run(id).await?);
    let key = session.namespace().key(&format!("{run}:lock"));
    let outcome = match question {
        Question::LockOption => lock_option(&mut t, &mut a, &mut b, &key, choice).await,
        Question::PubsubWhileDisconnected => {
            pubsub_while_disconnected(&mut t, session, id, &mut a).await
        }
        Question::FixedWindowBoundary => {
            fixed_window_boundary(&mut t, session, &run, &mut a, &mut b).await
        }
        Question::ReleaseTokenCheck => release_token_check(&mut t, &mut a, &mut b, &key).await,
    };
    let namespace = session.namespace();
    a.delete_matching(namespace, &format!("{run}:*")).await?;
    a.delete_matching(namespace, &format!("rate:{run}:*"))
        .await?;
    Ok(QuizReply::Try {
        steps: t.steps,
        outcome: outcome?,
    })
}

/// The course's question: each option's command, from A then B. The outcome is read off Redis's
/// replies; replies that fit no ending give [`Outcome::Unexpected`].
async fn lock_option(
    t: &mut Try,
    a: &mut Conn,
    b: &mut Conn,
    key: &Key,
    choice: Choice,
) -> Result<Outcome, StoreError> {
    Ok(match choice {
        Choice::A => {
            let first = a.set_plain(key, "token-A", SetMode::Always).await?;
            t.ran(0, a);
            let second = b.set_plain(key, "token-B", SetMode::Always).await?;
            t.ran(1, b);
            let held = a.get(key).await?;
            t.ran(0, a);
            expect(
                first && second && held.as_deref() == Some("token-B"),
                Outcome::Overwritten,
            )
        }
        Choice::B => {
            let first = a.set_nx_ex(key, "token-A", 30).await?;
            t.ran(0, a);
            let second = b.set_nx_ex(key, "token-B", 30).await?;
            t.ran(1, b);
            expect(first && !second, Outcome::Refused)
        }
        Choice::C => {
            let set = a.set_plain(key, "token-A", SetMode::Xx).await?;
            t.ran(0, a);
            let held = a.get(key).await?;
            t.ran(0, a);
            expect(!set && held.is_none(), Outcome::NothingSet)
        }
        Choice::D => {
            let first = a.setnx(key, "token-A").await?;
            t.ran(0, a);
            t.note(0, "crashed");
            let ttl = b.ttl(key).await?;
            t.ran(1, b);
            let second = b.setnx(key, "token-B").await?;
            t.ran(1, b);
            expect(first && ttl == -1 && !second, Outcome::StuckForever)
        }
    })
}

/// `outcome` when Redis's replies showed it, else [`Outcome::Unexpected`].
fn expect(shown: bool, outcome: Outcome) -> Outcome {
    if shown { outcome } else { Outcome::Unexpected }
}

/// B subscribes, disconnects; A publishes; B reconnects and hears nothing of it, only what comes after.
/// The message was lost when `PUBLISH` said nobody received it and B, listening again, got only the later
/// one.
async fn pubsub_while_disconnected(
    t: &mut Try,
    session: &Session,
    id: RequestId,
    a: &mut Conn,
) -> Result<Outcome, StoreError> {
    let channel = session.namespace().channel("quiz:notifications");
    let mut b = session.subscriber(id, "client-B").await?;
    let seq = b.subscribe(&channel).await?;
    t.push(
        1,
        format!("SUBSCRIBE {}", channel.as_str()),
        b.confirmed().to_owned(),
        Some(seq),
    );
    let before = pubsub::counts(a, vec![channel.clone()]).await?;
    drop(b);
    t.note(1, "disconnected");
    pubsub::until_gone(a, before, 0).await?;
    let while_away = a.publish(&channel, AWAY).await?;
    t.ran(0, a);
    let mut b = session.subscriber(id, "client-B").await?;
    let seq = b.subscribe(&channel).await?;
    t.push(
        1,
        format!("SUBSCRIBE {}", channel.as_str()),
        b.confirmed().to_owned(),
        Some(seq),
    );
    a.publish(&channel, BACK).await?;
    t.ran(0, a);
    let mut heard = None;
    if let Ok(Some(got)) = tokio::time::timeout(Duration::from_secs(2), b.next()).await {
        heard = Some(got.payload.clone());
        t.push(
            1,
            format!("(message) {}", got.channel),
            got.payload,
            Some(got.seq),
        );
    }
    Ok(expect(
        while_away == 0 && heard.as_deref() == Some(BACK),
        Outcome::MessageLost,
    ))
}

/// What A publishes while B is away.
const AWAY: &str = "sent while B was away";
/// What A publishes once B is back.
const BACK: &str = "sent after B came back";

/// The course's fixed window, 5 per 10 s: A sends 5 just before an edge, B 5 just after.
async fn fixed_window_boundary(
    t: &mut Try,
    session: &Session,
    run: &str,
    a: &mut Conn,
    b: &mut Conn,
) -> Result<Outcome, StoreError> {
    let limiter = Limiter {
        namespace: session.namespace(),
        key: run,
        limits: Limits {
            max_requests: 5,
            window_seconds: 10,
        },
    };
    // Virtual time: an edge at 1_700_000_010 s; A at 9.5 to 9.9 s past the previous edge, B at 10.0 to 10.4.
    let edge_us = 1_700_000_010_000_000;
    let mut allowed = 0;
    for (client, conn, start) in [(0, &mut *a, edge_us - 500_000), (1, &mut *b, edge_us)] {
        for i in 0..5 {
            let verdict = limiter
                .decide(
                    conn,
                    shared::ratelimit::Algorithm::FixedWindow,
                    start + i * 100_000,
                )
                .await?;
            allowed += u32::from(verdict.allowed);
            t.ran(client, conn);
        }
    }
    Ok(expect(allowed == 10, Outcome::DoubleBurst))
}

/// A's lock expires while A still works; B takes it; A releases with a plain `DEL` and deletes B's lock.
/// Shown when B's `SET` took the lock, A's `DEL` deleted a key, and B's `GET` finds none.
async fn release_token_check(
    t: &mut Try,
    a: &mut Conn,
    b: &mut Conn,
    key: &Key,
) -> Result<Outcome, StoreError> {
    a.set_nx_ex(key, "token-A", 1).await?;
    t.ran(0, a);
    t.note(0, "working longer than the 1 s timeout");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let taken = b.set_nx_ex(key, "token-B", 30).await?;
    t.ran(1, b);
    let deleted = a.del(key).await?;
    t.ran(0, a);
    let held = b.get(key).await?;
    t.ran(1, b);
    Ok(expect(
        taken && deleted == 1 && held.is_none(),
        Outcome::DeletedOthersLock,
    ))
}
