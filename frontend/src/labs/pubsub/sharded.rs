//! The sharded lesson's figures: on a Redis Cluster, what every node's cluster bus received while
//! classic `PUBLISH`es and sharded `SPUBLISH`es were sent, the channels' shard marked; on one Redis, why
//! there is nothing to compare.

use shared::pubsub::ShardedReport;
use yew::prelude::*;

use super::demos::SHARDED_MESSAGES;
use super::requests::ShardedRun;
use crate::format::grouped;
use crate::i18n::pubsub::PubsubText as T;
use crate::i18n::{fill, use_lang};

/// Props of [`ShardedPanel`].
#[derive(Properties, PartialEq)]
pub struct ShardedPanelProps {
    /// The last run, if any.
    pub run: ShardedRun,
}

/// The table of nodes and what their buses received.
fn nodes(report: &ShardedReport, lang: &crate::i18n::LangHandle) -> Html {
    html! {
        <table class="data-table pubsub-sharded__nodes" data-testid="pubsub-sharded-nodes">
            <thead>
                <tr>
                    <th scope="col">{ lang.t(T::ShardedNode) }</th>
                    <th scope="col">{ lang.t(T::ShardedRole) }</th>
                    <th scope="col" class="num">{ lang.t(T::ShardedClassic) }</th>
                    <th scope="col" class="num">{ lang.t(T::ShardedSharded) }</th>
                </tr>
            </thead>
            <tbody>
                { for report.nodes.iter().map(|node| html! {
                    <tr class={classes!(node.shard.then_some("pubsub-sharded__shard"))}>
                        <th scope="row"><code>{ &node.address }</code></th>
                        <td>
                            { lang.t(if node.replica { T::ShardedReplica } else { T::ShardedMaster }) }
                            if node.shard {
                                <span class="tag pubsub-sharded__tag">{ lang.t(T::ShardedInShard) }</span>
                            }
                        </td>
                        <td class="num">{ grouped(node.classic as i64) }</td>
                        <td class="num">{ grouped(node.sharded as i64) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// The lesson's panel.
#[component]
pub fn ShardedPanel(props: &ShardedPanelProps) -> Html {
    let lang = use_lang();
    let body = match &props.run.result {
        None => html! {
            <p class="running" role="status">
                { fill(lang.t(T::ShardedRunning), &[&SHARDED_MESSAGES.to_string()]) }
            </p>
        },
        Some(Err(_)) => html! { <p class="error-box">{ lang.t(T::ShardedFailed) }</p> },
        Some(Ok(report)) if !report.cluster => html! {
            <p class="hint" data-testid="pubsub-sharded-single">{ lang.t(T::ShardedNoCluster) }</p>
        },
        Some(Ok(report)) => html! {
            <>
                { nodes(report, &lang) }
                <p class="hint" data-testid="pubsub-sharded-summary">
                    { fill(lang.t(T::ShardedSummary), &[
                        &report.messages.to_string(),
                        &report.classic_delivered.to_string(),
                        &report.sharded_delivered.to_string(),
                        &report.classic_receivers.to_string(),
                        &report.sharded_receivers.to_string(),
                    ]) }
                </p>
                <p>{ lang.t(T::ShardedLesson) }</p>
            </>
        },
    };
    html! {
        <section class="pubsub-sharded" data-testid="pubsub-sharded" aria-labelledby="pubsub-sharded-title">
            <h2 id="pubsub-sharded-title" class="panel-title">{ lang.t(T::ShardedTitle) }</h2>
            { body }
        </section>
    }
}
