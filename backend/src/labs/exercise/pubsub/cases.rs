//! Each case's messages and the reading subscriber's absences.

use std::ops::RangeInclusive;

use shared::exercise::pubsub::Case;

/// One case: how many messages, which of them are published while the reader is away, and their text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Messages published, numbered from 1.
    pub messages: u32,
    /// The numbers published while the reader is away; it reads after each other one, and once on
    /// coming back.
    pub away: Vec<RangeInclusive<u32>>,
    /// Whether every message says the same thing (so a reader cannot tell them apart by their text).
    pub same_text: bool,
}

impl Plan {
    /// Whether message `n` is published while the reader is away.
    pub fn while_away(&self, n: u32) -> bool {
        self.away.iter().any(|range| range.contains(&n))
    }

    /// Message `n`'s JSON, as the course's `json.dumps` would write it.
    pub fn text(&self, n: u32) -> String {
        let content = if self.same_text {
            "Hello!".to_owned()
        } else {
            format!("Hello #{n}!")
        };
        format!(r#"{{"type": "new_message", "from": "Alice", "content": "{content}"}}"#)
    }
}

/// The plan of `case`.
pub fn plan(case: Case) -> Plan {
    match case {
        Case::Away => Plan {
            messages: 12,
            away: vec![5..=8],
            same_text: false,
        },
        Case::LateReader => Plan {
            messages: 8,
            away: vec![1..=8],
            same_text: false,
        },
        Case::Flood => Plan {
            messages: 1300,
            away: vec![1..=1300],
            same_text: false,
        },
        Case::HiddenAbsences => Plan {
            messages: 30,
            away: vec![4..=9, 15..=22, 27..=30],
            same_text: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_has_messages_sent_while_the_reader_is_away() {
        for case in Case::ALL {
            let plan = plan(case);
            assert!((1..=plan.messages).any(|n| plan.while_away(n)), "{case:?}");
        }
        assert!(!plan(Case::Away).while_away(4));
        assert!(plan(Case::Away).while_away(5));
    }
}
