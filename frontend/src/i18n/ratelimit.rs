//! The rate-limit lab's own catalogue: its keys ([`RatelimitText`]) here, their ja/en sentences in
//! `ratelimit/catalogue.rs` as one exhaustive `match`. Kept apart from [`super::Text`] so the lab's
//! strings live with the lab. Sentences with `{}` are filled by [`super::fill`] in the order the key's
//! doc lists.

mod catalogue;

use shared::ratelimit::Algorithm;

/// Declares [`RatelimitText`] and [`RatelimitText::ALL`] from one list, so the array used by the tests
/// can never miss a key.
macro_rules! keys {
    ($($(#[doc = $doc:literal])+ $key:ident,)+) => {
        /// A key of the rate-limit lab's catalogue; `lang.t(key)` turns it into a sentence.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RatelimitText {
            $($(#[doc = $doc])+ $key,)+
        }

        impl RatelimitText {
            /// Every key, in declaration order.
            pub const ALL: &'static [RatelimitText] = &[$(RatelimitText::$key,)+];
        }
    };
}

keys! {
    /// Lead paragraph of the rate-limit lab.
    Intro,
    /// Name of the course's fixed window.
    AlgoFixed,
    /// Name of the course's sliding window.
    AlgoCourse,
    /// Name of the sliding log fixed in Lua.
    AlgoLua,
    /// Name of the sliding counter.
    AlgoCounter,
    /// Name of the token bucket.
    AlgoBucket,
    /// Heading of the guided demos.
    DemosTitle,
    /// Demo button: burst across a window edge.
    DemoBoundary,
    /// Demo button: same-timestamp collision.
    DemoCollision,
    /// Demo button: concurrent clients racing.
    DemoRace,
    /// Demo button: the course's sliding window against the Lua one.
    DemoCourseVsLua,
    /// What the boundary-burst demo shows.
    DemoBoundaryExplain,
    /// What the collision demo shows.
    DemoCollisionExplain,
    /// What the race demo shows.
    DemoRaceExplain,
    /// What the course-versus-Lua demo shows.
    DemoCourseVsLuaExplain,
    /// Accessible name of the settings panel.
    SettingsLabel,
    /// Accessible name of the traffic panel.
    TrafficLabel,
    /// Legend of the algorithm checkboxes.
    LanesLabel,
    /// Label of the max_requests field.
    MaxLabel,
    /// Label of the window_seconds field.
    WindowLabel,
    /// Legend of the live/replay choice.
    ModeLabel,
    /// Live mode.
    ModeLive,
    /// Replay mode.
    ModeReplay,
    /// The send-request button.
    Send,
    /// Keyboard shortcut of the send button.
    SendHint,
    /// Label of the generator choice.
    PatternLabel,
    /// Generator: evenly spaced.
    PatternSteady,
    /// Generator: periodic bursts.
    PatternBursts,
    /// Generator: boundary burst.
    PatternBoundary,
    /// Generator: Poisson arrivals.
    PatternPoisson,
    /// Generator: concurrent clients.
    PatternConcurrent,
    /// Generator field: requests per second.
    ParamPerSecond,
    /// Generator field: duration.
    ParamSeconds,
    /// Generator field: requests per burst.
    ParamSize,
    /// Generator field: seconds between bursts.
    ParamEvery,
    /// Generator field: number of bursts.
    ParamCount,
    /// Generator field: random seed.
    ParamSeed,
    /// Generator field: number of clients.
    ParamClients,
    /// Generator field: requests per client.
    ParamEach,
    /// Runs the generated traffic.
    Run,
    /// Stops the run in flight.
    Stop,
    /// Reads the button's quota without consuming it.
    Peek,
    /// Deletes the button's keys.
    Reset,
    /// Saves the run's arrivals.
    Export,
    /// Loads saved arrivals and runs them.
    Import,
    /// Runs the loaded file again; `{}` arrivals.
    ReplayFile,
    /// An imported file is not JSON.
    ImportNotJson,
    /// An imported file is not a trace of this lab.
    ImportNotATrace,
    /// A field of an imported trace is broken; `{}` field.
    ImportBadField,
    /// No algorithm is chosen.
    NoLanes,
    /// Status: nothing running.
    StatusIdle,
    /// Status: a live run waits for its window edge; `{}` seconds left.
    StatusWaiting,
    /// Status: running; `{}` decisions received, `{}` expected.
    StatusRunning,
    /// Status: finished; `{}` decisions.
    StatusDone,
    /// Status: stopped; `{}` decisions received, `{}` expected.
    StatusStopped,
    /// Shown where the lanes go before anything ran.
    Empty,
    /// Accessible name of the lanes.
    PlotLabel,
    /// Label of the zoom choice.
    ZoomLabel,
    /// Zoom: whole windows.
    ZoomWindows,
    /// Zoom: fit the requests.
    ZoomRequests,
    /// Legend: allowed marks.
    LegendAllowed,
    /// Legend: denied marks.
    LegendDenied,
    /// Legend: fixed-window bands.
    LegendBands,
    /// Legend: the sliding bracket.
    LegendBracket,
    /// Legend: a window over the limit.
    LegendPeak,
    /// Lane figure: allowed.
    StatAllowed,
    /// Lane figure: denied.
    StatDenied,
    /// Lane figure: most allowed in any window.
    StatMax,
    /// A lane let more than the limit through; `{}` limit.
    OverLimit,
    /// Label of the over-the-limit frame; `{}` requests.
    PeakLabel,
    /// Accessible name of a lane; `{}` algorithm.
    LaneAreaLabel,
    /// Label of the mark under the pointer; `{}` index, `{}` seconds, `{}` verdict.
    HoverLabel,
    /// Label of the sliding bracket; `{}` window seconds, `{}` cursor seconds.
    BracketLabel,
    /// An axis label; `{}` seconds.
    Seconds,
    /// Verdict: allowed.
    DetailAllowed,
    /// Verdict: denied.
    DetailDenied,
    /// The selected request; `{}` index, `{}` client, `{}` seconds, `{}` remaining.
    DetailSummary,
    /// Heading of the selected mark's commands.
    DetailCommands,
    /// Some trace lines are gone; `{}` missing, `{}` in all, `{}` lines kept.
    DetailMissing,
    /// How to see a decision's commands.
    DetailHint,
    /// Heading of the peek and reset results.
    PeekTitle,
    /// One lane's peek; `{}` remaining, `{}` seconds.
    PeekRow,
    /// Reset finished; `{}` keys deleted.
    ResetDone,
    /// Heading of the code panel.
    CodeTitle,
    /// Heading above the course's Python.
    CodePython,
    /// Heading above a Lua script.
    CodeLua,
    /// What `{key}` in the commands stands for.
    CodeKeys,
    /// What is right and wrong with the fixed window.
    VerdictFixed,
    /// What is right and wrong with the course's sliding window.
    VerdictCourse,
    /// What is right with the Lua sliding log.
    VerdictLua,
    /// What is right and wrong with the sliding counter.
    VerdictCounter,
    /// What the token bucket does.
    VerdictBucket,
    /// Name of the leaky bucket.
    AlgoLeaky,
    /// Name of GCRA.
    AlgoGcra,
    /// How the leaky bucket differs.
    VerdictLeaky,
    /// How GCRA differs.
    VerdictGcra,
    /// Generator: a retry storm with a fixed delay.
    PatternRetryFixed,
    /// Generator: retries with jittered exponential backoff.
    PatternRetryJitter,
    /// Field: the fixed delay before a retry.
    ParamDelayMs,
    /// Field: the backoff's first ceiling.
    ParamBaseMs,
    /// Why a retry storm was not sent: it runs only as a replay through the lanes.
    RetryReplayOnly,
    /// Heading of the retry storm's table.
    StormTitle,
    /// Column: the lane.
    StormLane,
    /// Column: decisions, retries included.
    StormDecisions,
    /// Column: retries.
    StormRetries,
    /// Column: the refused share.
    StormRefused,
    /// What the retry storm's table counts.
    StormHint,
    /// Demo button: a retry storm.
    DemoStorm,
    /// What the retry storm demo shows.
    DemoStormExplain,
    /// Demo button: the storm calmed by jittered backoff.
    DemoCalm,
    /// What the jittered backoff demo shows.
    DemoCalmExplain,
    /// Demo button: many application servers.
    DemoServers,
    /// What the many-servers demo shows.
    DemoServersExplain,
    /// Heading of the many-servers lesson.
    ServersTitle,
    /// Lead of the many-servers lesson.
    ServersIntro,
    /// Field: how many application servers.
    ServersLabel,
    /// Button: run the pattern over many servers.
    ServersRun,
    /// Heading: each server's own limiter.
    ServersOwn,
    /// Where the in-memory figures come from.
    ServersOwnSource,
    /// Heading: the limiter shared in Redis.
    ServersShared,
    /// Where the shared figures come from.
    ServersSharedSource,
    /// Row label: server {number}.
    ServersServer,
    /// Accessible name of the many-servers plot.
    ServersPlotLabel,
    /// What `MULTI` does.
    CmdMulti,
    /// What `INCR` does in the fixed window.
    CmdIncr,
    /// What `EXPIRE` does in the fixed window.
    CmdExpireWindow,
    /// What `EXEC` does.
    CmdExec,
    /// What `EXPIRE` does in the sliding window.
    CmdExpireLog,
    /// What `ZREMRANGEBYSCORE` does.
    CmdZremrange,
    /// What `ZADD` does in the course's sliding window.
    CmdZadd,
    /// What `ZCARD` does.
    CmdZcard,
    /// What `ZREM` does in the course's sliding window.
    CmdZrem,
    /// What `EVALSHA` of the sliding log does.
    CmdEvalshaLog,
    /// What `EVALSHA` of the sliding counter does.
    CmdEvalshaCounter,
    /// What `EVALSHA` of the token bucket does.
    CmdEvalshaBucket,
    /// What `EVALSHA` of the leaky bucket does.
    CmdEvalshaLeaky,
    /// What `EVALSHA` of GCRA does.
    CmdEvalshaGcra,
    /// What `SCRIPT LOAD` does.
    CmdScriptLoad,
}

impl RatelimitText {
    /// The name of `algorithm`, as the rate-limit lab and a room's limiter show it.
    pub fn algorithm(algorithm: Algorithm) -> Self {
        match algorithm {
            Algorithm::FixedWindow => Self::AlgoFixed,
            Algorithm::SlidingLogCourse => Self::AlgoCourse,
            Algorithm::SlidingLogLua => Self::AlgoLua,
            Algorithm::SlidingCounter => Self::AlgoCounter,
            Algorithm::TokenBucket => Self::AlgoBucket,
            Algorithm::LeakyBucket => Self::AlgoLeaky,
            Algorithm::Gcra => Self::AlgoGcra,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check;

    #[test]
    fn every_key_is_translated_with_the_same_holes() {
        // "GCRA (Lua)" is the algorithm's name in both languages.
        check::assert_complete(RatelimitText::ALL, 1);
    }
}
