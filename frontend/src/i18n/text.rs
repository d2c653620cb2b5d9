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
    /// Nav name of the console.
    ConsoleNav,
    /// Title of the console.
    ConsoleTitle,
    /// One-line summary of the console.
    ConsoleSummary,
    /// Nav name of the rate-limit exercise.
    ExerciseNav,
    /// Title of the rate-limit exercise.
    ExerciseTitle,
    /// One-line summary of the rate-limit exercise.
    ExerciseSummary,
    /// Nav name of the lock exercise.
    ExerciseLockNav,
    /// Title of the lock exercise.
    ExerciseLockTitle,
    /// One-line summary of the lock exercise.
    ExerciseLockSummary,
    /// Nav name of the cache exercise.
    ExerciseCacheNav,
    /// Title of the cache exercise.
    ExerciseCacheTitle,
    /// One-line summary of the cache exercise.
    ExerciseCacheSummary,
    /// Nav name of the Pub/Sub exercise.
    ExercisePubsubNav,
    /// Title of the Pub/Sub exercise.
    ExercisePubsubTitle,
    /// One-line summary of the Pub/Sub exercise.
    ExercisePubsubSummary,
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
    /// Switch showing the playground's own commands (presence, counters, ACL…) in the trace.
    TracePlayground,
    /// Tooltip of that switch: what the playground's own commands are.
    TracePlaygroundHint,
    /// Tag on a trace line the playground sent for itself, not for the learner's action.
    TraceOriginPlayground,
}
