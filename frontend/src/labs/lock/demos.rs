//! The guided demos: one click fills the form and starts a run that shows one way the lock breaks, or
//! what fixes it, with a short explanation above the lanes. Each demo is plain data, so tests check
//! the exact run it sends.
//!
//! The stale-holder demos use the backend tests' `stale_holder()` parameters: three clients, one round,
//! a 1 s lock, and client 0 paused for 1.2 s right after acquiring, so it wakes while client 2 holds.

use shared::lock::{Acquire, Faults, LockParams, LockRequest, Release};
use shared::speed::Speed;

use crate::components::demo_buttons::GuidedDemo;
use crate::i18n::lock::LockText;

/// A guided demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demo {
    /// The holder pauses past the timeout: two holders at once; the Lua release then refuses.
    Pause,
    /// The same, released with a plain `DEL`: the stale holder deletes the new holder's lock.
    Del,
    /// The same with fencing tokens: the stale holder's write is rejected.
    Fencing,
    /// A job longer than the timeout, kept safe by lease renewal.
    Renewal,
    /// Renewal after a long pause finds the lock gone, and the client stops.
    RenewalPause,
    /// `SETNX`, then a crash before `EXPIRE`: a lock that never expires.
    Setnx,
    /// Plain contention with the course's lock: no violation, no lost update.
    Contention,
}

impl Demo {
    /// What went wrong (or right) and what fixes it, shown above the lanes.
    pub fn explanation(self) -> LockText {
        match self {
            Self::Pause => LockText::DemoPauseExplain,
            Self::Del => LockText::DemoDelExplain,
            Self::Fencing => LockText::DemoFencingExplain,
            Self::Renewal => LockText::DemoRenewalExplain,
            Self::RenewalPause => LockText::DemoRenewalPauseExplain,
            Self::Setnx => LockText::DemoSetnxExplain,
            Self::Contention => LockText::DemoContentionExplain,
        }
    }

    /// The run this demo starts.
    pub fn request(self) -> LockRequest {
        let (params, faults) = match self {
            Self::Pause => stale_holder(Release::Lua, false, false),
            Self::Del => stale_holder(Release::Del, false, false),
            Self::Fencing => stale_holder(Release::Lua, true, false),
            Self::RenewalPause => stale_holder(Release::Lua, false, true),
            Self::Renewal => (
                LockParams {
                    clients: 2,
                    rounds: 1,
                    timeout_secs: 1,
                    retry_ms: 50,
                    work_ms: 2500,
                    jitter_ms: 0,
                    blocking: true,
                    step: false,
                    deadline_secs: 20,
                },
                Faults {
                    renewal: true,
                    ..Faults::default()
                },
            ),
            // Three clients wait on a lock nobody will ever release, until the deadline ends the run.
            Self::Setnx => (
                LockParams {
                    clients: 3,
                    rounds: 1,
                    // Without jitter client 0, starting first, is the one that crashes.
                    jitter_ms: 0,
                    deadline_secs: 4,
                    ..LockParams::default()
                },
                Faults {
                    acquire: Acquire::SetnxThenExpire,
                    ..Faults::default()
                },
            ),
            Self::Contention => (
                LockParams {
                    clients: 5,
                    rounds: 4,
                    timeout_secs: 2,
                    retry_ms: 50,
                    work_ms: 100,
                    jitter_ms: 50,
                    blocking: true,
                    step: false,
                    deadline_secs: 30,
                },
                Faults::default(),
            ),
        };
        LockRequest::Run {
            params,
            faults,
            speed: Speed::Normal,
        }
    }
}

/// The backend tests' stale holder: the first client pauses 1.2 s past a 1 s timeout while the other
/// two take turns, so it wakes during the third holder's turn.
fn stale_holder(release: Release, fencing: bool, renewal: bool) -> (LockParams, Faults) {
    let params = LockParams {
        clients: 3,
        rounds: 1,
        timeout_secs: 1,
        retry_ms: 50,
        work_ms: 500,
        jitter_ms: 0,
        blocking: true,
        step: false,
        deadline_secs: 20,
    };
    let faults = Faults {
        pause_ms: 1200,
        release,
        fencing,
        renewal,
        ..Faults::default()
    };
    (params, faults)
}

impl GuidedDemo for Demo {
    type Text = LockText;
    const ALL: &'static [Self] = &[
        Self::Contention,
        Self::Pause,
        Self::Del,
        Self::Fencing,
        Self::Renewal,
        Self::RenewalPause,
        Self::Setnx,
    ];
    const LAB: &'static str = "lock";
    const HEADING: LockText = LockText::DemosTitle;

    /// The button's `data-testid`.
    fn testid(self) -> &'static str {
        match self {
            Self::Pause => "lock-demo-pause",
            Self::Del => "lock-demo-del",
            Self::Fencing => "lock-demo-fencing",
            Self::Renewal => "lock-demo-renewal",
            Self::RenewalPause => "lock-demo-renewal-pause",
            Self::Setnx => "lock-demo-setnx",
            Self::Contention => "lock-demo-contention",
        }
    }

    /// The button's label.
    fn title(self) -> Self::Text {
        match self {
            Self::Pause => LockText::DemoPause,
            Self::Del => LockText::DemoDel,
            Self::Fencing => LockText::DemoFencing,
            Self::Renewal => LockText::DemoRenewal,
            Self::RenewalPause => LockText::DemoRenewalPause,
            Self::Setnx => LockText::DemoSetnx,
            Self::Contention => LockText::DemoContention,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(demo: Demo) -> (LockParams, Faults) {
        match demo.request() {
            LockRequest::Run { params, faults, .. } => (params, faults),
            LockRequest::Step { .. } => panic!("a demo starts a run"),
        }
    }

    #[test]
    fn every_demo_sends_a_valid_request_and_has_its_own_testid() {
        for demo in Demo::ALL {
            assert_eq!(demo.request().validate(), Ok(()), "{demo:?}");
            let same = Demo::ALL.iter().filter(|d| d.testid() == demo.testid());
            assert_eq!(same.count(), 1);
        }
    }

    #[test]
    fn the_stale_holder_demos_pause_past_the_timeout_and_differ_in_one_switch() {
        let (params, pause) = parts(Demo::Pause);
        assert!(u64::from(pause.pause_ms) > u64::from(params.timeout_secs) * 1000);
        assert_eq!(parts(Demo::Del).1.release, Release::Del);
        assert!(parts(Demo::Fencing).1.fencing);
        assert!(parts(Demo::RenewalPause).1.renewal);
        for demo in [Demo::Del, Demo::Fencing, Demo::RenewalPause] {
            assert_eq!(parts(demo).0, params, "{demo:?}");
        }
    }

    #[test]
    fn renewal_works_longer_than_the_timeout_without_a_pause() {
        let (params, faults) = parts(Demo::Renewal);
        assert!(params.work_ms > params.timeout_secs * 1000);
        assert_eq!((faults.renewal, faults.pause_ms), (true, 0));
    }

    #[test]
    fn only_the_setnx_demo_acquires_in_two_commands_and_contention_has_no_fault() {
        let (_, setnx) = parts(Demo::Setnx);
        assert_eq!(setnx.acquire, Acquire::SetnxThenExpire);
        let (_, plain) = parts(Demo::Contention);
        assert_eq!(plain, Faults::default());
    }
}
