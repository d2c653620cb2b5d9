//! The code panel: the course's `CacheWarmer` and the Redis commands it becomes here.
//!
//! `course/cache_warmup.py` is a verbatim copy of `phase3-2-advanced-features.md`, 演習4. The commands
//! are the ones the backend sends, written with placeholders; the access log's two readings sit side by
//! side, and the one the form's switch selects is marked.

use yew::prelude::*;

use crate::i18n::cache::CacheText;
use crate::i18n::use_lang;

/// The course's `CacheWarmer`.
const CACHE_WARMER: &str = include_str!("course/cache_warmup.py");

/// Which reading of the access log a command is, if it is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Top {
    /// Not a reading of the top.
    No,
    /// The course's `ZREVRANGE`.
    Course,
    /// `ZRANGE … REV`.
    Rev,
}

/// The commands, in the order a visitor meets them, with what each does here.
const COMMANDS: [(&str, CacheText, Top); 7] = [
    (
        "ZINCRBY product:access_count 1 <id>",
        CacheText::CmdZincrby,
        Top::No,
    ),
    (
        "EXPIRE product:access_count 3600",
        CacheText::CmdExpireLog,
        Top::No,
    ),
    (
        "ZREVRANGE product:access_count 0 <top_n - 1>",
        CacheText::CmdZrevrange,
        Top::Course,
    ),
    (
        "ZRANGE product:access_count 0 <top_n - 1> REV",
        CacheText::CmdZrangeRev,
        Top::Rev,
    ),
    (
        "SETEX product:{id} 3600 <json>",
        CacheText::CmdSetex,
        Top::No,
    ),
    ("GET product:{id}", CacheText::CmdGet, Top::No),
    ("PTTL product:{id}", CacheText::CmdPttl, Top::No),
];

/// Props of [`CodeView`].
#[derive(Properties, PartialEq)]
pub struct CodeViewProps {
    /// The form reads the top with `ZRANGE … REV`.
    pub zrange_rev: bool,
}

/// The course's Python and the commands beside it.
#[component]
pub fn CodeView(props: &CodeViewProps) -> Html {
    let lang = use_lang();
    let in_use = if props.zrange_rev {
        Top::Rev
    } else {
        Top::Course
    };
    html! {
        <section class="cache-code" data-testid="cache-code" aria-labelledby="cache-code-title">
            <div class="cache-code__source">
                <h2 id="cache-code-title" class="panel-title">{ lang.t(CacheText::CodeTitle) }</h2>
                <pre class="cache-code__pre" tabindex="0"><code>{ CACHE_WARMER }</code></pre>
            </div>
            <div class="code-panel cache-code__commands">
                <h2 class="panel-title">{ lang.t(CacheText::CommandsTitle) }</h2>
                <ol class="code-panel__lines">
                    { for COMMANDS.iter().map(|&(code, note, top)| {
                        let used = top == in_use;
                        html! {
                            <li class={classes!(used.then_some("cache-code__in-use"))} data-top={(top != Top::No).then_some(if used { "in-use" } else { "other" })}>
                                <code class="code-panel__code">{ code }</code>
                                <span class="code-panel__note">{ lang.t(note) }</span>
                                if used {
                                    <span class="tag tag--ready">{ lang.t(CacheText::InUse) }</span>
                                }
                            </li>
                        }
                    }) }
                </ol>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_code_is_the_warmer_with_its_deprecated_reading() {
        assert!(CACHE_WARMER.starts_with("# cache_warmup.py"));
        assert!(CACHE_WARMER.contains("max_workers=10"));
        assert!(CACHE_WARMER.contains("self.r.zrevrange('product:access_count', 0, top_n - 1)"));
    }

    #[test]
    fn both_readings_of_the_top_are_listed() {
        let tops: Vec<Top> = COMMANDS
            .iter()
            .map(|c| c.2)
            .filter(|&t| t != Top::No)
            .collect();
        assert_eq!(tops, [Top::Course, Top::Rev]);
    }
}
