//! The room load section: a backend process (the real binary) on the bench's Redis, [`PARTICIPANTS`]
//! WebSocket participants in one room, and a burst of [`BURST`] messages from the presenter. Latency is
//! from the presenter's socket sending a `publish` to a participant's socket reading its delivery;
//! memory is the backend process's resident set before the room, with everyone in it, and after the burst.

use std::collections::HashMap;

use backend::embedded::EmbeddedRedis;

use crate::{
    BoxError,
    audience::{Audience, GENEROUS_LIMITS, PARSING, Presenter},
    markdown::{count, table},
    procs::BackendProcess,
};

/// Participants in the room.
const PARTICIPANTS: usize = 200;
/// Messages the presenter publishes in one burst.
const BURST: usize = 100;

/// Measures the room and returns its markdown.
pub async fn section(redis: &EmbeddedRedis) -> Result<String, BoxError> {
    let backend = BackendProcess::start(&redis.url(), &GENEROUS_LIMITS).await?;
    let before = backend.memory_kib()?;
    let mut presenter = Presenter::open(&backend.ws_url()).await?;
    let mut audience =
        Audience::join(&backend.ws_url(), &presenter.code, PARTICIPANTS, BURST).await?;
    let joined = backend.memory_kib()?;

    let texts: Vec<String> = (1..=BURST).map(|i| format!("burst message {i}")).collect();
    let (sent, receivers) = presenter.burst(&texts).await?;
    let sent: HashMap<String, _> = texts.into_iter().zip(sent).collect();
    let delivered = audience.deliveries(&sent).await?;
    let joining = audience.joining;
    let after = backend.memory_kib()?;
    presenter.close().await?;
    audience.finish().await?;
    backend.stop().await;

    let ms = |p| {
        delivered
            .percentile_us(p)
            .map_or("–".into(), |us| format!("{:.1}", us / 1000.0))
    };
    let mib = |kib: u64| format!("{:.1}", kib as f64 / 1024.0);
    Ok(format!(
        "## Workshop room: {PARTICIPANTS} participants, a burst of {BURST}\n\n\
         One backend process (the release binary) on this Redis; {PARTICIPANTS} participants, each a \
         WebSocket client joining the room as a browser would (all of them hearing the room through the \
         backend's one subscription to it, which relays each message to every participant's socket), \
         and a presenter publishing {BURST} messages back to back without waiting for replies. Latency \
         runs from the presenter's socket sending a `publish` to a participant's socket reading the \
         delivery; every participant's every message is one sample. {PARSING} `PUBLISH` counted \
         {receivers} subscription.\n\n{}\n{}",
        table(
            &[
                "joining (all)",
                "deliveries",
                "delivered in",
                "deliveries/s",
                "p50 ms",
                "p99 ms"
            ],
            &[vec![
                format!("{:.2} s", joining.as_secs_f64()),
                count(delivered.decisions as f64),
                format!("{:.2} s", delivered.elapsed.as_secs_f64()),
                count(delivered.per_second()),
                ms(50.0),
                ms(99.0),
            ]],
        ),
        table(
            &["backend memory", "RSS MiB", "peak MiB"],
            &[
                vec!["before the room".into(), mib(before.0), mib(before.1)],
                vec![
                    format!("{PARTICIPANTS} participants in"),
                    mib(joined.0),
                    mib(joined.1),
                ],
                vec!["after the burst".into(), mib(after.0), mib(after.1)],
            ],
        )
    ))
}
