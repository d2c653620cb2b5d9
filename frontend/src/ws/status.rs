//! The connection's state as the header shows it and as browser tests read it (`data-state`).

/// The state of the WebSocket connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The first connection attempt since the page loaded.
    Connecting,
    /// The server sent its `Hello`.
    Connected,
    /// The connection was lost; `retry_in_ms` is `Some` while waiting, `None` while retrying.
    Reconnecting {
        /// The wait before the next attempt.
        retry_in_ms: Option<u32>,
    },
    /// The connection was lost and the browser reports no network; retries continue anyway,
    /// because a playground on `localhost` works without one.
    Offline {
        /// The wait before the next attempt.
        retry_in_ms: u32,
    },
}

impl Status {
    /// The `data-state` value browser tests wait on.
    pub fn data_state(self) -> &'static str {
        match self {
            Status::Connecting => "connecting",
            Status::Connected => "connected",
            Status::Reconnecting { .. } => "reconnecting",
            Status::Offline { .. } => "offline",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_state_names_are_stable() {
        assert_eq!(Status::Connecting.data_state(), "connecting");
        assert_eq!(Status::Connected.data_state(), "connected");
        assert_eq!(
            Status::Reconnecting { retry_in_ms: None }.data_state(),
            "reconnecting"
        );
        assert_eq!(Status::Offline { retry_in_ms: 500 }.data_state(), "offline");
    }
}
