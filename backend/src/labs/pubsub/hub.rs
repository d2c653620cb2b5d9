//! A running hub: the subscribers of one `Start`, the publisher that `Publish` requests go through, and,
//! with Streams on, a consumer group per subscriber. It lives until the browser stops it.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use shared::{
    LabEvent,
    pubsub::{Delivery, Message, PubsubEvent, PubsubReply, Subscription, glob_matches},
};
use tokio::{
    sync::{mpsc, oneshot},
    task::JoinHandle,
};

use super::{
    channel,
    listener::{self, Heard},
};
use crate::{
    error::LabError,
    labs::Events,
    session::Session,
    store::{Conn, Key, StoreError},
};

/// How often deliveries are flushed to the browser: the animation is coalesced, the counts never dropped.
const FLUSH: Duration = Duration::from_millis(50);
/// How long a stream consumer "works" on entries before acknowledging them, so pending is visible.
const ACK_DELAY: Duration = Duration::from_millis(300);
/// Seconds the stream lives after its last entry.
const STREAM_TTL: u64 = 3600;
/// Publishes remembered for matching deliveries to them.
const REMEMBERED: usize = 10_000;

/// How requests reach a running hub: registered in the session under the `Start` request's id.
pub type HubHandle = mpsc::Sender<Command>;

/// What a request asks of the hub; each carries where the answer goes.
pub enum Command {
    /// Publish `count` messages.
    Publish {
        /// Relative channel.
        channel: String,
        /// The message.
        message: Message,
        /// How many.
        count: u32,
        /// The answer.
        reply: oneshot::Sender<Result<PubsubReply, LabError>>,
    },
    /// Close a subscriber's connection.
    Disconnect {
        /// Which.
        subscriber: u32,
        /// The answer.
        reply: oneshot::Sender<Result<PubsubReply, LabError>>,
    },
    /// Open it again.
    Reconnect {
        /// Which.
        subscriber: u32,
        /// The answer.
        reply: oneshot::Sender<Result<PubsubReply, LabError>>,
    },
}

struct Member {
    subscription: Subscription,
    listener: Option<JoinHandle<()>>,
    consumer: Option<JoinHandle<()>>,
    missed: u32,
}

struct Hub<'a> {
    session: &'a Session,
    events: Events,
    members: Vec<Member>,
    publisher: Conn,
    stream: Option<Key>,
    heard: mpsc::Sender<Heard>,
    published: u64,
    remembered: HashMap<(String, String), u64>,
    batch: Vec<Delivery>,
    flushed: Instant,
}

/// Runs a hub until the browser stops it; then closes every connection and deletes the stream.
pub async fn run(
    session: &Session,
    events: Events,
    subscribers: Vec<Subscription>,
    streams: bool,
) -> Result<PubsubReply, LabError> {
    let id = events.id();
    let (handle, mut commands) = mpsc::channel::<Command>(64);
    let (heard, mut hearing) = mpsc::channel(4096);
    let mut hub = Hub {
        session,
        publisher: session.client_conn(id, "publisher").await?,
        events,
        members: Vec::new(),
        stream: streams.then(|| session.namespace().key("stream:notifications")),
        heard,
        published: 0,
        remembered: HashMap::new(),
        batch: Vec::new(),
        flushed: Instant::now(),
    };
    session.register_control(id, handle);
    let served = hub.serve(subscribers, &mut commands, &mut hearing).await;
    session.unregister_control(id);
    for member in &mut hub.members {
        stop(&mut member.listener);
        stop(&mut member.consumer);
    }
    if let Some(stream) = &hub.stream {
        hub.publisher.del(stream).await?;
    }
    served.map(|()| PubsubReply::Stopped)
}

fn stop(task: &mut Option<JoinHandle<()>>) {
    if let Some(task) = task.take() {
        task.abort();
    }
}

impl Hub<'_> {
    async fn serve(
        &mut self,
        subscribers: Vec<Subscription>,
        commands: &mut mpsc::Receiver<Command>,
        hearing: &mut mpsc::Receiver<Heard>,
    ) -> Result<(), LabError> {
        for (index, subscription) in subscribers.into_iter().enumerate() {
            self.members.push(Member {
                subscription,
                listener: None,
                consumer: None,
                missed: 0,
            });
            if let Some(stream) = &self.stream {
                self.publisher
                    .xgroup_create(stream, &group(index as u32))
                    .await?;
            }
            self.connect(index as u32).await?;
        }
        if let Some(stream) = &self.stream {
            self.publisher.expire(stream, STREAM_TTL).await?;
        }
        let mut flush = tokio::time::interval(FLUSH);
        loop {
            tokio::select! {
                command = commands.recv() => match command {
                    Some(command) => self.handle(command, hearing).await,
                    None => return Ok(()),
                },
                Some(heard) = hearing.recv() => self.take(heard).await,
                _ = flush.tick() => self.flush().await,
                () = self.events.cancelled() => return Ok(()),
            }
        }
    }

    /// Subscribes member `index` on a new connection and starts its listener (and stream consumer).
    async fn connect(&mut self, index: u32) -> Result<(), StoreError> {
        let id = self.events.id();
        let member = &self.members[index as usize];
        let subscriber = listener::connect(self.session, id, index, &member.subscription).await?;
        let namespace = self.session.namespace().clone();
        let listener = tokio::spawn(listener::forward(
            subscriber,
            namespace,
            index,
            self.heard.clone(),
        ));
        let consumer = match &self.stream {
            Some(stream) => {
                let conn = self
                    .session
                    .client_conn(id, &format!("stream-{index}"))
                    .await?;
                Some(tokio::spawn(consume(
                    conn,
                    stream.clone(),
                    index,
                    self.heard.clone(),
                )))
            }
            None => None,
        };
        let member = &mut self.members[index as usize];
        member.listener = Some(listener);
        member.consumer = consumer;
        self.events
            .send(LabEvent::Pubsub(PubsubEvent::Subscribed {
                subscriber: index,
            }))
            .await;
        Ok(())
    }

    async fn handle(&mut self, command: Command, hearing: &mut mpsc::Receiver<Heard>) {
        match command {
            Command::Publish {
                channel,
                message,
                count,
                reply,
            } => {
                let result = self.publish(&channel, &message, count, hearing).await;
                let _ = reply.send(result);
            }
            Command::Disconnect { subscriber, reply } => {
                let result = match self.members.get(subscriber as usize) {
                    Some(member) if member.listener.is_some() => self.disconnect(subscriber).await,
                    Some(_) => Ok(PubsubReply::Done),
                    None => Err(no_such(subscriber)),
                };
                let _ = reply.send(result);
            }
            Command::Reconnect { subscriber, reply } => {
                let result = match self.members.get(subscriber as usize) {
                    Some(member) if member.listener.is_some() => Ok(PubsubReply::Done),
                    Some(_) => self.reconnect(subscriber).await,
                    None => Err(no_such(subscriber)),
                };
                let _ = reply.send(result);
            }
        }
    }

    /// Closes the member's connections and waits until Redis no longer counts it.
    async fn disconnect(&mut self, subscriber: u32) -> Result<PubsubReply, LabError> {
        let namespace = self.session.namespace();
        let member = &mut self.members[subscriber as usize];
        let channels = member
            .subscription
            .channels
            .iter()
            .map(|c| channel(namespace, c))
            .collect();
        let patterns = member.subscription.patterns.len() as i64;
        let before = super::counts(&mut self.publisher, channels).await?;
        stop(&mut member.listener);
        stop(&mut member.consumer);
        super::until_gone(&mut self.publisher, before, patterns).await?;
        let event = PubsubEvent::Disconnected { subscriber };
        self.events.send(LabEvent::Pubsub(event)).await;
        Ok(PubsubReply::Done)
    }

    async fn reconnect(&mut self, subscriber: u32) -> Result<PubsubReply, LabError> {
        self.connect(subscriber).await?;
        let missed = std::mem::take(&mut self.members[subscriber as usize].missed);
        let event = PubsubEvent::Reconnected { subscriber, missed };
        self.events.send(LabEvent::Pubsub(event)).await;
        Ok(PubsubReply::Done)
    }

    /// The course's `publish(channel, message)`, `count` times, numbering a burst's messages.
    async fn publish(
        &mut self,
        relative: &str,
        message: &Message,
        count: u32,
        hearing: &mut mpsc::Receiver<Heard>,
    ) -> Result<PubsubReply, LabError> {
        let full = channel(self.session.namespace(), relative);
        let mut receivers = 0;
        for i in 1..=count {
            let payload = payload(message, (count > 1).then_some(i));
            receivers = self.publisher.publish(&full, &payload).await?;
            let trace = self.publisher.last().map_or(0, |(_, _, seq)| *seq);
            self.published += 1;
            if self.remembered.len() >= REMEMBERED {
                self.remembered.clear();
            }
            self.remembered
                .insert((relative.to_owned(), payload.clone()), self.published);
            for member in self.members.iter_mut().filter(|m| m.listener.is_none()) {
                if hears(&member.subscription, relative) {
                    member.missed += 1;
                }
            }
            if let Some(stream) = &self.stream {
                self.publisher
                    .xadd(stream, &[("channel", relative), ("payload", &payload)])
                    .await?;
            }
            let event = PubsubEvent::Published {
                publish: self.published,
                channel: relative.to_owned(),
                receivers,
                trace,
            };
            self.events.send(LabEvent::Pubsub(event)).await;
            while let Ok(heard) = hearing.try_recv() {
                self.take(heard).await;
            }
            if self.flushed.elapsed() >= FLUSH {
                self.flush().await;
            }
        }
        if let Some(stream) = &self.stream {
            self.publisher.expire(stream, STREAM_TTL).await?;
        }
        Ok(PubsubReply::Published { count, receivers })
    }

    async fn take(&mut self, heard: Heard) {
        match heard {
            Heard::Message(mut delivery, raw) => {
                delivery.publish = self
                    .remembered
                    .get(&(delivery.channel.clone(), raw))
                    .copied();
                self.batch.push(delivery);
            }
            Heard::Stream(event) => self.events.send(LabEvent::Pubsub(event)).await,
        }
    }

    async fn flush(&mut self) {
        self.flushed = Instant::now();
        if !self.batch.is_empty() {
            let deliveries = std::mem::take(&mut self.batch);
            self.events
                .send(LabEvent::Pubsub(PubsubEvent::Delivered { deliveries }))
                .await;
        }
    }
}

/// Whether a subscriber with `subscription` hears a message on `relative`.
fn hears(subscription: &Subscription, relative: &str) -> bool {
    subscription.channels.iter().any(|c| c == relative)
        || subscription
            .patterns
            .iter()
            .any(|p| glob_matches(p, relative))
}

/// The text sent for `message`: `json.dumps` of a notification, or the text itself; `number` marks the
/// messages of a burst.
fn payload(message: &Message, number: Option<u32>) -> String {
    match message {
        Message::Text { text } => match number {
            Some(n) => format!("{text} #{n}"),
            None => text.clone(),
        },
        Message::Notification(n) => {
            let mut n = n.clone();
            if let Some(i) = number {
                n.content = format!("{} #{i}", n.content);
            }
            serde_json::to_string(&n).unwrap_or_default()
        }
    }
}

fn group(index: u32) -> String {
    format!("group-{index}")
}

fn no_such(subscriber: u32) -> LabError {
    LabError::NoSuchSubscriber(subscriber)
}

/// Tells the hub what the consumer just read (`read`), what its group has pending (`XPENDING`), and how
/// many it acknowledged so far; or, when Redis refused `XPENDING`, its error.
async fn report(
    conn: &mut Conn,
    stream: &Key,
    group: &str,
    index: u32,
    heard: &mpsc::Sender<Heard>,
    read: u32,
    acked: u32,
) {
    let event = match conn.xpending_count(stream, group).await {
        Ok(pending) => PubsubEvent::StreamRead {
            subscriber: index,
            read,
            pending: pending as u32,
            acked,
        },
        Err(e) => failed(index, "XPENDING", &e),
    };
    let _ = heard.send(Heard::Stream(event)).await;
}

/// The event for a consumer's command that Redis refused.
fn failed(subscriber: u32, command: &str, error: &StoreError) -> PubsubEvent {
    PubsubEvent::StreamFailed {
        subscriber,
        error: format!("{command}: {error}"),
    }
}

/// Subscriber `index`'s consumer group: reads new entries, "works" on them, acknowledges, and reports
/// pending and acknowledged counts. After a disconnect it starts again from the group's last delivery,
/// so what was missed is read back.
async fn consume(mut conn: Conn, stream: Key, index: u32, heard: mpsc::Sender<Heard>) {
    let (group, consumer) = (group(index), format!("consumer-{index}"));
    let mut acked = 0u32;
    loop {
        let Ok(entries) = conn.xreadgroup(&stream, &group, &consumer, 100, 500).await else {
            return;
        };
        if entries.is_empty() {
            continue;
        }
        let read = entries.len() as u32;
        report(&mut conn, &stream, &group, index, &heard, read, acked).await;
        tokio::time::sleep(ACK_DELAY).await;
        let ids: Vec<String> = entries.into_iter().map(|(id, _)| id).collect();
        match conn.xack(&stream, &group, &ids).await {
            Ok(n) => acked += n as u32,
            Err(e) => {
                let _ = heard.send(Heard::Stream(failed(index, "XACK", &e))).await;
                continue;
            }
        }
        report(&mut conn, &stream, &group, index, &heard, 0, acked).await;
    }
}
