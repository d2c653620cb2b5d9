//! The Pub/Sub fan-out section: one publisher to [`SUBSCRIBERS`] subscribers, two ways in the same run.
//! Through the playground: a presenter's room with that many WebSocket participants on a backend process
//! (the backend's one subscription to the room, relayed to each as JSON over its socket). Raw: that many redis-rs
//! subscriber connections on the same Redis, and a redis-rs publisher: the yardstick.

use std::{collections::HashMap, time::Duration};

use backend::embedded::EmbeddedRedis;
use futures_util::StreamExt;
use tokio::{sync::mpsc, task::JoinSet, time::Instant};

use crate::{
    BoxError,
    audience::{Audience, GENEROUS_LIMITS, PARSING, PHASE_TIMEOUT, Presenter},
    markdown::{count, ratio, table},
    process::{cpu_seconds_of, cpu_seconds_of_backends},
    procs::BackendProcess,
    samples::Measured,
};

/// Subscribers on each path.
const SUBSCRIBERS: usize = 1000;
/// Messages published on each path, back to back.
const MESSAGES: usize = 100;
/// The raw path's channel.
const CHANNEL: &str = "bench:fanout";

/// Measures both paths and returns the markdown.
pub async fn section(redis: &EmbeddedRedis) -> Result<String, BoxError> {
    let texts: Vec<String> = (1..=MESSAGES).map(|i| format!("fan-out {i}")).collect();
    let burst = through_rooms(redis, &texts).await?;
    let websocket = &burst.deliveries;
    let raw = raw(redis, &texts).await?;
    let ms = |m: &Measured, p| {
        m.percentile_us(p)
            .map_or("–".into(), |us| format!("{:.1}", us / 1000.0))
    };
    let row = |name: &str, m: &Measured, cpu: [String; 2]| {
        vec![
            name.to_owned(),
            count(m.decisions as f64),
            format!("{:.2} s", m.elapsed.as_secs_f64()),
            count(m.per_second()),
            ms(m, 50.0),
            ms(m, 99.0),
        ]
        .into_iter()
        .chain(cpu)
        .collect::<Vec<_>>()
    };
    Ok(format!(
        "## Pub/Sub fan-out: 1 publisher, {SUBSCRIBERS} subscribers\n\n\
         {MESSAGES} messages published back to back, each delivered to {SUBSCRIBERS} subscribers; the \
         rate is deliveries per second from the first send to the last delivery, and latency runs from \
         sending a message to a subscriber reading it. **WebSocket**: a room on one backend process \
         with {SUBSCRIBERS} WebSocket participants (joined in {:.1} s), the presenter publishing through \
         its socket; Redis delivers each message once, to the backend's one subscription to the room, \
         which relays it to every participant's socket. {PARSING} **raw redis-rs**: {SUBSCRIBERS} redis-rs subscriber connections and a redis-rs \
         publisher, on the same Redis in the same run. The backend's CPU is its process's user and \
         system time from the first send to the last delivery, per delivery; {BENCH_CPU}\n\n{}\nWebSocket ÷ raw, p99: {}.\n",
        burst.joining.as_secs_f64(),
        table(
            &[
                "path",
                "deliveries",
                "delivered in",
                "deliveries/s",
                "p50 ms",
                "p99 ms",
                "backend CPU µs / delivery",
                "bench CPU µs / delivery",
            ],
            &[
                row("WebSocket", websocket, burst.cpu_per_delivery()),
                row("raw redis-rs", &raw, ["–".into(), "–".into()]),
            ],
        ),
        ratio(websocket.percentile_us(99.0), raw.percentile_us(99.0)),
    ))
}

/// How the sections say what the bench's CPU column counts.
pub const BENCH_CPU: &str = "the bench's CPU is its own process's over the same span, most of it its \
    participants' reading of their frames (finding 16 of \"Found slow, and fixed\").";

/// A presenter's burst to a room: every delivery, and what it cost.
pub struct Burst {
    /// Every delivery's latency.
    pub deliveries: Measured,
    /// How long the participants took to join.
    pub joining: Duration,
    /// CPU seconds of the backend processes, and of this bench process, from the first send to the
    /// last delivery.
    cpu: (f64, f64),
}

impl Burst {
    /// `deliveries`, and the CPU they cost since `before` (both read by [`cpu_seconds`]).
    pub fn new(
        deliveries: Measured,
        joining: Duration,
        before: (f64, f64),
        after: (f64, f64),
    ) -> Self {
        Self {
            deliveries,
            joining,
            cpu: (after.0 - before.0, after.1 - before.1),
        }
    }

    /// The backends' CPU and the bench's, each spread over the deliveries, in microseconds.
    pub fn cpu_per_delivery(&self) -> [String; 2] {
        let per = |seconds: f64| {
            format!(
                "{:.1}",
                seconds * 1e6 / self.deliveries.decisions.max(1) as f64
            )
        };
        [per(self.cpu.0), per(self.cpu.1)]
    }
}

/// CPU seconds used so far by `backends` and by this bench process.
pub fn cpu_seconds(backends: &[&BackendProcess]) -> Result<(f64, f64), BoxError> {
    Ok((
        cpu_seconds_of_backends(backends)?,
        cpu_seconds_of(std::process::id())?,
    ))
}

/// The playground's path: a room of [`SUBSCRIBERS`] WebSocket participants on a backend process.
async fn through_rooms(redis: &EmbeddedRedis, texts: &[String]) -> Result<Burst, BoxError> {
    let backend = BackendProcess::start(&redis.url(), &GENEROUS_LIMITS).await?;
    let mut presenter = Presenter::open(&backend.ws_url()).await?;
    let mut audience =
        Audience::join(&backend.ws_url(), &presenter.code, SUBSCRIBERS, texts.len()).await?;
    let before = cpu_seconds(&[&backend])?;
    let (sent, receivers) = presenter.burst(texts).await?;
    // The backend's one subscription to the room.
    if receivers != 1 {
        return Err(format!("PUBLISH reached {receivers} subscriptions, not 1").into());
    }
    let sent: HashMap<String, Instant> = texts.iter().cloned().zip(sent).collect();
    let measured = audience.deliveries(&sent).await?;
    let after = cpu_seconds(&[&backend])?;
    let joining = audience.joining;
    presenter.close().await?;
    audience.finish().await?;
    backend.stop().await;
    Ok(Burst::new(measured, joining, before, after))
}

/// The yardstick: [`SUBSCRIBERS`] redis-rs subscriber connections and one redis-rs publisher.
async fn raw(redis: &EmbeddedRedis, texts: &[String]) -> Result<Measured, BoxError> {
    let client = redis::Client::open(redis.url())?;
    let (ready_tx, mut ready) = mpsc::channel::<()>(SUBSCRIBERS);
    let (arrived_tx, mut arrived) = mpsc::channel(SUBSCRIBERS);
    let mut tasks: JoinSet<Result<(), BoxError>> = JoinSet::new();
    for _ in 0..SUBSCRIBERS {
        let (client, ready, arrived) = (client.clone(), ready_tx.clone(), arrived_tx.clone());
        let expect = texts.len();
        tasks.spawn(async move {
            let mut pubsub = client.get_async_pubsub().await?;
            pubsub.subscribe(CHANNEL).await?;
            let _ = ready.send(()).await;
            let mut messages = pubsub.into_on_message();
            let mut got = Vec::with_capacity(expect);
            while got.len() < expect {
                let msg = messages
                    .next()
                    .await
                    .ok_or("a raw subscriber's connection closed")?;
                let text: String = msg.get_payload()?;
                got.push((text, Instant::now()));
            }
            let _ = arrived.send(got).await;
            Ok(())
        });
    }
    for _ in 0..SUBSCRIBERS {
        tokio::time::timeout(PHASE_TIMEOUT, ready.recv())
            .await
            .map_err(|_| "raw subscribers did not subscribe in time")?;
    }
    let mut publisher = client.get_multiplexed_async_connection().await?;
    let mut sent = HashMap::with_capacity(texts.len());
    for text in texts {
        sent.insert(text.clone(), Instant::now());
        let receivers: u64 = redis::cmd("PUBLISH")
            .arg(CHANNEL)
            .arg(text)
            .query_async(&mut publisher)
            .await?;
        if receivers != SUBSCRIBERS as u64 {
            return Err(format!("raw PUBLISH reached {receivers} of {SUBSCRIBERS}").into());
        }
    }
    let first = sent.values().min().copied().unwrap_or_else(Instant::now);
    let mut latencies = Vec::with_capacity(SUBSCRIBERS * texts.len());
    let mut last = first;
    for _ in 0..SUBSCRIBERS {
        let got = tokio::time::timeout(PHASE_TIMEOUT, arrived.recv())
            .await
            .map_err(|_| "raw subscribers did not get every message in time")?
            .ok_or("raw subscribers stopped")?;
        for (text, at) in got {
            if let Some(sent_at) = sent.get(&text) {
                latencies.push(at.saturating_duration_since(*sent_at).as_nanos() as u64);
                last = last.max(at);
            }
        }
    }
    while let Some(ended) = tasks.join_next().await {
        ended??;
    }
    let delivered = latencies.len();
    Ok(Measured::new(delivered, last - first, latencies))
}
