//! The lab's form: the stand-in database, the warm-up (`CacheWarmer`), the access log's simulated
//! traffic, and measuring and emptying the cache. Buttons report a [`Command`]; the page sends it.

use shared::cache::{CATALOG, MAX_BATCH, MAX_WORKERS};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::kind::Phase;
use super::settings::{Field, Setting, Settings, SourceKind};
use crate::i18n::cache::CacheText;
use crate::i18n::{Lang, fill, use_lang};

/// What a button asks the page to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Record simulated views.
    Views,
    /// Warm up.
    Warmup,
    /// A measured pass.
    Measure,
    /// Empty the cache.
    Reset,
    /// A stampede, with the lock or without.
    Stampede(bool),
    /// Workers against one pipeline.
    Race,
}

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The form's values.
    pub settings: Settings,
    /// The wire name of the field a range error names, marked invalid.
    pub invalid: Option<AttrValue>,
    /// Something runs (or there is no connection): the action buttons wait.
    pub busy: bool,
    /// What the next measured pass counts as.
    pub next_phase: Phase,
    /// Keys the last reset deleted.
    pub reset: Option<u64>,
    /// A value changed.
    pub on_setting: Callback<Setting>,
    /// A button was pressed.
    pub on_command: Callback<Command>,
}

/// The command the warm-up will read the access log with, as the switch chooses it.
pub fn top_command(settings: &Settings) -> String {
    let stop = settings
        .text(Field::TopN)
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|&n| n > 0)
        .map_or_else(|| "<top_n - 1>".to_owned(), |n| (n - 1).to_string());
    if settings.zrange_rev {
        format!("ZRANGE product:access_count 0 {stop} REV")
    } else {
        format!("ZREVRANGE product:access_count 0 {stop}")
    }
}

/// A labelled number input bound to `field`.
fn number(
    props: &ControlsProps,
    lang: Lang,
    field: Field,
    label: CacheText,
    range: (u32, u32),
) -> Html {
    let id = format!("cache-{}", field.wire().replace('_', "-"));
    let on_input = props.on_setting.reform(move |event: InputEvent| {
        Setting::Number(
            field,
            event.target_unchecked_into::<HtmlInputElement>().value(),
        )
    });
    let invalid = (props.invalid.as_deref() == Some(field.wire())).then_some("true");
    html! {
        <div class="field cache-field">
            <label for={id.clone()}>
                { lang.t(label) }
                <span class="field__range">{ format!("{}–{}", range.0, range.1) }</span>
            </label>
            <input
                id={id.clone()}
                data-testid={id}
                type="number"
                inputmode="numeric"
                min={range.0.to_string()}
                max={range.1.to_string()}
                value={props.settings.text(field).to_owned()}
                aria-invalid={invalid}
                oninput={on_input}
            />
        </div>
    }
}

/// A labelled switch (checkbox) reporting `make(checked)`.
fn switch(
    props: &ControlsProps,
    label: &str,
    testid: &'static str,
    on: bool,
    make: fn(bool) -> Setting,
) -> Html {
    let on_change = props.on_setting.reform(move |event: Event| {
        make(event.target_unchecked_into::<HtmlInputElement>().checked())
    });
    html! {
        <label class="cache-switch">
            <input type="checkbox" role="switch" data-testid={testid} checked={on} onchange={on_change} />
            { label.to_owned() }
        </label>
    }
}

/// The form, in four panels.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let lang = use_lang().lang;
    let settings = &props.settings;
    let button = |command: Command, testid: &'static str, label: CacheText| {
        let on_click = props.on_command.reform(move |_: MouseEvent| command);
        html! {
            <button type="button" class="button" data-testid={testid} disabled={props.busy} onclick={on_click}>
                { lang.t(label) }
            </button>
        }
    };
    let source = |kind: SourceKind, value: &'static str, label: CacheText| {
        let on_change = props
            .on_setting
            .reform(move |_: Event| Setting::Source(kind));
        html! {
            <label class="cache-choice">
                <input type="radio" name="cache-source" {value} data-testid={format!("cache-source-{value}")}
                    checked={settings.source == kind} onchange={on_change} />
                <code>{ lang.t(label) }</code>
            </label>
        }
    };
    let next = match props.next_phase {
        Phase::Cold => CacheText::PhaseCold,
        Phase::Warm => CacheText::PhaseWarm,
    };
    let max_batch = (1, MAX_BATCH);
    // The other source's fields stay visible (the demo uses the access log's switch), only quieter.
    let off = |kind: SourceKind| (settings.source != kind).then_some("cache-indent--off");

    html! {
        <div class="cache-controls">
            <section class="cache-panel cache-db" aria-labelledby="cache-db-title">
                <h2 id="cache-db-title" class="panel-title">{ lang.t(CacheText::DbTitle) }</h2>
                <p class="hint">{ lang.t(CacheText::DbNote) }</p>
                { number(props, lang, Field::Latency, CacheText::DbLatency, (0, 500)) }
            </section>
            <section class="cache-panel" aria-labelledby="cache-warmup-title">
                <h2 id="cache-warmup-title" class="panel-title">{ lang.t(CacheText::WarmupTitle) }</h2>
                <fieldset class="cache-fieldset">
                    <legend>{ lang.t(CacheText::SourceLabel) }</legend>
                    { source(SourceKind::Range, "range", CacheText::SourceRange) }
                    <div class={classes!("cache-indent", "cache-row", off(SourceKind::Range))}>
                            { number(props, lang, Field::First, CacheText::First, (1, CATALOG)) }
                            { number(props, lang, Field::Count, CacheText::Count, max_batch) }
                    </div>
                    { source(SourceKind::AccessLog, "log", CacheText::SourceLog) }
                    <div class={classes!("cache-indent", off(SourceKind::AccessLog))}>
                            { number(props, lang, Field::TopN, CacheText::TopN, max_batch) }
                            <p class="cache-field__legend">{ lang.t(CacheText::ZrangeLabel) }</p>
                            { switch(props, lang.t(CacheText::ZrangeRev), "cache-zrange-rev", settings.zrange_rev, Setting::ZrangeRev) }
                            <p class="hint">
                                { if settings.zrange_rev { lang.t(CacheText::ZrangeRev) } else { lang.t(CacheText::ZrangeCourse) } }
                                <br />
                                <code data-testid="cache-top-command">{ top_command(settings) }</code>
                            </p>
                    </div>
                </fieldset>
                <div class="cache-row">
                    { number(props, lang, Field::Workers, CacheText::Workers, (1, MAX_WORKERS)) }
                    { number(props, lang, Field::Ttl, CacheText::Ttl, (1, 86_400)) }
                </div>
                { switch(props, lang.t(CacheText::Jitter), "cache-jitter", settings.jitter, Setting::Jitter) }
                { button(Command::Warmup, "cache-warmup", CacheText::WarmupButton) }
            </section>
            <section class="cache-panel" aria-labelledby="cache-traffic-title">
                <h2 id="cache-traffic-title" class="panel-title">{ lang.t(CacheText::TrafficTitle) }</h2>
                { number(props, lang, Field::Views, CacheText::Views, max_batch) }
                { button(Command::Views, "cache-views", CacheText::ViewsButton) }
            </section>
            <section class="cache-panel" aria-labelledby="cache-measure-title">
                <h2 id="cache-measure-title" class="panel-title">{ lang.t(CacheText::MeasureTitle) }</h2>
                { number(props, lang, Field::Reads, CacheText::Reads, max_batch) }
                <p class="hint">{ fill(lang.t(CacheText::MeasureNext), &[lang.t(next)]) }</p>
                <div class="cache-buttons">
                    { button(Command::Measure, "cache-measure", CacheText::MeasureButton) }
                    { button(Command::Reset, "cache-reset", CacheText::ResetButton) }
                </div>
                if let Some(deleted) = props.reset {
                    <p class="hint" data-testid="cache-reset-result">{ fill(lang.t(CacheText::ResetDone), &[&deleted.to_string()]) }</p>
                }
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_shows_the_command_it_sends() {
        let mut settings = Settings::default();
        assert_eq!(
            top_command(&settings),
            "ZREVRANGE product:access_count 0 199"
        );
        settings.apply(Setting::ZrangeRev(true));
        assert_eq!(
            top_command(&settings),
            "ZRANGE product:access_count 0 199 REV"
        );
        settings.apply(Setting::Number(Field::TopN, "x".into()));
        assert_eq!(
            top_command(&settings),
            "ZRANGE product:access_count 0 <top_n - 1> REV"
        );
    }
}
