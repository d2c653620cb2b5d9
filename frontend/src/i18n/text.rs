//! The catalogue's keys: one [`Text`] variant per visible string, translated in `catalogue.rs`.

/// Declares [`Text`] and [`Text::ALL`] from one list, so the array used by the tests can never miss
/// a key.
macro_rules! keys {
    ($($(#[doc = $doc:literal])+ $key:ident,)+) => {
        /// A key of the catalogue; [`super::t`] turns it into a sentence.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Text {
            $($(#[doc = $doc])+ $key,)+
        }

        impl Text {
            /// Every key, in declaration order.
            pub const ALL: &'static [Text] = &[$(Text::$key,)+];
        }
    };
}

keys! {
    /// Product name in the header and the tab title.
    AppTitle,
    /// Accessible name of the main navigation.
    NavLabel,
    /// Nav link to the home page.
    NavHome,
    /// Accessible name of the language switch.
    LangSwitchLabel,
    /// Japanese, in Japanese.
    LangJa,
    /// English, in English.
    LangEn,
    /// Status: first connection attempt.
    StatusConnecting,
    /// Status: the server greeted us.
    StatusConnected,
    /// Status: a retry is being attempted.
    StatusReconnecting,
    /// Status: waiting before the next retry; `{}` is seconds.
    StatusReconnectingIn,
    /// Status: the browser has no network; `{}` is seconds until the next retry.
    StatusOffline,
    /// Redis reachable; `{}` version, `{}` round trip.
    RedisUp,
    /// Redis could not be reached by the backend.
    RedisDown,
    /// Redis health unknown because we are not connected.
    RedisUnknown,
    /// Badge tooltip; `{}` is the session's key namespace.
    SessionTooltip,
    /// Protocol mismatch; `{}` server version, `{}` page version.
    ReloadProtocol,
    /// A frame could not be decoded.
    ReloadUndecodable,
    /// Button that reloads the page.
    ReloadButton,
    /// Heading of a notice about a message the server rejected.
    ServerRejected,
    /// Button that hides a notice.
    Dismiss,
    /// Error code `malformed`.
    ErrMalformed,
    /// Error code `unknown_message`.
    ErrUnknownMessage,
    /// Error code `invalid_param` without a range.
    ErrInvalidParam,
    /// Error code `redis_unavailable`.
    ErrRedisUnavailable,
    /// Error code `bad_request_id`.
    ErrBadRequestId,
    /// Error code `cancelled`.
    ErrCancelled,
    /// Error code `internal`.
    ErrInternal,
    /// Error code `forbidden`.
    ErrForbidden,
    /// Error code `no_such_room`.
    ErrNoSuchRoom,
    /// Error code `limit_reached`.
    ErrLimitReached,
    /// Error code `rate_limited`.
    ErrRateLimited,
    /// A parameter out of range; `{}` field, `{}` min, `{}` max.
    ParamRange,
    /// The connection dropped while a request was running.
    RequestLost,
    /// A request could not be sent because we are not connected.
    RequestNotSent,
    /// Home page heading.
    HomeTitle,
    /// Home page introduction.
    HomeIntro,
    /// Home page note on the session; `{}` namespace, `{}` seconds.
    HomeSession,
    /// Heading of the list of labs.
    HomeLabs,
    /// Nav name of the ping lab.
    PingNav,
    /// Title of the ping lab.
    PingTitle,
    /// One-line summary of the ping lab.
    PingSummary,
    /// Nav name of the Pub/Sub lab.
    PubSubNav,
    /// Title of the Pub/Sub lab.
    PubSubTitle,
    /// One-line summary of the Pub/Sub lab.
    PubSubSummary,
    /// Nav name of the rate-limit lab.
    RateLimitNav,
    /// Title of the rate-limit lab.
    RateLimitTitle,
    /// One-line summary of the rate-limit lab.
    RateLimitSummary,
    /// Nav name of the lock lab.
    LockNav,
    /// Title of the lock lab.
    LockTitle,
    /// One-line summary of the lock lab.
    LockSummary,
    /// Nav name of the cache lab.
    CacheNav,
    /// Title of the cache lab.
    CacheTitle,
    /// One-line summary of the cache lab.
    CacheSummary,
    /// Nav name of the quiz.
    QuizNav,
    /// Title of the quiz.
    QuizTitle,
    /// One-line summary of the quiz.
    QuizSummary,
    /// Link back to the home page.
    BackHome,
    /// Not-found page heading.
    NotFoundTitle,
    /// Not-found page body.
    NotFoundBody,
    /// Label of the ping text field.
    PingTextLabel,
    /// Counter under the ping text field; `{}` characters typed, `{}` maximum.
    PingTextCount,
    /// The ping lab's run button.
    PingRun,
    /// Shown while a request runs.
    Running,
    /// Shown while the run button waits for a connection.
    WaitingForServer,
    /// Heading of a result box.
    ResultTitle,
    /// Heading of an error box.
    ErrorTitle,
    /// Result field: PING's answer.
    PingPong,
    /// Result field: the key written.
    PingKey,
    /// Result field: the value GET read back.
    PingStored,
    /// Result field: PTTL.
    PingTtl,
    /// Result field: TIME.
    PingServerTime,
    /// Heading of the panel listing a lab's commands.
    CodeTitle,
    /// What `PING` does.
    CmdPing,
    /// What `SET key text EX ttl` does.
    CmdSet,
    /// What `GET key` does.
    CmdGet,
    /// What `PTTL key` does.
    CmdPttl,
    /// What `TIME` does.
    CmdTime,
    /// Trace panel heading.
    TraceTitle,
    /// Label of the client filter.
    TraceClient,
    /// Filter option showing every client.
    TraceAll,
    /// Button that empties the trace.
    TraceClear,
    /// Button that collapses the trace panel.
    TraceHide,
    /// Button that expands the trace panel.
    TraceShow,
    /// Header button turning presenter mode on and off.
    PresenterMode,
    /// Tooltip of the presenter button: its key.
    PresenterKeyHint,
    /// Presenter button: full screen on or off.
    PresenterFullScreen,
    /// Presenter button showing the trace at its normal size (pressing enlarges it).
    PresenterTraceNormal,
    /// Presenter button showing the trace enlarged (pressing hides it).
    PresenterTraceLarge,
    /// Presenter button showing the trace hidden (pressing shows it again).
    PresenterTraceHidden,
    /// The presenter's keys, in one line.
    PresenterKeys,
    /// Button downloading the lab's visual as an SVG file.
    ExportSvg,
    /// Label of the slow-motion picker of live runs.
    SpeedLabel,
    /// Hint under the slow-motion picker: what slowing down changes.
    SpeedHint,
    /// Button copying a link that reopens the lab with the same run.
    ShareCopyLink,
    /// Shown once the link is on the clipboard.
    ShareCopied,
    /// Shown when the clipboard refused; the link is selected in its field to copy by hand.
    ShareCopyByHand,
    /// Accessible name of the field holding the share link.
    ShareLinkLabel,
    /// Shown when a share link in the URL could not be read.
    ShareBroken,
    /// Shown when the trace is empty.
    TraceEmpty,
    /// The browser kept only the newest lines; `{}` is how many it keeps.
    TraceCapped,
    /// The server dropped lines; `{}` is how many.
    TraceServerDropped,
    /// Column: time.
    TraceColTime,
    /// Column: client.
    TraceColClient,
    /// Column: command.
    TraceColCommand,
    /// Column: reply.
    TraceColReply,
    /// Column: duration.
    TraceColMicros,
    /// Screen-reader word for a command that failed.
    TraceFailed,
    /// Lead paragraph of the rate-limit lab.
    RlIntro,
    /// Name of the course's fixed window.
    RlAlgoFixed,
    /// Name of the course's sliding window.
    RlAlgoCourse,
    /// Name of the sliding log fixed in Lua.
    RlAlgoLua,
    /// Name of the sliding counter.
    RlAlgoCounter,
    /// Name of the token bucket.
    RlAlgoBucket,
    /// Heading of the guided demos.
    RlDemosTitle,
    /// Demo button: burst across a window edge.
    RlDemoBoundary,
    /// Demo button: same-timestamp collision.
    RlDemoCollision,
    /// Demo button: concurrent clients racing.
    RlDemoRace,
    /// Demo button: the course's sliding window against the Lua one.
    RlDemoCourseVsLua,
    /// What the boundary-burst demo shows.
    RlDemoBoundaryExplain,
    /// What the collision demo shows.
    RlDemoCollisionExplain,
    /// What the race demo shows.
    RlDemoRaceExplain,
    /// What the course-versus-Lua demo shows.
    RlDemoCourseVsLuaExplain,
    /// Accessible name of the settings panel.
    RlSettingsLabel,
    /// Accessible name of the traffic panel.
    RlTrafficLabel,
    /// Legend of the algorithm checkboxes.
    RlLanesLabel,
    /// Label of the max_requests field.
    RlMaxLabel,
    /// Label of the window_seconds field.
    RlWindowLabel,
    /// Legend of the live/replay choice.
    RlModeLabel,
    /// Live mode.
    RlModeLive,
    /// Replay mode.
    RlModeReplay,
    /// The send-request button.
    RlSend,
    /// Keyboard shortcut of the send button.
    RlSendHint,
    /// Label of the generator choice.
    RlPatternLabel,
    /// Generator: evenly spaced.
    RlPatternSteady,
    /// Generator: periodic bursts.
    RlPatternBursts,
    /// Generator: boundary burst.
    RlPatternBoundary,
    /// Generator: Poisson arrivals.
    RlPatternPoisson,
    /// Generator: concurrent clients.
    RlPatternConcurrent,
    /// Generator field: requests per second.
    RlParamPerSecond,
    /// Generator field: duration.
    RlParamSeconds,
    /// Generator field: requests per burst.
    RlParamSize,
    /// Generator field: seconds between bursts.
    RlParamEvery,
    /// Generator field: number of bursts.
    RlParamCount,
    /// Generator field: random seed.
    RlParamSeed,
    /// Generator field: number of clients.
    RlParamClients,
    /// Generator field: requests per client.
    RlParamEach,
    /// Runs the generated traffic.
    RlRun,
    /// Stops the run in flight.
    RlStop,
    /// Reads the button's quota without consuming it.
    RlPeek,
    /// Deletes the button's keys.
    RlReset,
    /// Saves the run's arrivals.
    RlExport,
    /// Loads saved arrivals and runs them.
    RlImport,
    /// Runs the loaded file again; `{}` arrivals.
    RlReplayFile,
    /// An imported file is not JSON.
    RlImportNotJson,
    /// An imported file is not a trace of this lab.
    RlImportNotATrace,
    /// A field of an imported trace is broken; `{}` field.
    RlImportBadField,
    /// No algorithm is chosen.
    RlNoLanes,
    /// Status: nothing running.
    RlStatusIdle,
    /// Status: a live run waits for its window edge; `{}` seconds left.
    RlStatusWaiting,
    /// Status: running; `{}` decisions received, `{}` expected.
    RlStatusRunning,
    /// Status: finished; `{}` decisions.
    RlStatusDone,
    /// Status: stopped; `{}` decisions received, `{}` expected.
    RlStatusStopped,
    /// Shown where the lanes go before anything ran.
    RlEmpty,
    /// Accessible name of the lanes.
    RlPlotLabel,
    /// Label of the zoom choice.
    RlZoomLabel,
    /// Zoom: whole windows.
    RlZoomWindows,
    /// Zoom: fit the requests.
    RlZoomRequests,
    /// Legend: allowed marks.
    RlLegendAllowed,
    /// Legend: denied marks.
    RlLegendDenied,
    /// Legend: fixed-window bands.
    RlLegendBands,
    /// Legend: the sliding bracket.
    RlLegendBracket,
    /// Legend: a window over the limit.
    RlLegendPeak,
    /// Lane figure: allowed.
    RlStatAllowed,
    /// Lane figure: denied.
    RlStatDenied,
    /// Lane figure: most allowed in any window.
    RlStatMax,
    /// A lane let more than the limit through; `{}` limit.
    RlOverLimit,
    /// Label of the over-the-limit frame; `{}` requests.
    RlPeakLabel,
    /// Accessible name of a lane; `{}` algorithm.
    RlLaneAreaLabel,
    /// Label of the mark under the pointer; `{}` index, `{}` seconds, `{}` verdict.
    RlHoverLabel,
    /// Label of the sliding bracket; `{}` window seconds, `{}` cursor seconds.
    RlBracketLabel,
    /// An axis label; `{}` seconds.
    RlSeconds,
    /// Verdict: allowed.
    RlDetailAllowed,
    /// Verdict: denied.
    RlDetailDenied,
    /// The selected request; `{}` index, `{}` client, `{}` seconds, `{}` remaining.
    RlDetailSummary,
    /// Heading of the selected mark's commands.
    RlDetailCommands,
    /// Some trace lines are gone; `{}` missing, `{}` in all, `{}` lines kept.
    RlDetailMissing,
    /// How to see a decision's commands.
    RlDetailHint,
    /// Heading of the peek and reset results.
    RlPeekTitle,
    /// One lane's peek; `{}` remaining, `{}` seconds.
    RlPeekRow,
    /// Reset finished; `{}` keys deleted.
    RlResetDone,
    /// Heading of the code panel.
    RlCodeTitle,
    /// Heading above the course's Python.
    RlCodePython,
    /// Heading above a Lua script.
    RlCodeLua,
    /// What `{key}` in the commands stands for.
    RlCodeKeys,
    /// What is right and wrong with the fixed window.
    RlVerdictFixed,
    /// What is right and wrong with the course's sliding window.
    RlVerdictCourse,
    /// What is right with the Lua sliding log.
    RlVerdictLua,
    /// What is right and wrong with the sliding counter.
    RlVerdictCounter,
    /// What the token bucket does.
    RlVerdictBucket,
    /// Name of the leaky bucket.
    RlAlgoLeaky,
    /// Name of GCRA.
    RlAlgoGcra,
    /// How the leaky bucket differs.
    RlVerdictLeaky,
    /// How GCRA differs.
    RlVerdictGcra,
    /// Generator: a retry storm with a fixed delay.
    RlPatternRetryFixed,
    /// Generator: retries with jittered exponential backoff.
    RlPatternRetryJitter,
    /// Field: the fixed delay before a retry.
    RlParamDelayMs,
    /// Field: the backoff's first ceiling.
    RlParamBaseMs,
    /// Why a retry storm was not sent: it runs only as a replay through the lanes.
    RlRetryReplayOnly,
    /// Heading of the retry storm's table.
    RlStormTitle,
    /// Column: the lane.
    RlStormLane,
    /// Column: decisions, retries included.
    RlStormDecisions,
    /// Column: retries.
    RlStormRetries,
    /// Column: the refused share.
    RlStormRefused,
    /// What the retry storm's table counts.
    RlStormHint,
    /// Demo button: a retry storm.
    RlDemoStorm,
    /// What the retry storm demo shows.
    RlDemoStormExplain,
    /// Demo button: the storm calmed by jittered backoff.
    RlDemoCalm,
    /// What the jittered backoff demo shows.
    RlDemoCalmExplain,
    /// Demo button: many application servers.
    RlDemoServers,
    /// What the many-servers demo shows.
    RlDemoServersExplain,
    /// Heading of the many-servers lesson.
    RlServersTitle,
    /// Lead of the many-servers lesson.
    RlServersIntro,
    /// Field: how many application servers.
    RlServersLabel,
    /// Button: run the pattern over many servers.
    RlServersRun,
    /// Heading: each server's own limiter.
    RlServersOwn,
    /// Where the in-memory figures come from.
    RlServersOwnSource,
    /// Heading: the limiter shared in Redis.
    RlServersShared,
    /// Where the shared figures come from.
    RlServersSharedSource,
    /// Row label: server {number}.
    RlServersServer,
    /// Accessible name of the many-servers plot.
    RlServersPlotLabel,
    /// What `MULTI` does.
    CmdMulti,
    /// What `INCR` does in the fixed window.
    CmdIncr,
    /// What `EXPIRE` does in the fixed window.
    CmdExpireWindow,
    /// What `EXEC` does.
    CmdExec,
    /// What `ZREMRANGEBYSCORE` does.
    CmdZremrange,
    /// What `ZADD` does in the course's sliding window.
    CmdZadd,
    /// What `ZCARD` does.
    CmdZcard,
    /// What `EXPIRE` does in the sliding window.
    CmdExpireLog,
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
