//! The runs in flight on one connection, so a `cancel` can stop one and a disconnect stops them all.

use std::{collections::HashMap, future::Future};

use shared::RequestId;
use tokio::task::AbortHandle;

/// Runs by request id. A finished run stays listed until its id is reused or the connection ends; the
/// abort handle of a finished task is harmless.
#[derive(Default)]
pub struct Runs {
    tasks: HashMap<RequestId, AbortHandle>,
}

impl Runs {
    /// Whether request `id` is still running.
    pub fn is_running(&self, id: RequestId) -> bool {
        self.tasks.get(&id).is_some_and(|t| !t.is_finished())
    }

    /// Spawns `run` as request `id`.
    pub fn start(&mut self, id: RequestId, run: impl Future<Output = ()> + Send + 'static) {
        self.tasks.retain(|_, task| !task.is_finished());
        self.tasks.insert(id, tokio::spawn(run).abort_handle());
    }

    /// Stops request `id`; false when no run has that id.
    pub fn cancel(&mut self, id: RequestId) -> bool {
        match self.tasks.remove(&id) {
            Some(task) if !task.is_finished() => {
                task.abort();
                true
            }
            _ => false,
        }
    }

    /// Stops every run, when the connection ends.
    pub fn cancel_all(&mut self) {
        for (_, task) in self.tasks.drain() {
            task.abort();
        }
    }
}
