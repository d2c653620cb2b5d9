//! The fan-out graph: publisher → channels (→ patterns) → subscribers, with every message animated
//! along the edges it really travelled. Pulses come from [`Book::pulses`](super::book::Book): one per
//! edge per update, however many messages took it, so 50 subscribers at 100 messages a second stay
//! smooth; the counters on the nodes count every message.

use std::rc::Rc;

use shared::pubsub::Subscription;
use yew::prelude::*;

use super::book::Book;
use super::layout::{Layout, Node, WIDTH, fit, label_font};
use super::pulses::Edge;
use super::state::Hovered;
use crate::components::ExportSvg;
use crate::components::a11y::prefers_reduced_motion;
use crate::i18n::pubsub::PubsubText as T;
use crate::i18n::{fill, use_lang};

/// Props of [`Graph`].
#[derive(Properties)]
pub struct GraphProps {
    /// What each subscriber listens to.
    pub subscriptions: Rc<Vec<Subscription>>,
    /// The hub's bookkeeping.
    pub book: Rc<Book>,
    /// The virtual subscriber whose inbox is shown.
    pub selected: u32,
    /// A subscriber was clicked.
    pub on_select: Callback<u32>,
    /// The pointer moved onto (or off) the publisher.
    pub on_hover: Callback<Option<Hovered>>,
}

impl PartialEq for GraphProps {
    /// By identity: the book is replaced on every change, so this is one pointer per prop.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.subscriptions, &other.subscriptions)
            && Rc::ptr_eq(&self.book, &other.book)
            && self.selected == other.selected
            && self.on_select == other.on_select
            && self.on_hover == other.on_hover
    }
}

/// The CSS class of an edge's kind; patterns are dashed as well as coloured, for colour-blind eyes.
fn edge_class(edge: &Edge) -> &'static str {
    match edge {
        Edge::Publish { .. } => "pubsub-edge--publish",
        Edge::Direct { .. } => "pubsub-edge--direct",
        Edge::Match { .. } => "pubsub-edge--match",
        Edge::Pattern { .. } => "pubsub-edge--pattern",
    }
}

/// Pulse radius for `n` messages on one edge at label size `font`: larger for more, at most double.
fn pulse_radius(n: u32, font: f64) -> String {
    format!(
        "{:.1}",
        font * 0.4 * (1.0 + f64::from(n).log2().min(8.0) / 8.0)
    )
}

/// A channel's or pattern's name, shrunk or cut to fit its box.
fn name(node: &Node, font: f64) -> Html {
    let width = node.w - 16.0;
    let font = label_font(&node.name, width, font);
    label(
        node,
        fit(&node.name, width, font),
        font,
        "pubsub-node__name",
    )
}

fn label(node: &Node, text: String, font: f64, class: &'static str) -> Html {
    html! {
        <text class={class} x={format!("{:.1}", node.x + 10.0)} y={format!("{:.1}", node.y)}
            font-size={format!("{font:.1}")} dominant-baseline="central">{ text }</text>
    }
}

fn rect(node: &Node, class: &'static str) -> Html {
    html! {
        <rect class={class} x={format!("{:.1}", node.x)} y={format!("{:.1}", node.y - node.h / 2.0)}
            width={format!("{:.1}", node.w)} height={format!("{:.1}", node.h)} rx="8" />
    }
}

/// The graph, drawn as SVG.
#[component]
pub fn Graph(props: &GraphProps) -> Html {
    let lang = use_lang();
    let book = &props.book;
    let layout = use_memo(
        (props.subscriptions.clone(), book.channels.clone()),
        |(subscriptions, channels)| Layout::new(subscriptions, channels),
    );
    let font = layout.font;
    // Under reduced motion a pulse stands still at its edge's end for as long as it would have moved.
    let still = if prefers_reduced_motion() {
        "; offset-distance: 100%; animation: none"
    } else {
        ""
    };
    let heading = |x: f64, text: T| {
        html! { <text class="pubsub-graph__heading" x={format!("{x:.1}")} y="24" font-size="20">{ lang.t(text) }</text> }
    };
    let last = book.publishes.back().cloned();
    let publisher = &layout.publisher;
    let on_enter = {
        let (on_hover, publish) = (props.on_hover.clone(), last.as_ref().map(|p| p.publish));
        Callback::from(move |_: MouseEvent| on_hover.emit(publish.map(Hovered::Publish)))
    };
    let on_leave = props.on_hover.reform(|_: MouseEvent| None);

    html! {
        <figure class="pubsub-graph" data-testid="pubsub-graph">
            <svg class="pubsub-graph__svg" viewBox={format!("0 0 {WIDTH} {:.0}", layout.height)} role="img"
                aria-label={lang.t(T::GraphLabel)}>
                { heading(publisher.x, T::ColPublisher) }
                { heading(layout.channels.first().map_or(0.0, |c| c.x), T::ColChannels) }
                if let Some(column) = layout.pattern_column {
                    { heading(column.x, T::ColPatterns) }
                }
                { heading(layout.subscribers.first().map_or(0.0, |s| s.x), T::ColSubscribers) }
                <g class="pubsub-edges">
                    { for layout.edges.iter().map(|(edge, d)| html! {
                        <path class={classes!("pubsub-edge", edge_class(edge))} d={d.clone()} />
                    }) }
                </g>
                <g class="pubsub-pulses">
                    { for book.pulses.batches().flat_map(|batch| {
                        batch.edges.iter().enumerate().filter_map(|(i, (edge, n))| {
                            let d = layout.path(edge)?.to_owned();
                            let key = format!("{}:{i}", batch.serial);
                            Some(html! {
                                <circle {key} class={classes!("pubsub-pulse", edge_class(edge))}
                                    r={pulse_radius(*n, font)} style={format!("offset-path: path('{d}'){still}")} />
                            })
                        }).collect::<Vec<_>>()
                    }) }
                </g>
                <g class="pubsub-node pubsub-node--publisher" onmouseenter={on_enter} onmouseleave={on_leave}>
                    { rect(publisher, "pubsub-node__box") }
                    { label(publisher, "PUBLISH".to_owned(), font, "pubsub-node__name") }
                    if let Some(p) = &last {
                        <text class="pubsub-node__count" x={format!("{:.1}", publisher.x + 4.0)}
                            y={format!("{:.1}", publisher.y + publisher.h / 2.0 + font + 4.0)}
                            font-size={format!("{font:.0}")}>
                            { fill(lang.t(T::GraphReceivers), &[&p.receivers.to_string()]) }
                        </text>
                    }
                </g>
                { for layout.channels.iter().map(|c| html! {
                    <g class="pubsub-node pubsub-node--channel">
                        <title>{ c.name.clone() }</title>
                        { rect(c, "pubsub-node__box") }
                        { name(c, font) }
                    </g>
                }) }
                { for layout.patterns.iter().map(|p| html! {
                    <g class="pubsub-node pubsub-node--pattern">
                        <title>{ p.name.clone() }</title>
                        { rect(p, "pubsub-node__box") }
                        { name(p, font) }
                    </g>
                }) }
                { for layout.subscribers.iter().zip(&book.members).enumerate().map(|(i, (node, member))| {
                    let i = i as u32;
                    let onclick = props.on_select.reform(move |_: MouseEvent| i);
                    let class = classes!(
                        "pubsub-node", "pubsub-node--subscriber",
                        (!member.connected).then_some("pubsub-node--off"),
                        (i == 0).then_some("pubsub-node--browser"),
                        (i == props.selected).then_some("pubsub-node--selected"),
                    );
                    let title = if i == 0 { lang.t(T::BrowserShort).to_owned() } else { format!("#{i}") };
                    html! {
                        <g {class} {onclick} data-graph-subscriber={i.to_string()}>
                            { rect(node, "pubsub-node__box") }
                            { label(node, if member.connected { title } else { format!("✕ {title}") }, font, "pubsub-node__name") }
                            <text class="pubsub-node__count" x={format!("{:.1}", node.x + node.w - 10.0)}
                                y={format!("{:.1}", node.y)} font-size={format!("{font:.0}")}
                                text-anchor="end" dominant-baseline="central">
                                { member.received.to_string() }
                            </text>
                        </g>
                    }
                }) }
            </svg>
            <figcaption class="legend pubsub-graph__legend">
                <span class="pubsub-legend pubsub-legend--direct">{ lang.t(T::LegendDirect) }</span>
                <span class="pubsub-legend pubsub-legend--pattern">{ lang.t(T::LegendPattern) }</span>
                <span class="pubsub-legend pubsub-legend--off">{ lang.t(T::LegendOff) }</span>
                <span class="pubsub-legend__note">{ lang.t(T::LegendCounts) }</span>
                <ExportSvg target=".pubsub-graph" name="pubsub.svg" />
            </figcaption>
        </figure>
    }
}
