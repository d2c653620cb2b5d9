//! The labs: one module per lab (the same names as `shared` and `backend` use). The table the nav and
//! the home page are drawn from is [`crate::lab_table`].
//!
//! - [`ping`]: stores a text in Redis and reads it back; the smallest end-to-end path.
//! - [`ratelimit`]: fixed and sliding windows side by side, live and in deterministic replay.
//! - [`lock`]: the course's `DistributedLock` under real contention, its faults and their fixes.
//! - [`pubsub`]: the course's notification service with real subscribers, loss, patterns and Streams.
//! - [`console`]: a redis-cli-like console on its own page and in a drawer under every page.
//! - [`cache`]: the course's `CacheWarmer`, and the same reads cold and after the warm-up.
//! - [`quiz`]: the course's question and three more, each option tried live.
//! - [`exercise`]: graded exercises: the learner's own Lua, graded on a sandbox Redis.
//! - [`room`]: workshop rooms: a presenter and an audience of real clients joined with a code.

/// Implements `yew::Reducible` for a lab's state whose `apply(&mut self, action)` makes each change:
/// the state is copied only when a render still holds it, changed in place, and shared again.
macro_rules! reducible {
    ($state:ty, $action:ty) => {
        impl yew::Reducible for $state {
            type Action = $action;

            fn reduce(self: std::rc::Rc<Self>, action: $action) -> std::rc::Rc<Self> {
                let mut next = std::rc::Rc::unwrap_or_clone(self);
                next.apply(action);
                std::rc::Rc::new(next)
            }
        }
    };
}

pub mod cache;
pub mod console;
pub mod exercise;
pub mod lock;
pub mod ping;
pub mod pubsub;
pub mod quiz;
pub mod ratelimit;
pub mod room;

pub use cache::Cache;
pub use console::{ConsoleDrawer, ConsolePage};
pub use exercise::{ExerciseCache, ExerciseLock, ExercisePubsub, ExerciseRatelimit};
pub use lock::Lock;
pub use ping::Ping;
pub use pubsub::PubSub;
pub use quiz::Quiz;
pub use ratelimit::RateLimit;
