//! The traffic generators the form offers, and the numbers each one takes, with the names and labels
//! the form and the range errors use.

use crate::i18n::ratelimit::RatelimitText;

/// The traffic generators the form offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternKind {
    /// [`Pattern::Steady`].
    Steady,
    /// [`Pattern::Bursts`].
    Bursts,
    /// [`Pattern::BoundaryBurst`].
    BoundaryBurst,
    /// [`Pattern::Poisson`].
    Poisson,
    /// [`Pattern::Concurrent`].
    Concurrent,
    /// [`Pattern::RetryFixed`].
    RetryFixed,
    /// [`Pattern::RetryJitter`].
    RetryJitter,
}

impl PatternKind {
    /// Every generator, in the order the form lists them.
    pub const ALL: [PatternKind; 7] = [
        Self::Steady,
        Self::Bursts,
        Self::BoundaryBurst,
        Self::Poisson,
        Self::Concurrent,
        Self::RetryFixed,
        Self::RetryJitter,
    ];

    /// The wire name, used as the `<option>` value.
    pub fn id(self) -> &'static str {
        match self {
            Self::Steady => "steady",
            Self::Bursts => "bursts",
            Self::BoundaryBurst => "boundary_burst",
            Self::Poisson => "poisson",
            Self::Concurrent => "concurrent",
            Self::RetryFixed => "retry_fixed",
            Self::RetryJitter => "retry_jitter",
        }
    }

    /// The catalogue name.
    pub fn label(self) -> RatelimitText {
        match self {
            Self::Steady => RatelimitText::PatternSteady,
            Self::Bursts => RatelimitText::PatternBursts,
            Self::BoundaryBurst => RatelimitText::PatternBoundary,
            Self::Poisson => RatelimitText::PatternPoisson,
            Self::Concurrent => RatelimitText::PatternConcurrent,
            Self::RetryFixed => RatelimitText::PatternRetryFixed,
            Self::RetryJitter => RatelimitText::PatternRetryJitter,
        }
    }

    /// The parameters this generator takes, in form order.
    pub fn params(self) -> &'static [Param] {
        match self {
            Self::Steady => &[Param::PerSecond, Param::Seconds],
            Self::Bursts => &[Param::Size, Param::EverySeconds, Param::Count],
            Self::BoundaryBurst => &[],
            Self::Poisson => &[Param::PerSecond, Param::Seconds, Param::Seed],
            Self::Concurrent => &[Param::Clients, Param::Each],
            Self::RetryFixed => &[
                Param::PerSecond,
                Param::Seconds,
                Param::DelayMs,
                Param::Seed,
            ],
            Self::RetryJitter => &[Param::PerSecond, Param::Seconds, Param::BaseMs, Param::Seed],
        }
    }
}

/// One number of a generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// Requests per second.
    PerSecond,
    /// Duration in seconds.
    Seconds,
    /// Requests per burst.
    Size,
    /// Seconds between bursts.
    EverySeconds,
    /// Number of bursts.
    Count,
    /// Seed of the Poisson generator.
    Seed,
    /// Concurrent clients.
    Clients,
    /// Requests per client.
    Each,
    /// A retry storm's fixed delay, in ms.
    DelayMs,
    /// The jittered backoff's first ceiling, in ms.
    BaseMs,
}

impl Param {
    /// The field name on the wire, as range errors name it.
    pub fn field(self) -> &'static str {
        match self {
            Self::PerSecond => "per_second",
            Self::Seconds => "seconds",
            Self::Size => "size",
            Self::EverySeconds => "every_seconds",
            Self::Count => "count",
            Self::Seed => "seed",
            Self::Clients => "clients",
            Self::Each => "each",
            Self::DelayMs => "delay_ms",
            Self::BaseMs => "base_ms",
        }
    }

    /// The catalogue label.
    pub fn label(self) -> RatelimitText {
        match self {
            Self::PerSecond => RatelimitText::ParamPerSecond,
            Self::Seconds => RatelimitText::ParamSeconds,
            Self::Size => RatelimitText::ParamSize,
            Self::EverySeconds => RatelimitText::ParamEvery,
            Self::Count => RatelimitText::ParamCount,
            Self::Seed => RatelimitText::ParamSeed,
            Self::Clients => RatelimitText::ParamClients,
            Self::Each => RatelimitText::ParamEach,
            Self::DelayMs => RatelimitText::ParamDelayMs,
            Self::BaseMs => RatelimitText::ParamBaseMs,
        }
    }
}
