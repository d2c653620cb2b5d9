//! The heat strip: products 1–200 as Redis holds them right now, one cell each, read with `PTTL`.
//!
//! Cached, not cached and expiring soon differ in colour (Okabe-Ito blue and orange, safe for
//! colour-blind viewers), in pattern (solid, hollow, striped) and in each cell's tooltip, and the legend
//! counts them in words.

use shared::cache::{CacheRequest, KeyTtl};
use yew::prelude::*;

use crate::i18n::cache::CacheText;
use crate::i18n::{Lang, fill, use_lang};

/// First product shown.
const FIRST: u32 = 1;
/// Products shown: the most popular ids, where the access log's top lands.
const COUNT: u32 = 200;
/// Cells per row.
const COLUMNS: u32 = 20;
/// A key with less than this left is "expiring soon".
const EXPIRING_MS: i64 = 60_000;
/// The strip is read on a timer only while some key has less than this left: others cannot change
/// state before the next action, and each reading adds 200 `PTTL`s to the trace.
const WATCH_MS: i64 = 5 * 60_000;

/// The strip's reading.
pub fn request() -> CacheRequest {
    CacheRequest::Inspect {
        first: FIRST,
        count: COUNT,
    }
}

/// One product's state, as its cell shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellState {
    /// In Redis with time to spare (or without an expiry).
    Cached,
    /// In Redis, expiring within [`EXPIRING_MS`].
    Expiring,
    /// Not in Redis.
    Missing,
}

impl CellState {
    /// The state of a key from its `PTTL` (-2: no key, -1: no expiry).
    pub fn of(pttl_ms: i64) -> Self {
        match pttl_ms {
            ..=-2 => Self::Missing,
            0..EXPIRING_MS => Self::Expiring,
            _ => Self::Cached,
        }
    }

    /// The `data-state` value, also the CSS modifier.
    pub fn id(self) -> &'static str {
        match self {
            Self::Cached => "cached",
            Self::Expiring => "expiring",
            Self::Missing => "missing",
        }
    }

    fn label(self) -> CacheText {
        match self {
            Self::Cached => CacheText::Cached,
            Self::Expiring => CacheText::Expiring,
            Self::Missing => CacheText::Missing,
        }
    }
}

/// Whether a key of the last reading may change state soon, so the strip is worth reading again.
pub fn watching(keys: &[KeyTtl]) -> bool {
    keys.iter().any(|k| (0..WATCH_MS).contains(&k.pttl_ms))
}

/// How many cells are in each state, in [cached, expiring, missing] order.
pub fn counts(keys: &[KeyTtl]) -> [usize; 3] {
    let of = |state| {
        keys.iter()
            .filter(|k| CellState::of(k.pttl_ms) == state)
            .count()
    };
    [
        of(CellState::Cached),
        of(CellState::Expiring),
        of(CellState::Missing),
    ]
}

/// Props of [`HeatStrip`].
#[derive(Properties, PartialEq)]
pub struct HeatStripProps {
    /// The last readings; `None` before the first.
    pub keys: Option<Vec<KeyTtl>>,
}

/// The grid of products with its legend.
#[component]
pub fn HeatStrip(props: &HeatStripProps) -> Html {
    let lang = use_lang();
    let title = fill(
        lang.t(CacheText::StripTitle),
        &[&FIRST.to_string(), &(FIRST + COUNT - 1).to_string()],
    );
    let keys = props.keys.as_deref().unwrap_or_default();
    let counts = counts(keys);
    let states = [CellState::Cached, CellState::Expiring, CellState::Missing];

    html! {
        <section class="cache-panel cache-strip-panel" aria-labelledby="cache-strip-title">
            <h2 id="cache-strip-title" class="panel-title">{ title }</h2>
            <ul class="legend cache-legend">
                { for states.into_iter().zip(counts).map(|(state, n)| html! {
                    <li>
                        <span class={classes!("cache-cell", "cache-cell--legend", format!("cache-cell--{}", state.id()))} aria-hidden="true"></span>
                        { format!("{} {n}", lang.t(state.label())) }
                    </li>
                }) }
            </ul>
            if props.keys.is_none() {
                <p class="hint">{ lang.t(CacheText::StripWaiting) }</p>
            }
            <div class="cache-strip" data-testid="cache-strip" role="list" style={format!("--cache-columns: {COLUMNS}")}>
                { for keys.iter().map(|key| cell(lang.lang, *key)) }
            </div>
            <p class="hint">{ lang.t(CacheText::StripNote) }</p>
        </section>
    }
}

fn cell(lang: Lang, key: KeyTtl) -> Html {
    let state = CellState::of(key.pttl_ms);
    let id = key.id.to_string();
    let title = if state == CellState::Missing || key.pttl_ms < 0 {
        fill(lang.t(CacheText::CellTitle), &[&id, lang.t(state.label())])
    } else {
        let secs = (key.pttl_ms + 999) / 1000;
        fill(lang.t(CacheText::CellTitleTtl), &[&id, &secs.to_string()])
    };
    html! {
        <span
            class={classes!("cache-cell", format!("cache-cell--{}", state.id()))}
            data-testid="cache-cell"
            data-id={id}
            data-state={state.id()}
            role="listitem"
            title={title.clone()}
            aria-label={title}
        ></span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pttl_decides_the_state() {
        assert_eq!(CellState::of(-2), CellState::Missing);
        assert_eq!(
            CellState::of(-1),
            CellState::Cached,
            "no expiry: cached for good"
        );
        assert_eq!(CellState::of(0), CellState::Expiring);
        assert_eq!(CellState::of(59_999), CellState::Expiring);
        assert_eq!(CellState::of(60_000), CellState::Cached);
        assert_eq!(CellState::of(3_600_000), CellState::Cached);
    }

    #[test]
    fn counts_add_up() {
        let keys: Vec<KeyTtl> = [-2, -2, 500, 3_600_000]
            .into_iter()
            .enumerate()
            .map(|(i, pttl_ms)| KeyTtl {
                id: i as u32 + 1,
                pttl_ms,
            })
            .collect();
        assert_eq!(counts(&keys), [1, 1, 2]);
    }

    #[test]
    fn only_keys_near_their_end_are_watched() {
        let key = |pttl_ms| KeyTtl { id: 1, pttl_ms };
        assert!(!watching(&[]));
        assert!(!watching(&[key(-2), key(-1), key(3_600_000)]));
        assert!(watching(&[key(-2), key(299_000)]));
        assert!(watching(&[key(0)]));
    }

    #[test]
    fn the_reading_is_a_valid_request() {
        assert_eq!(request().validate(), Ok(()));
    }
}
