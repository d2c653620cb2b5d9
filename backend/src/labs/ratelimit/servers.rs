//! The many-servers lesson, live: N application servers, each a task with its own Redis connection,
//! take the traffic in turn and decide every request twice, with a sliding log of their own in memory
//! (the common mistake: each server lets the limit through, so N × the limit get through) and with the
//! sliding log they all share in Redis (the limit holds). The in-memory figures are the servers' own
//! counters; the shared limiter's are Redis's replies.

use std::{collections::VecDeque, time::Duration};

use shared::{
    LabEvent,
    ratelimit::{
        Algorithm, Limits, Pattern, RatelimitEvent, RatelimitReply, ServerDecision, ServerTally,
        stats::LaneStats,
    },
};
use tokio::{sync::mpsc, task::JoinSet, time::Instant};

use super::{
    limiter::Limiter,
    runner::{LIVE_FLUSH, LIVE_LEAD_US},
    wall_clock_us,
};
use crate::{error::LabError, labs::Events, session::Session, store::StoreError};

/// The algorithm both variants run: exact, so "the limit holds" means no window ever holds more.
pub const SHARED_ALGORITHM: Algorithm = Algorithm::SlidingLogLua;

/// One server's limiter in its own memory: the sliding log, as the Lua script keeps it in Redis, but
/// seen by this server alone.
struct OwnLimiter {
    /// Times of the requests this server let through within the last window, oldest first.
    allowed_at: VecDeque<u64>,
    limits: Limits,
}

impl OwnLimiter {
    fn new(limits: Limits) -> Self {
        Self {
            allowed_at: VecDeque::new(),
            limits,
        }
    }

    /// Decides a request at `now_us`: the log keeps the times in `(now − window, now]`, like
    /// `ZREMRANGEBYSCORE -inf now−window` does.
    fn decide(&mut self, now_us: u64) -> bool {
        let window_us = self.limits.window_us();
        while self
            .allowed_at
            .front()
            .is_some_and(|&t| t + window_us <= now_us)
        {
            self.allowed_at.pop_front();
        }
        let allowed = self.allowed_at.len() < self.limits.max_requests as usize;
        if allowed {
            self.allowed_at.push_back(now_us);
        }
        allowed
    }
}

/// Runs the lesson: `pattern`'s arrivals dealt in turn to `servers` servers, from a time zero a moment
/// from now. A cancelled run deletes the shared limiter's keys.
pub async fn run(
    session: &Session,
    events: Events,
    servers: u32,
    limits: Limits,
    pattern: Pattern,
) -> Result<RatelimitReply, LabError> {
    let arrivals = pattern.arrivals(limits);
    let key = format!("api:servers{}", session.next_run(events.id()).await?);
    let origin_us = wall_clock_us() + LIVE_LEAD_US;
    events
        .send(LabEvent::Ratelimit(RatelimitEvent::Started {
            origin_us,
            arrivals: arrivals.len() as u32,
            trace: arrivals.clone(),
        }))
        .await;
    let mut dealt: Vec<Vec<(u32, u64)>> = vec![Vec::new(); servers as usize];
    for (index, arrival) in arrivals.iter().enumerate() {
        dealt[index % servers as usize].push((index as u32, origin_us + arrival.at_us));
    }
    let fleet = Fleet {
        session,
        events: &events,
        key: &key,
        limits,
    };
    tokio::select! {
        reply = fleet.run(dealt) => reply,
        () = events.cancelled() => {
            let mut conn = session.conn(events.id());
            conn.delete_matching(session.namespace(), &format!("rate:{key}:*")).await?;
            Err(LabError::Cancelled)
        }
    }
}

/// The servers of one run and what they share.
struct Fleet<'a> {
    session: &'a Session,
    events: &'a Events,
    /// The shared limiter's key.
    key: &'a str,
    limits: Limits,
}

impl Fleet<'_> {
    /// Starts one task per server, streams their decisions, and sums their counts.
    async fn run(&self, dealt: Vec<Vec<(u32, u64)>>) -> Result<RatelimitReply, LabError> {
        let (decided, mut incoming) = mpsc::channel::<ServerDecision>(1024);
        // Dropping the set (when the run is cancelled) aborts every server.
        let mut tasks = JoinSet::new();
        let (base, base_us) = (Instant::now(), wall_clock_us());
        for (server, due) in dealt.into_iter().enumerate() {
            let server = server as u32;
            let mut conn = self
                .session
                .client_conn(self.events.id(), &format!("server-{server}"))
                .await?;
            let namespace = self.session.namespace().clone();
            let (key, limits, decided) = (self.key.to_owned(), self.limits, decided.clone());
            tasks.spawn(async move {
                let shared = Limiter {
                    namespace: &namespace,
                    key: &key,
                    limits,
                };
                let mut own = OwnLimiter::new(limits);
                let mut tally = ServerTally {
                    server,
                    received: 0,
                    own_allowed: 0,
                    redis_allowed: 0,
                };
                for (index, due_us) in due {
                    tokio::time::sleep_until(
                        base + Duration::from_micros(due_us.saturating_sub(base_us)),
                    )
                    .await;
                    let at_us = wall_clock_us();
                    let own_allowed = own.decide(at_us);
                    let verdict = shared.decide(&mut conn, SHARED_ALGORITHM, at_us).await?;
                    tally.received += 1;
                    tally.own_allowed += u32::from(own_allowed);
                    tally.redis_allowed += u32::from(verdict.allowed);
                    let decision = ServerDecision {
                        index,
                        server,
                        at_us,
                        own: own_allowed,
                        redis: verdict.allowed,
                        remaining: verdict.remaining,
                        trace: conn.take_trace(),
                    };
                    let _ = decided.send(decision).await;
                }
                Ok::<_, StoreError>(tally)
            });
        }
        drop(decided);

        let (mut own, mut redis) = (Vec::new(), Vec::new());
        let mut batch = Vec::new();
        let mut flush = tokio::time::interval(LIVE_FLUSH);
        loop {
            tokio::select! {
                next = incoming.recv() => match next {
                    Some(decision) => {
                        own.push((decision.at_us, decision.own));
                        redis.push((decision.at_us, decision.redis));
                        batch.push(decision);
                    }
                    None => break,
                },
                _ = flush.tick() => self.send(std::mem::take(&mut batch)).await,
            }
        }
        self.send(batch).await;
        let mut servers = Vec::new();
        while let Some(finished) = tasks.join_next().await {
            match finished {
                Ok(Ok(tally)) => servers.push(tally),
                Ok(Err(e)) => return Err(e.into()),
                Err(_) => return Err(LabError::Internal("a server's task stopped".into())),
            }
        }
        servers.sort_by_key(|tally| tally.server);
        let window_us = self.limits.window_us();
        Ok(RatelimitReply::Servers {
            servers,
            own: LaneStats::from_decisions(own, window_us),
            redis: LaneStats::from_decisions(redis, window_us),
        })
    }

    async fn send(&self, decisions: Vec<ServerDecision>) {
        if !decisions.is_empty() {
            let event = RatelimitEvent::Servers { decisions };
            self.events.send(LabEvent::Ratelimit(event)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_servers_own_log_lets_max_through_per_window() {
        let mut own = OwnLimiter::new(Limits {
            max_requests: 2,
            window_seconds: 1,
        });
        let verdicts: Vec<bool> = [0, 1, 2, 999_999, 1_000_000, 1_000_001]
            .into_iter()
            .map(|t| own.decide(t))
            .collect();
        assert_eq!(verdicts, [true, true, false, false, true, true]);
    }
}
