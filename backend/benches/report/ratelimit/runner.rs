//! The lab's own path: `Limiter::decide` on a traced `Conn` of its own, as a replay lane runs it, while a
//! task drains the trace as the session's socket writer would.

use std::time::Instant;

use backend::{
    labs::ratelimit::limiter::Limiter,
    store::{Namespace, Store, StoreError, trace_channel},
};
use shared::ratelimit::Algorithm;

use super::{KEY, LIMITS, at_us};
use crate::{
    Settings,
    samples::{Measured, Recorder},
};

/// Trace entries queued before new ones are dropped: a session's backlog (`TRACE_BACKLOG` in
/// `backend::ws`), so recording behaves as it does in the playground.
const TRACE_BACKLOG: usize = 4096;

/// Decides the bench's arrivals with `algorithm` through the lab's limiter, timing each decision. Also
/// returns how many trace entries were recorded, warm-up included.
pub async fn measure(
    store: &Store,
    algorithm: Algorithm,
    settings: &Settings,
) -> Result<(Measured, u64), StoreError> {
    let (tracer, mut sink) = trace_channel(TRACE_BACKLOG);
    // Counts what arrives instead of encoding it: the encoding is the WebSocket path's cost, not the
    // runner's. It ends when the last tracer (the connection's) is dropped.
    let drain = tokio::spawn(async move {
        let mut received = 0;
        while let Some(traced) = sink.rx.recv().await {
            received += traced.entries() as u64;
        }
        received + sink.take_dropped()
    });
    // The tracer a replay lane's connection gets from `Session::client_conn`.
    let lane_tracer = tracer
        .for_request(1)
        .for_client(&format!("lane:{}", algorithm.id()));
    drop(tracer);
    let mut conn = store.dedicated(lane_tracer).await?;
    let namespace = Namespace::for_session("runner");
    let limiter = Limiter {
        namespace: &namespace,
        key: KEY,
        limits: LIMITS,
    };
    let mut recorder = Recorder::new(settings);
    for i in recorder.arrivals() {
        let call = Instant::now();
        let verdict = limiter.decide(&mut conn, algorithm, at_us(i)).await?;
        // A replay moves each decision's trace seqs into its `Decision`; so does the bench.
        conn.take_trace();
        recorder.record(i, call, verdict.allowed);
    }
    drop(conn);
    let traced = drain.await.unwrap_or_default();
    Ok((recorder.finish(), traced))
}
