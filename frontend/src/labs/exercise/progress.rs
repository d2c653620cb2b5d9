//! What the browser keeps of an exercise: the draft of each of its scripts, and whether it ever
//! passed. A failed write (private mode, quota) only means nothing is remembered.

use gloo::storage::{LocalStorage, Storage};
use shared::exercise::{
    RATELIMIT_STARTER, cache,
    lock::{ACQUIRE_STARTER, RELEASE_STARTER},
    pubsub::{PUBLISH_STARTER, READ_STARTER},
};

/// An exercise's scripts as the browser keeps them.
#[derive(Debug, PartialEq, Eq)]
pub struct Drafts {
    /// The exercise's name in its localStorage keys.
    pub name: &'static str,
    /// Each script's name in its key, and its starter.
    pub parts: &'static [(&'static str, &'static str)],
}

/// The rate-limit exercise's one script.
pub const RATELIMIT: Drafts = Drafts {
    name: "ratelimit",
    parts: &[("script", RATELIMIT_STARTER)],
};
/// The lock exercise's acquire and release.
pub const LOCK: Drafts = Drafts {
    name: "lock",
    parts: &[("acquire", ACQUIRE_STARTER), ("release", RELEASE_STARTER)],
};

/// The cache exercise's one script.
pub const CACHE: Drafts = Drafts {
    name: "cache",
    parts: &[("script", cache::STARTER)],
};

/// The Pub/Sub exercise's publish and read.
pub const PUBSUB: Drafts = Drafts {
    name: "pubsub",
    parts: &[("publish", PUBLISH_STARTER), ("read", READ_STARTER)],
};

impl Drafts {
    /// The localStorage key of script `part` (`redis-playground.exercise.<name>.<part>`).
    fn key(&self, part: &str) -> String {
        format!("redis-playground.exercise.{}.{part}", self.name)
    }
}

/// The learner's progress on one exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Which exercise.
    pub drafts: &'static Drafts,
    /// The scripts in the editors, in the order of `drafts.parts`; the starters at first.
    pub scripts: Vec<String>,
    /// Whether a grade of this browser ever passed.
    pub passed: bool,
}

impl Progress {
    /// What the browser kept of `drafts`, or a fresh start.
    pub fn load(drafts: &'static Drafts) -> Self {
        Self {
            drafts,
            scripts: drafts
                .parts
                .iter()
                .map(|(part, starter)| {
                    LocalStorage::get::<String>(drafts.key(part))
                        .unwrap_or_else(|_| (*starter).to_owned())
                })
                .collect(),
            passed: LocalStorage::get::<String>(drafts.key("passed")).is_ok_and(|v| v == "1"),
        }
    }

    /// Keeps it.
    pub fn save(&self) {
        for ((part, _), script) in self.drafts.parts.iter().zip(&self.scripts) {
            let _ = LocalStorage::set(self.drafts.key(part), script);
        }
        if self.passed {
            let _ = LocalStorage::set(self.drafts.key("passed"), "1");
        }
    }

    /// The same progress with script number `index` replaced.
    pub fn with_script(&self, index: usize, script: String) -> Self {
        let mut next = self.clone();
        if let Some(slot) = next.scripts.get_mut(index) {
            *slot = script;
        }
        next
    }

    /// The same progress with every script back to its starter.
    pub fn with_starters(&self) -> Self {
        Self {
            scripts: self
                .drafts
                .parts
                .iter()
                .map(|(_, starter)| (*starter).to_owned())
                .collect(),
            ..self.clone()
        }
    }

    /// The same progress, passed.
    pub fn passed(&self) -> Self {
        Self {
            passed: true,
            ..self.clone()
        }
    }

    /// Script number `index`, or nothing.
    pub fn script(&self, index: usize) -> &str {
        self.scripts.get(index).map_or("", String::as_str)
    }
}
