//! What the browser keeps of the exercise: the draft, and whether it ever passed. A failed write
//! (private mode, quota) only means nothing is remembered.

use gloo::storage::{LocalStorage, Storage};
use shared::exercise::RATELIMIT_STARTER;

/// The draft's localStorage key.
const SCRIPT_KEY: &str = "redis-playground.exercise.ratelimit.script";
/// Set to `"1"` once a grade passed.
const PASSED_KEY: &str = "redis-playground.exercise.ratelimit.passed";

/// The learner's progress on the rate-limit exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The script in the editor; the starter at first.
    pub script: String,
    /// Whether a grade of this browser ever passed.
    pub passed: bool,
}

impl Progress {
    /// What the browser kept, or a fresh start.
    pub fn load() -> Self {
        Self {
            script: LocalStorage::get::<String>(SCRIPT_KEY)
                .unwrap_or_else(|_| RATELIMIT_STARTER.to_owned()),
            passed: LocalStorage::get::<String>(PASSED_KEY).is_ok_and(|v| v == "1"),
        }
    }

    /// Keeps it.
    pub fn save(&self) {
        let _ = LocalStorage::set(SCRIPT_KEY, &self.script);
        if self.passed {
            let _ = LocalStorage::set(PASSED_KEY, "1");
        }
    }

    /// The same progress with another draft.
    pub fn with_script(&self, script: String) -> Self {
        Self {
            script,
            passed: self.passed,
        }
    }

    /// The same progress, passed.
    pub fn passed(&self) -> Self {
        Self {
            script: self.script.clone(),
            passed: true,
        }
    }
}
