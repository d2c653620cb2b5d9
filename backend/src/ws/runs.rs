//! The runs in flight on one connection, so a `cancel` can stop one and a disconnect stops them all.
//!
//! Stopping is cooperative: a run's [`CancellationToken`] is cancelled, and the lab ends the run itself,
//! cleaning up its keys and answering `cancelled`. Only a run that ignores its token past a grace period
//! is aborted.

use std::{collections::HashMap, future::Future, time::Duration};

use shared::RequestId;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// How long runs may take to wind down when the connection ends.
const GRACE: Duration = Duration::from_secs(2);

struct Running {
    cancel: CancellationToken,
    task: JoinHandle<()>,
}

/// Runs by request id. Finished runs are forgotten the next time one starts.
#[derive(Default)]
pub struct Runs {
    tasks: HashMap<RequestId, Running>,
}

impl Runs {
    /// Whether request `id` is still running.
    pub fn is_running(&self, id: RequestId) -> bool {
        self.tasks.get(&id).is_some_and(|r| !r.task.is_finished())
    }

    /// Spawns the run that `start` makes from its cancellation token, as request `id`.
    pub fn start<F, Fut>(&mut self, id: RequestId, start: F)
    where
        F: FnOnce(CancellationToken) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.tasks.retain(|_, r| !r.task.is_finished());
        let cancel = CancellationToken::new();
        let task = tokio::spawn(start(cancel.clone()));
        self.tasks.insert(id, Running { cancel, task });
    }

    /// Asks request `id` to stop; false when no run has that id.
    pub fn cancel(&mut self, id: RequestId) -> bool {
        match self.tasks.get(&id) {
            Some(run) if !run.task.is_finished() => {
                run.cancel.cancel();
                true
            }
            _ => false,
        }
    }

    /// Stops every run when the connection ends: asks, waits up to [`GRACE`], then aborts the rest.
    pub async fn stop_all(&mut self) {
        for run in self.tasks.values() {
            run.cancel.cancel();
        }
        for (_, run) in self.tasks.drain() {
            let abort = run.task.abort_handle();
            if tokio::time::timeout(GRACE, run.task).await.is_err() {
                abort.abort();
            }
        }
    }
}
