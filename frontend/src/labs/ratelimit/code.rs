//! The code panel beside the lanes: for one algorithm, the code as the course (or Redis) runs it, the
//! Redis commands one decision sends, and one line on what is wrong or right with it.
//!
//! The Python is the course's `RateLimiter` method verbatim (`course/*.py` are copies of
//! `phase3-2-advanced-features.md`, 演習2); the Lua is the very text the backend sends to Redis.

use shared::ratelimit::{Algorithm, scripts};
use yew::prelude::*;

use crate::components::{CodeLine, CodePanel};
use crate::i18n::ratelimit::RatelimitText;
use crate::i18n::use_lang;

/// The course's `is_allowed`, the fixed window.
const IS_ALLOWED: &str = include_str!("course/is_allowed.py");
/// The course's `sliding_window`.
const SLIDING_WINDOW: &str = include_str!("course/sliding_window.py");

/// `rate:{key}` stands for the limiter's key: `api:you` for the button, `api:run<n>` for a run.
const FIXED_COMMANDS: &[CodeLine<RatelimitText>] = &[
    CodeLine {
        code: "MULTI",
        note: RatelimitText::CmdMulti,
    },
    CodeLine {
        code: "INCR rate:{key}:{now // window}",
        note: RatelimitText::CmdIncr,
    },
    CodeLine {
        code: "EXPIRE rate:{key}:{now // window} {window}",
        note: RatelimitText::CmdExpireWindow,
    },
    CodeLine {
        code: "EXEC",
        note: RatelimitText::CmdExec,
    },
];

const COURSE_COMMANDS: &[CodeLine<RatelimitText>] = &[
    CodeLine {
        code: "MULTI",
        note: RatelimitText::CmdMulti,
    },
    CodeLine {
        code: "ZREMRANGEBYSCORE rate:{key} 0 {now - window}",
        note: RatelimitText::CmdZremrange,
    },
    CodeLine {
        code: "ZADD rate:{key} {now} {str(now)}",
        note: RatelimitText::CmdZadd,
    },
    CodeLine {
        code: "ZCARD rate:{key}",
        note: RatelimitText::CmdZcard,
    },
    CodeLine {
        code: "EXPIRE rate:{key} {window}",
        note: RatelimitText::CmdExpireLog,
    },
    CodeLine {
        code: "EXEC",
        note: RatelimitText::CmdExec,
    },
    CodeLine {
        code: "ZREM rate:{key} {str(now)}",
        note: RatelimitText::CmdZrem,
    },
];

const SCRIPT_LOAD: CodeLine<RatelimitText> = CodeLine {
    code: "SCRIPT LOAD <script>",
    note: RatelimitText::CmdScriptLoad,
};

const LOG_COMMANDS: &[CodeLine<RatelimitText>] = &[
    CodeLine {
        code: "EVALSHA <sha1> 2 rate:{key}:log rate:{key}:log:seq {now µs} {window µs} {max}",
        note: RatelimitText::CmdEvalshaLog,
    },
    SCRIPT_LOAD,
];

const COUNTER_COMMANDS: &[CodeLine<RatelimitText>] = &[
    CodeLine {
        code: "EVALSHA <sha1> 2 rate:{key}:counter:{n} rate:{key}:counter:{n-1} {µs into the window} {window µs} {max}",
        note: RatelimitText::CmdEvalshaCounter,
    },
    SCRIPT_LOAD,
];

const BUCKET_COMMANDS: &[CodeLine<RatelimitText>] = &[
    CodeLine {
        code: "EVALSHA <sha1> 1 rate:{key}:bucket {now µs} {window µs} {max}",
        note: RatelimitText::CmdEvalshaBucket,
    },
    SCRIPT_LOAD,
];

const LEAKY_COMMANDS: &[CodeLine<RatelimitText>] = &[
    CodeLine {
        code: "EVALSHA <sha1> 1 rate:{key}:leaky {now µs} {window µs} {max}",
        note: RatelimitText::CmdEvalshaLeaky,
    },
    SCRIPT_LOAD,
];

const GCRA_COMMANDS: &[CodeLine<RatelimitText>] = &[
    CodeLine {
        code: "EVALSHA <sha1> 1 rate:{key}:tat {now µs} {window µs} {max}",
        note: RatelimitText::CmdEvalshaGcra,
    },
    SCRIPT_LOAD,
];

/// What the panel shows for one algorithm.
struct Code {
    /// The heading above the source.
    language: RatelimitText,
    source: &'static str,
    commands: &'static [CodeLine<RatelimitText>],
    verdict: RatelimitText,
}

fn code(algorithm: Algorithm) -> Code {
    match algorithm {
        Algorithm::FixedWindow => Code {
            language: RatelimitText::CodePython,
            source: IS_ALLOWED,
            commands: FIXED_COMMANDS,
            verdict: RatelimitText::VerdictFixed,
        },
        Algorithm::SlidingLogCourse => Code {
            language: RatelimitText::CodePython,
            source: SLIDING_WINDOW,
            commands: COURSE_COMMANDS,
            verdict: RatelimitText::VerdictCourse,
        },
        Algorithm::SlidingLogLua => Code {
            language: RatelimitText::CodeLua,
            source: scripts::SLIDING_LOG,
            commands: LOG_COMMANDS,
            verdict: RatelimitText::VerdictLua,
        },
        Algorithm::SlidingCounter => Code {
            language: RatelimitText::CodeLua,
            source: scripts::SLIDING_COUNTER,
            commands: COUNTER_COMMANDS,
            verdict: RatelimitText::VerdictCounter,
        },
        Algorithm::TokenBucket => Code {
            language: RatelimitText::CodeLua,
            source: scripts::TOKEN_BUCKET,
            commands: BUCKET_COMMANDS,
            verdict: RatelimitText::VerdictBucket,
        },
        Algorithm::LeakyBucket => Code {
            language: RatelimitText::CodeLua,
            source: scripts::LEAKY_BUCKET,
            commands: LEAKY_COMMANDS,
            verdict: RatelimitText::VerdictLeaky,
        },
        Algorithm::Gcra => Code {
            language: RatelimitText::CodeLua,
            source: scripts::GCRA,
            commands: GCRA_COMMANDS,
            verdict: RatelimitText::VerdictGcra,
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
        <section class="ratelimit-code" data-testid="ratelimit-code" data-algorithm={props.algorithm.id()}>
            <h2 class="panel-title">{ lang.t(RatelimitText::CodeTitle) }</h2>
            <div class="ratelimit-code__tabs" role="group" aria-label={lang.t(RatelimitText::CodeTitle)}>
                { for Algorithm::ALL.into_iter().map(|algorithm| {
                    let on_click = props.on_select.reform(move |_: MouseEvent| algorithm);
                    let pressed = algorithm == props.algorithm;
                    html! {
                        <button
                            type="button"
                            class="ratelimit-code__tab"
                            data-testid="ratelimit-code-tab"
                            data-algorithm={algorithm.id()}
                            aria-pressed={if pressed { "true" } else { "false" }}
                            onclick={on_click}
                        >
                            { lang.t(RatelimitText::algorithm(algorithm)) }
                        </button>
                    }
                }) }
            </div>
            <p class="ratelimit-code__verdict" data-algorithm={props.algorithm.id()}>{ lang.t(shown.verdict) }</p>
            <h3 class="ratelimit-code__heading">{ lang.t(shown.language) }</h3>
            <pre class="ratelimit-code__source" tabindex="0"><code>{ shown.source }</code></pre>
            <CodePanel<RatelimitText> lines={shown.commands} />
            <p class="hint">{ lang.t(RatelimitText::CodeKeys) }</p>
        </section>
    }
}
