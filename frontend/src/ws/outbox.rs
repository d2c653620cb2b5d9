//! [`Outbox`]: the way requests leave the page, shared by the store (which numbers and sends them) and
//! the socket loop (which attaches and detaches the open connection).

use std::cell::{Cell, RefCell};

use futures::channel::mpsc::UnboundedSender;
use shared::{ClientMsg, RequestId};

/// The browser's side of the socket: the next request id and, while connected, the way out.
#[derive(Debug)]
pub struct Outbox {
    next_id: Cell<RequestId>,
    sender: RefCell<Option<UnboundedSender<ClientMsg>>>,
}

impl Default for Outbox {
    fn default() -> Self {
        Self {
            next_id: Cell::new(1),
            sender: RefCell::new(None),
        }
    }
}

impl Outbox {
    /// A new id, increasing for as long as the page is open so ids never repeat across reconnects.
    pub fn next_id(&self) -> RequestId {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        id
    }

    /// Queues `msg` on the open connection; false when there is none.
    pub fn send(&self, msg: ClientMsg) -> bool {
        self.sender
            .borrow()
            .as_ref()
            .is_some_and(|sender| sender.unbounded_send(msg).is_ok())
    }

    /// Sends from now on through `sender`: the socket opened.
    pub(super) fn attach(&self, sender: UnboundedSender<ClientMsg>) {
        self.sender.replace(Some(sender));
    }

    /// Sends nothing until the next [`Outbox::attach`]: the socket closed.
    pub(super) fn detach(&self) {
        self.sender.replace(None);
    }
}

#[cfg(test)]
mod tests {
    use futures::channel::mpsc::unbounded;

    use super::*;

    #[test]
    fn ids_increase_and_sending_needs_a_connection() {
        let outbox = Outbox::default();
        assert_eq!((outbox.next_id(), outbox.next_id()), (1, 2));
        let msg = ClientMsg::Cancel { id: 1 };
        assert!(!outbox.send(msg.clone()));

        let (sender, mut receiver) = unbounded();
        outbox.attach(sender);

        assert!(outbox.send(msg.clone()));
        assert_eq!(receiver.try_recv().ok(), Some(msg));
    }
}
