//! The code panel: one line per fault on what goes wrong and what fixes it, the commands a round sends
//! with the switches as set, and the code itself: the course's Python `DistributedLock`, the Rust the
//! backend runs, and the Lua the chosen switches send to Redis.
//!
//! `source/distributed_lock.py` is the course's class verbatim (`phase3-2-advanced-features.md`, 演習3);
//! `source/distributed_lock.rs` is an excerpt of `backend/src/labs/lock/distributed_lock.rs`, and a
//! test holds every line of it to the backend's file. The Lua is `shared::lock::scripts`, the very text
//! Redis runs.

use shared::lock::{Acquire, Faults, Release, scripts};
use yew::prelude::*;

use crate::i18n::lock::LockText;
use crate::i18n::use_lang;

/// The course's class.
const PYTHON: &str = include_str!("source/distributed_lock.py");
/// What the backend runs instead: `acquire`, `release`, and the guard standing in for `with`.
const RUST: &str = include_str!("source/distributed_lock.rs");

/// A tab of the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Python,
    Rust,
    Lua,
}

/// One line of the panel: a fault or a fix, whether the form has it switched on, what it is, and what
/// fixes it (for a fix: what it fixes).
struct Lesson {
    on: bool,
    fix: bool,
    what: LockText,
    remedy: LockText,
}

/// The three faults, then the two fixes.
fn lessons(faults: &Faults) -> [Lesson; 5] {
    let lesson = |on, fix, what, remedy| Lesson {
        on,
        fix,
        what,
        remedy,
    };
    [
        lesson(
            faults.pause_ms > 0,
            false,
            LockText::FaultPause,
            LockText::FixPause,
        ),
        lesson(
            faults.release == Release::Del,
            false,
            LockText::FaultDel,
            LockText::FixDel,
        ),
        lesson(
            faults.acquire == Acquire::SetnxThenExpire,
            false,
            LockText::FaultSetnx,
            LockText::FixSetnx,
        ),
        lesson(
            faults.fencing,
            true,
            LockText::FaultFencing,
            LockText::FixFencing,
        ),
        lesson(
            faults.renewal,
            true,
            LockText::FaultRenewal,
            LockText::FixRenewal,
        ),
    ]
}

/// The commands one round sends, with the switches as set: `(command, note)`.
fn commands(faults: &Faults) -> Vec<(&'static str, LockText)> {
    let mut lines = match faults.acquire {
        Acquire::SetNxEx => vec![(
            "SET lock:{name} <token> NX EX <timeout>",
            LockText::CmdSetNxEx,
        )],
        Acquire::SetnxThenExpire => vec![
            ("SETNX lock:{name} <token>", LockText::CmdSetnx),
            ("EXPIRE lock:{name} <timeout>", LockText::CmdExpire),
        ],
    };
    if faults.fencing {
        lines.push((
            "MULTI · INCR <fence> · EXPIRE <fence> <ttl> · EXEC",
            LockText::CmdIncrFence,
        ));
    }
    if faults.renewal {
        lines.push((
            "EVALSHA <renew.lua> 1 lock:{name} <token> <ms>",
            LockText::CmdRenew,
        ));
    }
    lines.push((
        "GET <counter> … SET <counter> <n+1> EX <ttl>",
        LockText::CmdCounter,
    ));
    if faults.fencing {
        lines.push((
            "EVALSHA <fenced_write.lua> 1 <resource> <fence> …",
            LockText::CmdFencedWrite,
        ));
    }
    match faults.release {
        Release::Lua => lines.push((
            "EVAL <release.lua> 1 lock:{name} <token>",
            LockText::CmdReleaseLua,
        )),
        Release::Del => {
            lines.push(("GET lock:{name}", LockText::CmdPlaygroundGet));
            lines.push(("DEL lock:{name}", LockText::CmdDel));
        }
    }
    lines
}

/// Props of [`CodeView`].
#[derive(Properties, PartialEq)]
pub struct CodeViewProps {
    /// The switches as set, which pick the commands and Lua shown.
    pub faults: Faults,
}

/// The code panel.
#[component]
pub fn CodeView(props: &CodeViewProps) -> Html {
    let lang = use_lang();
    let tab = use_state_eq(|| Tab::Python);
    let faults = &props.faults;
    let tab_button = |which: Tab, label: LockText| {
        let onclick = {
            let tab = tab.clone();
            Callback::from(move |_: MouseEvent| tab.set(which))
        };
        html! {
            <button type="button" class="lock-code__tab" aria-pressed={if *tab == which { "true" } else { "false" }} {onclick}>
                { lang.t(label) }
            </button>
        }
    };
    let lua: Vec<(LockText, &'static str)> = [
        (
            faults.release == Release::Lua,
            LockText::LuaRelease,
            scripts::RELEASE,
        ),
        (faults.renewal, LockText::LuaRenew, scripts::RENEW),
        (
            faults.fencing,
            LockText::LuaFencedWrite,
            scripts::FENCED_WRITE,
        ),
    ]
    .into_iter()
    .filter_map(|(on, title, source)| on.then_some((title, source)))
    .collect();
    let source = |code: &'static str| {
        html! { <pre class="lock-code__source" tabindex="0"><code>{ code }</code></pre> }
    };

    html! {
        <section class="lock-code" data-testid="lock-code" aria-labelledby="lock-code-title">
            <h2 id="lock-code-title" class="panel-title">{ lang.t(LockText::CodeTitle) }</h2>
            <ul class="lock-lessons">
                { for lessons(faults).into_iter().map(|lesson| {
                    let class = classes!(
                        "lock-lesson",
                        lesson.on.then_some(if lesson.fix { "lock-lesson--fix" } else { "lock-lesson--on" }),
                    );
                    html! {
                        <li {class}>
                            <span class="lock-lesson__fault">
                                if lesson.on {
                                    <span class="lock-lesson__on">{ lang.t(LockText::LessonOn) }</span>
                                }
                                { lang.t(lesson.what) }
                            </span>
                            <span class="lock-lesson__fix">{ lang.t(lesson.remedy) }</span>
                        </li>
                    }
                }) }
            </ul>
            <h3 class="lock-code__heading">{ lang.t(LockText::CommandsTitle) }</h3>
            <ol class="lock-commands">
                { for commands(faults).into_iter().map(|(command, note)| html! {
                    <li><code>{ command }</code><span class="lock-commands__note">{ lang.t(note) }</span></li>
                }) }
            </ol>
            <div class="lock-code__tabs" role="group" aria-label={lang.t(LockText::CodeTitle)}>
                { tab_button(Tab::Python, LockText::TabPython) }
                { tab_button(Tab::Rust, LockText::TabRust) }
                { tab_button(Tab::Lua, LockText::TabLua) }
            </div>
            {
                match *tab {
                    Tab::Python => html! { <>
                        <p class="hint">{ lang.t(LockText::PythonNote) }</p>
                        { source(PYTHON) }
                    </> },
                    Tab::Rust => html! { <>
                        <p class="hint">{ lang.t(LockText::RustNote) }</p>
                        { source(RUST) }
                    </> },
                    Tab::Lua => html! { <>
                        if lua.is_empty() {
                            <p class="hint">{ lang.t(LockText::LuaNone) }</p>
                        }
                        { for lua.into_iter().map(|(title, code)| html! { <>
                            <h4 class="lock-code__heading">{ lang.t(title) }</h4>
                            { source(code) }
                        </> }) }
                    </> },
                }
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rust_excerpt_is_still_what_the_backend_runs() {
        let backend = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../backend/src/labs/lock/distributed_lock.rs"
        ))
        .expect("the backend's lock module");
        // Every line of the excerpt, in order, is a line of the backend's file.
        let mut rest = backend.lines();
        for line in RUST.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            assert!(
                rest.any(|b| b == line),
                "not in the backend (in this order): {line:?}"
            );
        }
    }

    #[test]
    fn the_python_is_the_courses_class() {
        assert!(PYTHON.starts_with("# distributed_lock.py\n"));
        assert!(PYTHON.contains("acquired = self.r.set(\n                self.name,"));
        assert!(PYTHON.trim_end().ends_with("self.release()"));
    }

    #[test]
    fn the_commands_follow_the_switches() {
        let plain = commands(&Faults::default());
        assert!(plain[0].0.starts_with("SET lock:{name} <token> NX EX"));
        assert!(
            plain
                .last()
                .is_some_and(|c| c.0.starts_with("EVAL <release.lua>"))
        );
        let faulty = Faults {
            acquire: Acquire::SetnxThenExpire,
            release: Release::Del,
            fencing: true,
            ..Faults::default()
        };
        let lines: Vec<&str> = commands(&faulty).into_iter().map(|c| c.0).collect();
        assert!(lines[0].starts_with("SETNX") && lines[1].starts_with("EXPIRE"));
        assert!(lines.iter().any(|l| l.contains("INCR <fence>")));
        assert_eq!(
            lines[lines.len() - 2..],
            ["GET lock:{name}", "DEL lock:{name}"]
        );
        assert_eq!(lessons(&faulty).iter().filter(|l| l.on).count(), 3);
    }
}
