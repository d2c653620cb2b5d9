//! A run of consecutive trace rows, drawn only when the reader can see it.
//!
//! A live run writes hundreds of trace lines a second, so each redraw of the panel would otherwise
//! create most of its 500 rows again and lay the whole table out. The panel splits its lines into
//! chunks of [`CHUNK_LINES`] line numbers: a chunk whose lines did not change is not drawn again, and a
//! chunk away from the scroller's view is one empty row of about its height until an
//! `IntersectionObserver` sees it come near, and becomes one again when it leaves. The newest rows (the
//! ones a reader following the trace looks at) are always drawn. So a redraw lays out the rows near the
//! view and the newest, not every row drawn since the reader last scrolled.

use std::rc::Rc;

use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};
use yew::prelude::*;

use crate::components::TraceLine;
use crate::trace_log::TraceLine as Line;

/// How many consecutive line numbers one chunk holds.
const CHUNK_LINES: u64 = 20;
/// How many of the newest rows are drawn whatever the scroll position.
const EAGER_ROWS: usize = 60;
/// A row's height before it is drawn, in CSS pixels: one line of the table's text and its padding.
const ROW_ESTIMATE_PX: usize = 26;
/// How far outside the scroller's view a chunk starts being drawn.
const NEAR: &str = "100% 0px";

/// Props of [`TraceChunk`].
#[derive(Properties, PartialEq)]
pub struct TraceChunkProps {
    /// The chunk's lines the panel shows, oldest first; shared with the log.
    pub lines: Vec<Rc<Line>>,
    /// Draw the rows now, seen or not: the chunk holds some of the newest rows.
    pub eager: bool,
    /// The panel's scroller, the view the chunk must come near to be drawn.
    pub scroller: NodeRef,
    /// Minutes to add to UTC for local time.
    pub utc_offset_minutes: i64,
}

/// One `<tbody>` of the trace table: its rows while eager or near the view, else a placeholder of
/// their height.
#[component]
pub fn TraceChunk(props: &TraceChunkProps) -> Html {
    let body = use_node_ref();
    let near = use_state_eq(|| false);
    {
        let (body, scroller, near) = (body.clone(), props.scroller.clone(), near.clone());
        // One observer for the chunk's life: the `<tbody>` stays the same element whether its rows or
        // its placeholder are drawn.
        use_effect_with((), move |()| {
            let watching = Watch::start(&body, &scroller, near);
            move || drop(watching)
        });
    }
    let drawn = props.eager || *near;

    html! {
        <tbody
            ref={body}
            class={(!drawn).then_some("trace__pending")}
            aria-hidden={(!drawn).then_some("true")}
        >
            if drawn {
                { for props.lines.iter().cloned().map(|line| {
                    let key = line.line;
                    html! { <TraceLine {key} {line} utc_offset_minutes={props.utc_offset_minutes} /> }
                }) }
            } else {
                <tr>
                    <td colspan="5" style={format!("height: {}px", props.lines.len() * ROW_ESTIMATE_PX)}></td>
                </tr>
            }
        </tbody>
    }
}

/// An `IntersectionObserver` on one chunk, disconnected when dropped.
struct Watch {
    observer: IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Watch {
    /// Observes `body` against `scroller`, setting `near` as it comes within [`NEAR`] of the view and
    /// goes out of it again.
    fn start(body: &NodeRef, scroller: &NodeRef, near: UseStateHandle<bool>) -> Option<Self> {
        let body = body.cast::<Element>()?;
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            // Entries come oldest first; the last tells where the chunk is now.
            let last = entries
                .iter()
                .next_back()
                .and_then(|entry| entry.dyn_into::<IntersectionObserverEntry>().ok());
            if let Some(entry) = last {
                near.set(entry.is_intersecting());
            }
        });
        let options = IntersectionObserverInit::new();
        options.set_root_margin(NEAR);
        if let Some(root) = scroller.cast::<Element>() {
            options.set_root(Some(&root));
        }
        let observer =
            IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
                .ok()?;
        observer.observe(&body);
        Some(Self {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// The lines of one [`TraceChunk`]: those whose line number divided by [`CHUNK_LINES`] is `number`.
#[derive(Debug, PartialEq)]
pub struct Chunk {
    /// The chunk's key: its line numbers divided by [`CHUNK_LINES`].
    pub number: u64,
    /// Its lines the panel shows, oldest first.
    pub lines: Vec<Rc<Line>>,
    /// Holds one of the newest [`EAGER_ROWS`] lines.
    pub eager: bool,
}

/// `lines` (oldest first) split by line number into chunks, oldest first.
pub fn split(lines: Vec<Rc<Line>>) -> Vec<Chunk> {
    let eager_from = lines.len().saturating_sub(EAGER_ROWS);
    let mut chunks: Vec<Chunk> = Vec::new();
    for (index, line) in lines.into_iter().enumerate() {
        let number = line.line / CHUNK_LINES;
        let eager = index >= eager_from;
        match chunks.last_mut() {
            Some(chunk) if chunk.number == number => {
                chunk.eager |= eager;
                chunk.lines.push(line);
            }
            _ => chunks.push(Chunk {
                number,
                lines: vec![line],
                eager,
            }),
        }
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace_log::tests::entry;

    fn line(line: u64) -> Rc<Line> {
        Rc::new(Line {
            line,
            entry: entry(line, "a"),
        })
    }

    #[test]
    fn lines_split_by_line_number_and_only_the_newest_chunks_are_eager() {
        // A filter leaves gaps in the line numbers; a chunk is still its own numbers.
        let shown: Vec<Rc<Line>> = (1..=200).filter(|n| n % 2 == 1).map(line).collect();
        let split = split(shown);
        let numbers: Vec<u64> = split.iter().map(|chunk| chunk.number).collect();
        assert_eq!(numbers, (0..=9).collect::<Vec<_>>());
        assert!(split.iter().all(|chunk| {
            chunk
                .lines
                .iter()
                .all(|line| line.line / CHUNK_LINES == chunk.number)
        }));
        assert_eq!(split.iter().map(|c| c.lines.len()).sum::<usize>(), 100);
        let eager_rows: usize = split
            .iter()
            .filter(|chunk| chunk.eager)
            .map(|chunk| chunk.lines.len())
            .sum();
        assert!(eager_rows >= EAGER_ROWS, "{eager_rows}");
        assert!(split.first().is_some_and(|chunk| !chunk.eager));
        assert!(split.last().is_some_and(|chunk| chunk.eager));
    }

    #[test]
    fn a_short_log_is_drawn_whole() {
        let split = split((1..=30).map(line).collect());
        assert!(split.iter().all(|chunk| chunk.eager));
    }
}
