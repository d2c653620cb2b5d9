//! The code panel beside the lanes: for one algorithm, the code as the course (or Redis) runs it, the
//! Redis commands one decision sends, and one line on what is wrong or right with it.
//!
//! The Python is the course's `RateLimiter` method verbatim (`course/*.py` are copies of
//! `phase3-2-advanced-features.md`, 演習2); the Lua is the very text the backend sends to Redis.

use shared::ratelimit::{Algorithm, scripts};
use yew::prelude::*;

use super::algorithm_name;
use crate::components::{CodeLine, CodePanel};
use crate::i18n::{Text, use_lang};

/// The course's `is_allowed`, the fixed window.
const IS_ALLOWED: &str = include_str!("course/is_allowed.py");
/// The course's `sliding_window`.
const SLIDING_WINDOW: &str = include_str!("course/sliding_window.py");

/// `rate:{key}` stands for the limiter's key: `api:you` for the button, `api:run<n>` for a run.
const FIXED_COMMANDS: &[CodeLine] = &[
    CodeLine {
        code: "MULTI",
        note: Text::CmdMulti,
    },
    CodeLine {
        code: "INCR rate:{key}:{now // window}",
        note: Text::CmdIncr,
    },
    CodeLine {
        code: "EXPIRE rate:{key}:{now // window} {window}",
        note: Text::CmdExpireWindow,
    },
    CodeLine {
        code: "EXEC",
        note: Text::CmdExec,
    },
];

const COURSE_COMMANDS: &[CodeLine] = &[
    CodeLine {
        code: "MULTI",
        note: Text::CmdMulti,
    },
    CodeLine {
        code: "ZREMRANGEBYSCORE rate:{key} 0 {now - window}",
        note: Text::CmdZremrange,
    },
    CodeLine {
        code: "ZADD rate:{key} {now} {str(now)}",
        note: Text::CmdZadd,
    },
    CodeLine {
        code: "ZCARD rate:{key}",
        note: Text::CmdZcard,
    },
    CodeLine {
        code: "EXPIRE rate:{key} {window}",
        note: Text::CmdExpireLog,
    },
    CodeLine {
        code: "EXEC",
        note: Text::CmdExec,
    },
    CodeLine {
        code: "ZREM rate:{key} {str(now)}",
        note: Text::CmdZrem,
    },
];

const SCRIPT_LOAD: CodeLine = CodeLine {
    code: "SCRIPT LOAD <script>",
    note: Text::CmdScriptLoad,
};

const LOG_COMMANDS: &[CodeLine] = &[
    CodeLine {
        code: "EVALSHA <sha1> 2 rate:{key}:log rate:{key}:log:seq {now µs} {window µs} {max}",
        note: Text::CmdEvalshaLog,
    },
    SCRIPT_LOAD,
];

const COUNTER_COMMANDS: &[CodeLine] = &[
    CodeLine {
        code: "EVALSHA <sha1> 2 rate:{key}:counter:{n} rate:{key}:counter:{n-1} {µs into the window} {window µs} {max}",
        note: Text::CmdEvalshaCounter,
    },
    SCRIPT_LOAD,
];

const BUCKET_COMMANDS: &[CodeLine] = &[
    CodeLine {
        code: "EVALSHA <sha1> 1 rate:{key}:bucket {now µs} {window µs} {max}",
        note: Text::CmdEvalshaBucket,
    },
    SCRIPT_LOAD,
];

const LEAKY_COMMANDS: &[CodeLine] = &[
    CodeLine {
        code: "EVALSHA <sha1> 1 rate:{key}:leaky {now µs} {window µs} {max}",
        note: Text::CmdEvalshaLeaky,
    },
    SCRIPT_LOAD,
];

const GCRA_COMMANDS: &[CodeLine] = &[
    CodeLine {
        code: "EVALSHA <sha1> 1 rate:{key}:tat {now µs} {window µs} {max}",
        note: Text::CmdEvalshaGcra,
    },
    SCRIPT_LOAD,
];

/// What the panel shows for one algorithm.
struct Code {
    /// The heading above the source.
    language: Text,
    source: &'static str,
    commands: &'static [CodeLine],
    verdict: Text,
}

fn code(algorithm: Algorithm) -> Code {
    match algorithm {
        Algorithm::FixedWindow => Code {
            language: Text::RlCodePython,
            source: IS_ALLOWED,
            commands: FIXED_COMMANDS,
            verdict: Text::RlVerdictFixed,
        },
        Algorithm::SlidingLogCourse => Code {
            language: Text::RlCodePython,
            source: SLIDING_WINDOW,
            commands: COURSE_COMMANDS,
            verdict: Text::RlVerdictCourse,
        },
        Algorithm::SlidingLogLua => Code {
            language: Text::RlCodeLua,
            source: scripts::SLIDING_LOG,
            commands: LOG_COMMANDS,
            verdict: Text::RlVerdictLua,
        },
        Algorithm::SlidingCounter => Code {
            language: Text::RlCodeLua,
            source: scripts::SLIDING_COUNTER,
            commands: COUNTER_COMMANDS,
            verdict: Text::RlVerdictCounter,
        },
        Algorithm::TokenBucket => Code {
            language: Text::RlCodeLua,
            source: scripts::TOKEN_BUCKET,
            commands: BUCKET_COMMANDS,
            verdict: Text::RlVerdictBucket,
        },
        Algorithm::LeakyBucket => Code {
            language: Text::RlCodeLua,
            source: scripts::LEAKY_BUCKET,
            commands: LEAKY_COMMANDS,
            verdict: Text::RlVerdictLeaky,
        },
        Algorithm::Gcra => Code {
            language: Text::RlCodeLua,
            source: scripts::GCRA,
            commands: GCRA_COMMANDS,
            verdict: Text::RlVerdictGcra,
        },
    }
}

/// Props of [`CodeView`].
#[derive(Properties, PartialEq)]
pub struct CodeViewProps {
    /// The algorithm shown.
    pub algorithm: Algorithm,
    /// Another tab was chosen.
    pub on_select: Callback<Algorithm>,
}

/// Tabs for every algorithm and, for the chosen one, its verdict, code and commands.
#[component]
pub fn CodeView(props: &CodeViewProps) -> Html {
    let lang = use_lang();
    let shown = code(props.algorithm);
    html! {
        <section class="rl-code" data-testid="rl-code" data-algorithm={props.algorithm.id()}>
            <h2 class="panel-title">{ lang.t(Text::RlCodeTitle) }</h2>
            <div class="rl-code__tabs" role="group" aria-label={lang.t(Text::RlCodeTitle)}>
                { for Algorithm::ALL.into_iter().map(|algorithm| {
                    let on_click = props.on_select.reform(move |_: MouseEvent| algorithm);
                    let pressed = algorithm == props.algorithm;
                    html! {
                        <button
                            type="button"
                            class="rl-code__tab"
                            data-testid="rl-code-tab"
                            data-algorithm={algorithm.id()}
                            aria-pressed={if pressed { "true" } else { "false" }}
                            onclick={on_click}
                        >
                            { lang.t(algorithm_name(algorithm)) }
                        </button>
                    }
                }) }
            </div>
            <p class="rl-code__verdict" data-algorithm={props.algorithm.id()}>{ lang.t(shown.verdict) }</p>
            <h3 class="rl-code__heading">{ lang.t(shown.language) }</h3>
            <pre class="rl-code__source"><code>{ shown.source }</code></pre>
            <CodePanel lines={shown.commands} />
            <p class="hint">{ lang.t(Text::RlCodeKeys) }</p>
        </section>
    }
}
