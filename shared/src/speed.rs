//! Slow motion for live runs: every duration Redis sees (expiries, holds, pauses, arrival times,
//! windows) is stretched by the same factor, so the run really happens slower in Redis and the lesson
//! stays true. Nothing is slowed down in the browser alone.

use serde::{Deserialize, Serialize};

/// How fast a live run goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Speed {
    /// As configured.
    #[default]
    Normal,
    /// 0.5×: every duration doubled.
    Half,
    /// 0.25×: every duration four times as long.
    Quarter,
}

impl Speed {
    /// Every speed, fastest first (the order of the picker).
    pub const ALL: [Speed; 3] = [Self::Normal, Self::Half, Self::Quarter];

    /// How many times longer every duration becomes.
    pub fn factor(self) -> u32 {
        match self {
            Self::Normal => 1,
            Self::Half => 2,
            Self::Quarter => 4,
        }
    }

    /// The label of the picker and of share links: `1`, `0.5`, `0.25`.
    pub fn id(self) -> &'static str {
        match self {
            Self::Normal => "1",
            Self::Half => "0.5",
            Self::Quarter => "0.25",
        }
    }

    /// The speed whose [`Speed::id`] is `id`.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Whether this is normal speed (left out of requests, so older messages keep their JSON).
    pub fn is_normal(&self) -> bool {
        *self == Self::Normal
    }

    /// `value` stretched, saturating.
    pub fn stretch_u32(self, value: u32) -> u32 {
        value.saturating_mul(self.factor())
    }

    /// `value` stretched, saturating.
    pub fn stretch_u64(self, value: u64) -> u64 {
        value.saturating_mul(u64::from(self.factor()))
    }
}
