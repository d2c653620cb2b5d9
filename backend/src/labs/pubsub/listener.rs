//! One subscriber: a connection of its own, subscribed to its channels and patterns, handing each message
//! to the hub, as the course's `subscribe(channel, callback)` hands it to `callback` from its thread.

use shared::{
    RequestId,
    pubsub::{Delivery, Subscription},
};
use tokio::sync::mpsc;

use super::{channel, parse};
use crate::{
    session::Session,
    store::{Namespace, StoreError, Subscriber},
};

/// What a subscriber's task tells its hub.
pub enum Heard {
    /// A message arrived, with its raw text (to match it to the hub's publish).
    Message(Delivery, String),
    /// A stream consumer read or acknowledged entries.
    Stream(shared::pubsub::PubsubEvent),
}

/// Opens subscriber `index`'s connection and subscribes it.
pub async fn connect(
    session: &Session,
    hub: RequestId,
    index: u32,
    subscription: &Subscription,
) -> Result<Subscriber, StoreError> {
    let namespace = session.namespace();
    let mut subscriber = session.subscriber(hub, &label(index)).await?;
    for name in &subscription.channels {
        subscriber.subscribe(&channel(namespace, name)).await?;
    }
    for pattern in &subscription.patterns {
        subscriber.psubscribe(&channel(namespace, pattern)).await?;
    }
    Ok(subscriber)
}

/// Forwards what subscriber `index` receives until its task is aborted (a disconnect) or the connection
/// ends.
pub async fn forward(
    mut subscriber: Subscriber,
    namespace: Namespace,
    index: u32,
    heard: mpsc::Sender<Heard>,
) {
    while let Some(got) = subscriber.next().await {
        let relative = |full: &str| namespace.strip(full).unwrap_or(full).to_owned();
        let delivery = Delivery {
            subscriber: index,
            channel: relative(&got.channel),
            pattern: got.pattern.as_deref().map(relative),
            publish: None,
            payload: parse(&got.payload),
            trace: got.seq,
        };
        if heard
            .send(Heard::Message(delivery, got.payload))
            .await
            .is_err()
        {
            return;
        }
    }
}

/// How subscriber `index` is named in the trace: the browser is subscriber 0.
pub fn label(index: u32) -> String {
    if index == 0 {
        "browser".to_owned()
    } else {
        format!("sub-{index}")
    }
}
