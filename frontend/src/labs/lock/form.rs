//! The form: the clients' behaviour and the fault switches, kept as typed so a half-typed number stays
//! on screen. It becomes a request only through `LockRequest::validate`, the check the backend runs, so
//! the browser refuses exactly what the server would.

use shared::ParamRange;
use shared::lock::{Acquire, Faults, LockParams, LockRequest, Release};
use shared::speed::Speed;

use crate::i18n::lock::LockText;

/// A number of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `LockParams::clients`.
    Clients,
    /// `LockParams::rounds`.
    Rounds,
    /// `LockParams::timeout_secs`.
    TimeoutSecs,
    /// `LockParams::retry_ms`.
    RetryMs,
    /// `LockParams::work_ms`.
    WorkMs,
    /// `LockParams::jitter_ms`.
    JitterMs,
    /// `LockParams::deadline_secs`.
    DeadlineSecs,
    /// `Faults::pause_ms`.
    PauseMs,
}

impl Field {
    /// Every number, in form order.
    pub const ALL: [Field; 8] = [
        Self::Clients,
        Self::Rounds,
        Self::TimeoutSecs,
        Self::RetryMs,
        Self::WorkMs,
        Self::JitterMs,
        Self::DeadlineSecs,
        Self::PauseMs,
    ];

    /// The field's name on the wire, as range errors name it; also the input's `data-field`.
    pub fn wire(self) -> &'static str {
        match self {
            Self::Clients => "clients",
            Self::Rounds => "rounds",
            Self::TimeoutSecs => "timeout_secs",
            Self::RetryMs => "retry_ms",
            Self::WorkMs => "work_ms",
            Self::JitterMs => "jitter_ms",
            Self::DeadlineSecs => "deadline_secs",
            Self::PauseMs => "pause_ms",
        }
    }

    /// The field named `wire` in a range error, if it is one of the form's.
    pub fn from_wire(wire: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|field| field.wire() == wire)
    }

    /// The label.
    pub fn label(self) -> LockText {
        match self {
            Self::Clients => LockText::FieldClients,
            Self::Rounds => LockText::FieldRounds,
            Self::TimeoutSecs => LockText::FieldTimeout,
            Self::RetryMs => LockText::FieldRetry,
            Self::WorkMs => LockText::FieldWork,
            Self::JitterMs => LockText::FieldJitter,
            Self::DeadlineSecs => LockText::FieldDeadline,
            Self::PauseMs => LockText::FieldPause,
        }
    }

    /// The accepted range, `(min, max)`, as `LockRequest::validate` checks it (a test holds them equal).
    pub fn range(self) -> (u32, u32) {
        match self {
            Self::Clients => (1, shared::lock::MAX_CLIENTS),
            Self::Rounds => (1, shared::lock::MAX_ROUNDS),
            Self::TimeoutSecs => (1, shared::lock::MAX_TIMEOUT_SECS),
            Self::RetryMs => (10, 2000),
            Self::WorkMs => (0, shared::lock::MAX_WORK_MS),
            Self::JitterMs => (0, 1000),
            Self::DeadlineSecs => (1, shared::lock::MAX_RUN_SECS),
            Self::PauseMs => (0, 120_000),
        }
    }
}

/// One change to the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    /// A number, as typed.
    Number(Field, String),
    /// The course's `blocking`.
    Blocking(bool),
    /// Walk the run through with the Step button.
    Step(bool),
    /// Lua release or plain `DEL`.
    Release(Release),
    /// `SET NX EX` or `SETNX` then `EXPIRE`.
    Acquire(Acquire),
    /// Fencing tokens on or off.
    Fencing(bool),
    /// Lease renewal on or off.
    Renewal(bool),
    /// Slow motion.
    Speed(Speed),
}

/// The form's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// Each number as typed, in [`Field::ALL`] order.
    numbers: [String; 8],
    /// The course's `blocking`.
    pub blocking: bool,
    /// Step mode.
    pub step: bool,
    /// How clients release.
    pub release: Release,
    /// How clients acquire.
    pub acquire: Acquire,
    /// Fencing tokens.
    pub fencing: bool,
    /// Lease renewal.
    pub renewal: bool,
    /// Slow motion of the run.
    pub speed: Speed,
}

impl Default for Form {
    fn default() -> Self {
        let mut form = Self {
            numbers: Default::default(),
            blocking: true,
            step: false,
            speed: Speed::Normal,
            release: Release::Lua,
            acquire: Acquire::SetNxEx,
            fencing: false,
            renewal: false,
        };
        form.adopt(LockParams::default(), Faults::default());
        form
    }
}

impl Form {
    /// Applies one change.
    pub fn apply(&mut self, setting: Setting) {
        match setting {
            Setting::Number(field, text) => self.numbers[field as usize] = text,
            Setting::Blocking(on) => self.blocking = on,
            Setting::Step(on) => self.step = on,
            Setting::Release(release) => self.release = release,
            Setting::Acquire(acquire) => self.acquire = acquire,
            Setting::Fencing(on) => self.fencing = on,
            Setting::Renewal(on) => self.renewal = on,
            Setting::Speed(speed) => self.speed = speed,
        }
    }

    /// A number as typed.
    pub fn number(&self, field: Field) -> &str {
        &self.numbers[field as usize]
    }

    /// The fault switches as they stand (the pause as typed, or none).
    pub fn faults(&self) -> Faults {
        Faults {
            pause_ms: self.value(Field::PauseMs).min(120_000),
            release: self.release,
            acquire: self.acquire,
            fencing: self.fencing,
            renewal: self.renewal,
        }
    }

    /// The run request, or the first field out of range.
    pub fn request(&self) -> Result<LockRequest, ParamRange> {
        let params = LockParams {
            clients: self.value(Field::Clients),
            rounds: self.value(Field::Rounds),
            timeout_secs: self.value(Field::TimeoutSecs),
            retry_ms: self.value(Field::RetryMs),
            work_ms: self.value(Field::WorkMs),
            jitter_ms: self.value(Field::JitterMs),
            blocking: self.blocking,
            step: self.step,
            deadline_secs: self.value(Field::DeadlineSecs),
        };
        let faults = Faults {
            pause_ms: self.value(Field::PauseMs),
            ..self.faults()
        };
        let request = LockRequest::Run {
            params,
            faults,
            speed: self.speed,
        };
        request.validate().map(|()| request)
    }

    /// Fills the form with a demo's (or the defaults') values.
    pub fn adopt(&mut self, params: LockParams, faults: Faults) {
        let numbers = [
            params.clients,
            params.rounds,
            params.timeout_secs,
            params.retry_ms,
            params.work_ms,
            params.jitter_ms,
            params.deadline_secs,
            faults.pause_ms,
        ];
        self.numbers = numbers.map(|n| n.to_string());
        self.blocking = params.blocking;
        self.step = params.step;
        self.release = faults.release;
        self.acquire = faults.acquire;
        self.fencing = faults.fencing;
        self.renewal = faults.renewal;
    }

    /// The typed number. Text that is not one becomes `u32::MAX`, which every range rejects, so the
    /// error names the field and its true range instead of silently sending 0.
    fn value(&self, field: Field) -> u32 {
        self.number(field).trim().parse().unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_error(form: &Form) -> Option<String> {
        form.request().err().map(|range| range.field)
    }

    #[test]
    fn the_default_form_is_the_protocols_default_run() {
        let form = Form::default();
        assert_eq!(
            form.request(),
            Ok(LockRequest::Run {
                params: LockParams::default(),
                faults: Faults::default(),
                speed: Speed::Normal,
            })
        );
    }

    #[test]
    fn out_of_range_or_garbled_numbers_name_their_field() {
        let mut form = Form::default();
        form.apply(Setting::Number(Field::Clients, "21".into()));
        assert_eq!(field_error(&form), Some("clients".into()));
        form.apply(Setting::Number(Field::Clients, "20".into()));
        form.apply(Setting::Number(Field::WorkMs, "lots".into()));
        let range = form.request().expect_err("not a number");
        assert_eq!(
            (range.field.as_str(), range.min, range.max),
            ("work_ms", 0, 10_000)
        );
    }

    #[test]
    fn the_ranges_shown_are_the_ones_validate_checks() {
        for field in Field::ALL {
            let (min, max) = field.range();
            let mut form = Form::default();
            for ok in [min, max] {
                form.apply(Setting::Number(field, ok.to_string()));
                assert_eq!(field_error(&form), None, "{field:?} = {ok}");
            }
            let below = min.checked_sub(1).map(|n| n.to_string());
            for bad in below.into_iter().chain([(max + 1).to_string()]) {
                form.apply(Setting::Number(field, bad.clone()));
                assert_eq!(field_error(&form).as_deref(), Some(field.wire()), "{bad}");
            }
            assert_eq!(Field::from_wire(field.wire()), Some(field));
        }
    }

    #[test]
    fn adopting_a_setup_fills_every_switch() {
        let mut form = Form::default();
        let params = LockParams {
            clients: 3,
            rounds: 1,
            timeout_secs: 1,
            retry_ms: 50,
            work_ms: 500,
            jitter_ms: 0,
            blocking: false,
            step: true,
            deadline_secs: 20,
        };
        let faults = Faults {
            pause_ms: 1200,
            release: Release::Del,
            acquire: Acquire::SetnxThenExpire,
            fencing: true,
            renewal: true,
        };
        form.adopt(params, faults);
        assert_eq!(
            form.request(),
            Ok(LockRequest::Run {
                params,
                faults,
                speed: Speed::Normal,
            })
        );
        assert_eq!(form.number(Field::PauseMs), "1200");
    }
}
