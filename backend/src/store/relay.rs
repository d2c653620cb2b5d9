//! One subscription per backend for channels that many of its members hear (a workshop room's): the
//! first member to ask opens it, on the backend's own connection; members after it share it; it closes
//! when the last one lets go. Each message Redis delivers to it is handed to every member in the
//! process, so a room of 1,000 costs Redis one subscriber per backend, not one per participant, and
//! `PUBLISH` (or `SPUBLISH`) then counts backends, not participants.
//!
//! Traced as what really happened: the `SUBSCRIBE` in the trace of the member that opened the
//! subscription, as the playground's; each message in every member's trace, marked as relayed.
//!
//! Members share each message ([`Message`]): what the first of them makes of it for its browser
//! ([`Message::prepared`]) the others take as it is, so a room's message is decoded and its event
//! encoded once per backend, not once per participant.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex, OnceLock, Weak,
        atomic::{AtomicBool, Ordering},
    },
};

use serde_json::value::RawValue;
use tokio::{
    sync::{Mutex as AsyncMutex, broadcast},
    task::JoinHandle,
};

use super::{
    Channel, Namespace, Store,
    error::StoreError,
    reply::shorten,
    sharded::Listener,
    subscriber::Delivery,
    trace::{Line, Tracer, now_ms},
};

/// Messages a member may fall behind its relay before it misses some.
const BACKLOG: usize = 1024;
/// Most messages a member takes from its relay at once: what had queued for it while it handled the
/// last ones, handled and traced together, so a burst costs its channels one item per batch, not
/// one per message.
const AT_ONCE: usize = 32;

/// The reply a relayed message shows in a member's trace.
const RELAYED: &str = "(relayed: this backend's one subscription)";

/// This backend's open relays, by namespace and channels. A slot is locked while its relay opens, so
/// members who arrive at once share one subscription.
#[derive(Default)]
pub struct Relays {
    open: Mutex<HashMap<String, Arc<AsyncMutex<Weak<Relay>>>>>,
}

/// One open subscription and the task that reads it.
struct Relay {
    heard: broadcast::Sender<Carried>,
    /// Set when its connection ended: the next member to ask opens a new one.
    ended: Arc<AtomicBool>,
    reader: JoinHandle<()>,
    key: String,
    relays: Weak<Relays>,
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.reader.abort();
        let Some(relays) = self.relays.upgrade() else {
            return;
        };
        let mut open = relays.open.lock().unwrap_or_else(|e| e.into_inner());
        // A slot being opened again right now is locked: it stays.
        let unused = open
            .get(&self.key)
            .is_some_and(|slot| slot.try_lock().is_ok_and(|relay| relay.strong_count() == 0));
        if unused {
            open.remove(&self.key);
        }
    }
}

/// What the relay's subscriber received; `None` once its connection ended.
type Carried = Option<Arc<Received>>;

/// What a member hears next.
#[derive(Debug)]
pub enum Heard {
    /// Messages that came at once, oldest first, recorded in the member's trace.
    Messages(Vec<Message>),
    /// The member fell more than [`BACKLOG`] messages behind the relay: this many went by without it.
    Missed(u64),
}

/// A message a member heard: one its backend's relay received for every member, or one a
/// subscriber of the member's own received.
#[derive(Debug)]
pub struct Message(Source);

#[derive(Debug)]
enum Source {
    Relay(Arc<Received>),
    Own(Delivery),
}

impl Message {
    /// The channel it was published to.
    pub fn channel(&self) -> &str {
        match &self.0 {
            Source::Relay(received) => &received.channel,
            Source::Own(delivery) => &delivery.channel,
        }
    }

    /// The payload, as text.
    pub fn payload(&self) -> &str {
        match &self.0 {
            Source::Relay(received) => &received.payload,
            Source::Own(delivery) => &delivery.payload,
        }
    }

    /// What `prepare` makes of the payload (JSON for the member's browser). For a relayed message it
    /// runs once, for the first member that asks, and every other member gets the same JSON: the
    /// members of one relay all make the same of a message.
    pub fn prepared(
        &self,
        prepare: impl FnOnce(&str) -> Option<Arc<RawValue>>,
    ) -> Option<Arc<RawValue>> {
        match &self.0 {
            Source::Relay(received) => received
                .prepared
                .get_or_init(|| prepare(&received.payload))
                .clone(),
            Source::Own(delivery) => prepare(&delivery.payload),
        }
    }
}

impl From<Delivery> for Message {
    fn from(delivery: Delivery) -> Self {
        Self(Source::Own(delivery))
    }
}

/// One message, as the relay's subscriber received it, and its line in the trace, written once for
/// every member.
#[derive(Debug)]
struct Received {
    channel: String,
    payload: String,
    line: Arc<Line>,
    /// When the relay received it.
    at_ms: u64,
    /// What the first member to ask made of it: see [`Message::prepared`].
    prepared: OnceLock<Option<Arc<RawValue>>>,
}

impl Received {
    /// `payload` on `channel`, received just now as a `kind` (`message` or `smessage`).
    fn new(kind: &str, channel: String, payload: String) -> Self {
        let command = vec![format!("({kind})"), channel.clone(), shorten(&payload)];
        Self {
            channel,
            payload,
            line: Arc::new(Line::new(command, RELAYED)),
            at_ms: now_ms(),
            prepared: OnceLock::new(),
        }
    }
}

/// A member's share of a relay.
pub struct Relayed {
    heard: broadcast::Receiver<Carried>,
    tracer: Tracer,
    /// What ended the last batch of messages, to be told next: a lag, or the end (`None`).
    held: Option<Option<Heard>>,
    /// Keeps the subscription open while the member listens.
    _relay: Arc<Relay>,
}

impl Relayed {
    /// The member's share of `relay`, recorded in `tracer`.
    fn new(relay: Arc<Relay>, tracer: Tracer) -> Self {
        Self {
            heard: relay.heard.subscribe(),
            tracer,
            held: None,
            _relay: relay,
        }
    }

    /// The next message and those queued behind it (at most [`AT_ONCE`]), recorded in this member's
    /// trace as relayed, or how many it missed when it fell more than [`BACKLOG`] messages behind;
    /// `None` once the subscription's connection ended. Cancel-safe, as a member's `select!` needs:
    /// nothing is awaited once the first message is taken, so dropping the future loses none.
    pub async fn next(&mut self) -> Option<Heard> {
        if let Some(held) = self.held.take() {
            return held;
        }
        let first = match self.heard.recv().await {
            Ok(Some(received)) => received,
            Ok(None) | Err(broadcast::error::RecvError::Closed) => return None,
            Err(broadcast::error::RecvError::Lagged(missed)) => return Some(missed_by(missed)),
        };
        let mut received = vec![first];
        while received.len() < AT_ONCE {
            match self.heard.try_recv() {
                Ok(Some(next)) => received.push(next),
                Err(broadcast::error::TryRecvError::Empty) => break,
                Ok(None) | Err(broadcast::error::TryRecvError::Closed) => {
                    self.held = Some(None);
                    break;
                }
                Err(broadcast::error::TryRecvError::Lagged(missed)) => {
                    self.held = Some(Some(missed_by(missed)));
                    break;
                }
            }
        }
        let lines = received.iter().map(|r| (r.line.clone(), r.at_ms)).collect();
        self.tracer.record_relayed(lines);
        let messages = received
            .into_iter()
            .map(|r| Message(Source::Relay(r)))
            .collect();
        Some(Heard::Messages(messages))
    }
}

/// What a member is told when it fell `missed` messages behind its relay.
fn missed_by(missed: u64) -> Heard {
    tracing::warn!(missed, "a room member fell behind its relay");
    Heard::Missed(missed)
}

impl Store {
    /// `channels` of `namespace`, heard through this backend's one subscription to them: opened now on
    /// the backend's own connection (sharded on a cluster), its `SUBSCRIBE`s traced through `opener`
    /// as the playground's, unless it is open already. `tracer` records each message the member hears.
    pub async fn relay(
        &self,
        namespace: &Namespace,
        channels: &[Channel],
        opener: &Tracer,
        tracer: Tracer,
    ) -> Result<Relayed, StoreError> {
        let key = channels
            .iter()
            .map(Channel::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        let slot = {
            let mut open = self.relays.open.lock().unwrap_or_else(|e| e.into_inner());
            open.entry(key.clone()).or_default().clone()
        };
        let mut slot = slot.lock().await;
        let relay = match slot.upgrade() {
            Some(relay) if !relay.ended.load(Ordering::Relaxed) => relay,
            _ => {
                let relay = self
                    .open_relay(namespace, channels, opener, key)
                    .await
                    .map(Arc::new)?;
                *slot = Arc::downgrade(&relay);
                relay
            }
        };
        Ok(Relayed::new(relay, tracer))
    }

    async fn open_relay(
        &self,
        namespace: &Namespace,
        channels: &[Channel],
        opener: &Tracer,
        key: String,
    ) -> Result<Relay, StoreError> {
        let mut listener = self.listener(opener.playground(), namespace).await?;
        for channel in channels {
            listener.subscribe(channel).await?;
        }
        // Each member records what it hears; the relay's own reads are not a member's.
        listener.retrace(Tracer::nowhere());
        let kind = match listener {
            Listener::Classic(_) => "message",
            Listener::Sharded(_) => "smessage",
        };
        let (heard, _) = broadcast::channel(BACKLOG);
        let ended = Arc::new(AtomicBool::new(false));
        let reader = tokio::spawn(read(listener, kind, heard.clone(), ended.clone()));
        Ok(Relay {
            heard,
            ended,
            reader,
            key,
            relays: Arc::downgrade(&self.relays),
        })
    }
}

/// Hands every message the relay's subscriber receives to its members, until its connection ends.
async fn read(
    mut listener: Listener,
    kind: &'static str,
    heard: broadcast::Sender<Carried>,
    ended: Arc<AtomicBool>,
) {
    while let Some(delivery) = listener.next().await {
        let received = Received::new(kind, delivery.channel, delivery.payload);
        // No member listening is not an error: one may join in a moment.
        let _ = heard.send(Some(Arc::new(received)));
    }
    ended.store(true, Ordering::Relaxed);
    let _ = heard.send(None);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::trace_channel;

    /// A relay whose members hear what is sent on `heard`, with no subscription behind it.
    fn relay_of(heard: &broadcast::Sender<Carried>) -> Arc<Relay> {
        Arc::new(Relay {
            heard: heard.clone(),
            ended: Arc::new(AtomicBool::new(false)),
            reader: tokio::spawn(async {}),
            key: "pg:{room-AB}:chat".into(),
            relays: Weak::new(),
        })
    }

    #[tokio::test]
    async fn what_the_first_member_makes_of_a_message_the_others_share() {
        let (heard, _) = broadcast::channel(BACKLOG);
        let relay = relay_of(&heard);
        let mut members: Vec<Relayed> = (0..3)
            .map(|_| Relayed::new(relay.clone(), trace_channel(8).0))
            .collect();
        let received = Received::new("message", "pg:{room-AB}:chat".into(), "hello".into());
        assert!(heard.send(Some(Arc::new(received))).is_ok());

        let mut made = 0;
        let mut prepared = Vec::new();
        for member in &mut members {
            let Some(Heard::Messages(messages)) = member.next().await else {
                panic!("every member hears it");
            };
            let [message] = &messages[..] else {
                panic!("one message was sent");
            };
            prepared.push(message.prepared(|payload| {
                made += 1;
                RawValue::from_string(format!("{payload:?}"))
                    .ok()
                    .map(Arc::from)
            }));
        }
        assert_eq!(made, 1, "prepared once, for the first member");
        let first = prepared[0].clone().expect("prepared");
        assert_eq!(first.get(), "\"hello\"");
        assert!(
            prepared
                .iter()
                .all(|p| p.as_ref().is_some_and(|p| Arc::ptr_eq(p, &first))),
            "every member shares the first one's"
        );
    }

    #[tokio::test]
    async fn a_member_that_fell_behind_is_told_how_many_it_missed_then_hears_on() {
        let (heard, _) = broadcast::channel(BACKLOG);
        let (tracer, mut traces) = trace_channel(8);
        let relay = relay_of(&heard);
        let mut member = Relayed::new(relay, tracer);
        for n in 0..BACKLOG + 5 {
            let received = Received::new("message", "pg:{room-AB}:chat".into(), n.to_string());
            assert!(
                heard.send(Some(Arc::new(received))).is_ok(),
                "a member listens"
            );
        }

        assert!(matches!(member.next().await, Some(Heard::Missed(5))));
        let Some(Heard::Messages(next)) = member.next().await else {
            panic!("the member hears on");
        };
        let payloads: Vec<&str> = next.iter().map(Message::payload).collect();
        let expected: Vec<String> = (5..5 + AT_ONCE).map(|n| n.to_string()).collect();
        assert_eq!(
            payloads, expected,
            "the oldest messages the relay still keeps, as many as are taken at once"
        );
        let entry = traces.try_recv().expect("the message is traced");
        assert_eq!(entry.command, ["(message)", "pg:{room-AB}:chat", "5"]);
        assert_eq!(entry.reply, RELAYED);
    }

    #[tokio::test]
    async fn a_member_whose_wait_is_dropped_loses_no_message() {
        use futures_util::FutureExt;

        let (heard, _) = broadcast::channel(BACKLOG);
        let relay = relay_of(&heard);
        let mut member = Relayed::new(relay, trace_channel(8).0);
        assert!(
            member.next().now_or_never().is_none(),
            "nothing to hear yet: the wait is dropped"
        );
        for n in 0..3 {
            let received = Received::new("message", "pg:{room-AB}:chat".into(), n.to_string());
            assert!(heard.send(Some(Arc::new(received))).is_ok());
        }

        // As a member's `select!` does when another branch wins: polled once, then dropped.
        let heard = match member.next().now_or_never() {
            Some(heard) => heard,
            None => member.next().await,
        };
        let Some(Heard::Messages(messages)) = heard else {
            panic!("the messages are heard");
        };
        let payloads: Vec<&str> = messages.iter().map(Message::payload).collect();
        assert_eq!(payloads, ["0", "1", "2"], "none lost to the dropped poll");
    }

    #[tokio::test]
    async fn messages_queued_before_the_relay_ended_are_heard_then_the_end() {
        let (heard, _) = broadcast::channel(BACKLOG);
        let relay = relay_of(&heard);
        let (tracer, mut traces) = trace_channel(8);
        let mut member = Relayed::new(relay, tracer);
        for n in 0..3 {
            let received = Received::new("message", "pg:{room-AB}:chat".into(), n.to_string());
            assert!(heard.send(Some(Arc::new(received))).is_ok());
        }
        assert!(heard.send(None).is_ok(), "the relay's connection ended");

        let Some(Heard::Messages(messages)) = member.next().await else {
            panic!("the messages queued before the end are heard first");
        };
        let payloads: Vec<&str> = messages.iter().map(Message::payload).collect();
        assert_eq!(payloads, ["0", "1", "2"], "at once, in order");
        assert!(member.next().await.is_none(), "then the end");
        let traced: Vec<u64> = std::iter::from_fn(|| traces.try_recv())
            .map(|e| e.seq)
            .collect();
        assert_eq!(traced, [1, 2, 3], "each message traced, numbered in turn");
    }
}
