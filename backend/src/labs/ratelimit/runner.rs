//! Runs of many arrivals. A replay decides on virtual time, one arrival after another, one connection per
//! lane, so the same trace always gives the same decisions; in a retry storm each lane also sends its
//! refused requests again, as its own refusals dictate. A live run sends each arrival when its time
//! comes on the wall clock, one connection per virtual client, so concurrent clients really race.

use std::{
    cmp::Reverse,
    collections::{BTreeMap, BinaryHeap},
    time::Duration,
};

use futures_util::future::try_join_all;
use shared::{
    LabEvent,
    ratelimit::{
        Algorithm, Arrival, Decision, LaneSummary, Limits, Mode, RatelimitEvent, RatelimitReply,
        Traffic, stats::LaneStats, traffic::Retry,
    },
    speed::Speed,
};
use tokio::{sync::mpsc, task::JoinSet, time::Instant};

use super::{lane_client, limiter::Limiter, wall_clock_us};
use crate::{error::LabError, labs::Events, session::Session, store::StoreError};

/// Virtual time zero of every replay (2023-11-14), rounded up to a window edge.
const REPLAY_EPOCH_US: u64 = 1_700_000_000_000_000;
/// Decisions per event while replaying.
const REPLAY_BATCH: usize = 500;
/// How often a live run flushes its decisions to the browser.
pub(super) const LIVE_FLUSH: Duration = Duration::from_millis(50);
/// Time between a live run's start and its first arrival, for connecting its clients.
pub(super) const LIVE_LEAD_US: u64 = 300_000;
/// Live runs start on a window edge when the wait is at most this long (so a boundary burst meets the
/// edge); with longer windows they start right away.
const MAX_ALIGN_WAIT_US: u64 = 60_000_000;

/// What a run request asks for.
pub struct Plan<'a> {
    /// Lanes to decide in.
    pub algorithms: &'a [Algorithm],
    /// The limit, at normal speed.
    pub limits: Limits,
    /// Wall clock or virtual time.
    pub mode: Mode,
    /// The arrivals, at normal speed.
    pub traffic: &'a Traffic,
    /// Slow motion of a live run; a replay ignores it.
    pub speed: Speed,
}

/// Runs the plan's traffic through every limiter in its `algorithms`. A slowed live run stretches the
/// arrival times and the window alike, so Redis sees the same traffic, only later.
pub async fn run(
    session: &Session,
    events: Events,
    plan: Plan<'_>,
) -> Result<RatelimitReply, LabError> {
    let Plan {
        algorithms,
        mode,
        traffic,
        ..
    } = plan;
    let speed = match mode {
        Mode::Live => plan.speed,
        Mode::Replay => Speed::Normal,
    };
    let arrivals = traffic.arrivals_at(plan.limits, speed);
    let limits = plan.limits.slowed(speed);
    let key = format!("api:run{}", session.next_run(events.id()).await?);
    let origin_us = match mode {
        Mode::Replay => REPLAY_EPOCH_US.div_ceil(limits.window_us()) * limits.window_us(),
        Mode::Live => live_origin(&arrivals, limits),
    };
    events
        .send(LabEvent::Ratelimit(RatelimitEvent::Started {
            origin_us,
            arrivals: arrivals.len() as u32,
            trace: arrivals.clone(),
        }))
        .await;
    let run = Run {
        session,
        events,
        key,
        limits,
        origin_us,
        retry: traffic.retry(),
    };
    let lanes = async {
        match mode {
            Mode::Replay => run.replay(algorithms, &arrivals).await,
            Mode::Live => run.live(algorithms, &arrivals).await,
        }
    };
    let mut lanes = tokio::select! {
        lanes = lanes => lanes?,
        () = run.events.cancelled() => {
            run.delete_keys().await?;
            return Err(LabError::Cancelled);
        }
    };
    lanes.sort_by_key(|lane| lane.algorithm);
    Ok(RatelimitReply::Run { lanes })
}

/// The first window edge far enough ahead to connect, unless that is more than a minute away.
fn live_origin(arrivals: &[Arrival], limits: Limits) -> u64 {
    let first = arrivals.first().map_or(0, |a| a.at_us);
    let earliest = wall_clock_us() + LIVE_LEAD_US - first.min(LIVE_LEAD_US);
    let aligned = earliest.div_ceil(limits.window_us()) * limits.window_us();
    if aligned - earliest <= MAX_ALIGN_WAIT_US {
        aligned
    } else {
        earliest
    }
}

struct Run<'a> {
    session: &'a Session,
    events: Events,
    key: String,
    limits: Limits,
    origin_us: u64,
    /// How a retry storm's refused requests come back; `None` for other traffic.
    retry: Option<Retry>,
}

/// A request waiting its turn in a replayed lane: its time, then the order it was queued in (so ties keep
/// the arrivals' order), its index, client and attempt.
type Pending = Reverse<(u64, usize, u32, u32, u32)>;

impl Run<'_> {
    fn limiter(&self) -> Limiter<'_> {
        Limiter {
            namespace: self.session.namespace(),
            key: &self.key,
            limits: self.limits,
        }
    }

    /// Deletes the run's limiter keys: `rate:{key}` itself and everything under `rate:{key}:`.
    async fn delete_keys(&self) -> Result<(), StoreError> {
        let mut conn = self.session.conn(self.events.id());
        let namespace = self.session.namespace();
        conn.delete_matching(namespace, &format!("rate:{}", self.key))
            .await?;
        conn.delete_matching(namespace, &format!("rate:{}:*", self.key))
            .await?;
        Ok(())
    }

    async fn send(&self, decisions: Vec<Decision>) {
        if !decisions.is_empty() {
            let event = RatelimitEvent::Decisions { decisions };
            self.events.send(LabEvent::Ratelimit(event)).await;
        }
    }

    /// Every lane at once, each on its own connection, each deciding the arrivals in order on virtual time.
    async fn replay(
        &self,
        algorithms: &[Algorithm],
        arrivals: &[Arrival],
    ) -> Result<Vec<LaneSummary>, LabError> {
        let lanes = algorithms.iter().map(|&algorithm| async move {
            let mut conn = self
                .session
                .client_conn(self.events.id(), &lane_client(algorithm))
                .await?;
            let limiter = self.limiter();
            let mut seen = Vec::with_capacity(arrivals.len());
            let mut batch = Vec::with_capacity(REPLAY_BATCH);
            let mut queue: BinaryHeap<Pending> = arrivals
                .iter()
                .enumerate()
                .map(|(i, a)| Reverse((self.origin_us + a.at_us, i, i as u32, a.client, 0)))
                .collect();
            let mut next_index = arrivals.len() as u32;
            while let Some(Reverse((at_us, _, index, client, attempt))) = queue.pop() {
                let verdict = limiter.decide(&mut conn, algorithm, at_us).await?;
                seen.push((at_us, verdict.allowed));
                let again = self
                    .retry
                    .filter(|_| !verdict.allowed)
                    .and_then(|retry| retry.delay_us(index, attempt));
                if let Some(delay_us) = again {
                    let order = next_index as usize;
                    queue.push(Reverse((
                        at_us + delay_us,
                        order,
                        next_index,
                        client,
                        attempt + 1,
                    )));
                    next_index += 1;
                }
                batch.push(Decision {
                    algorithm,
                    index,
                    client,
                    at_us,
                    allowed: verdict.allowed,
                    remaining: verdict.remaining,
                    counter: verdict.counter,
                    trace: conn.take_trace(),
                    attempt,
                });
                if batch.len() == REPLAY_BATCH {
                    self.send(std::mem::take(&mut batch)).await;
                }
            }
            self.send(batch).await;
            let stats = LaneStats::from_decisions(seen, self.limits.window_us());
            Ok::<_, LabError>(LaneSummary { algorithm, stats })
        });
        try_join_all(lanes).await
    }

    /// One task per virtual client on its own connection, each sending its arrivals when their time comes.
    async fn live(
        &self,
        algorithms: &[Algorithm],
        arrivals: &[Arrival],
    ) -> Result<Vec<LaneSummary>, LabError> {
        let mut by_client: BTreeMap<u32, Vec<(u32, u64)>> = BTreeMap::new();
        for (index, arrival) in arrivals.iter().enumerate() {
            by_client
                .entry(arrival.client)
                .or_default()
                .push((index as u32, self.origin_us + arrival.at_us));
        }
        let (decided, mut incoming) = mpsc::channel::<Decision>(1024);
        // Dropping the set (when the run is cancelled) aborts every client.
        let mut clients = JoinSet::new();
        let (base, base_us) = (Instant::now(), wall_clock_us());
        for (client, due) in by_client {
            let mut conn = self
                .session
                .client_conn(self.events.id(), &format!("client-{client}"))
                .await?;
            let namespace = self.session.namespace().clone();
            let (key, limits, algorithms, decided) = (
                self.key.clone(),
                self.limits,
                algorithms.to_vec(),
                decided.clone(),
            );
            clients.spawn(async move {
                let limiter = Limiter {
                    namespace: &namespace,
                    key: &key,
                    limits,
                };
                for (index, due_us) in due {
                    tokio::time::sleep_until(
                        base + Duration::from_micros(due_us.saturating_sub(base_us)),
                    )
                    .await;
                    for &algorithm in &algorithms {
                        let at_us = wall_clock_us();
                        let verdict = limiter.decide(&mut conn, algorithm, at_us).await?;
                        let decision = Decision {
                            algorithm,
                            index,
                            client,
                            at_us,
                            allowed: verdict.allowed,
                            remaining: verdict.remaining,
                            counter: verdict.counter,
                            trace: conn.take_trace(),
                            attempt: 0,
                        };
                        let _ = decided.send(decision).await;
                    }
                }
                Ok::<(), StoreError>(())
            });
        }
        drop(decided);

        let mut seen: BTreeMap<Algorithm, Vec<(u64, bool)>> = BTreeMap::new();
        let mut batch = Vec::new();
        let mut flush = tokio::time::interval(LIVE_FLUSH);
        loop {
            tokio::select! {
                next = incoming.recv() => match next {
                    Some(decision) => {
                        seen.entry(decision.algorithm).or_default().push((decision.at_us, decision.allowed));
                        batch.push(decision);
                    }
                    None => break,
                },
                _ = flush.tick() => self.send(std::mem::take(&mut batch)).await,
            }
        }
        self.send(batch).await;
        while let Some(finished) = clients.join_next().await {
            if let Ok(Err(e)) = finished {
                return Err(e.into());
            }
        }
        Ok(algorithms
            .iter()
            .map(|&algorithm| LaneSummary {
                algorithm,
                stats: LaneStats::from_decisions(
                    seen.remove(&algorithm).unwrap_or_default(),
                    self.limits.window_us(),
                ),
            })
            .collect())
    }
}
