//! Under the lanes of a retry storm: each lane's refused share and how many of its decisions were
//! retries, the figure the storm demos are about, counted from the decisions Redis made.

use yew::prelude::*;

use super::run::Lane;
use crate::i18n::ratelimit::RatelimitText;
use crate::i18n::use_lang;

/// Props of [`StormTable`].
#[derive(Properties, PartialEq)]
pub struct StormTableProps {
    /// The lanes shown.
    pub lanes: Vec<Lane>,
}

/// One row per lane; nothing when no lane retried (the traffic was not a storm).
#[component]
pub fn StormTable(props: &StormTableProps) -> Html {
    let lang = use_lang();
    let rows: Vec<_> = props
        .lanes
        .iter()
        .map(|lane| {
            let retries = lane.marks.iter().filter(|m| m.retry).count();
            let refused = lane.marks.iter().filter(|m| !m.allowed).count();
            (lane.algorithm, lane.marks.len(), retries, refused)
        })
        .collect();
    if rows.iter().all(|&(_, _, retries, _)| retries == 0) {
        return Html::default();
    }
    html! {
        <section class="ratelimit-storm" data-testid="ratelimit-storm">
            <h2 class="panel-title">{ lang.t(RatelimitText::StormTitle) }</h2>
            <table class="trace__table ratelimit-storm__table">
                <thead>
                    <tr>
                        <th scope="col">{ lang.t(RatelimitText::StormLane) }</th>
                        <th scope="col" class="trace__num">{ lang.t(RatelimitText::StormDecisions) }</th>
                        <th scope="col" class="trace__num">{ lang.t(RatelimitText::StormRetries) }</th>
                        <th scope="col" class="trace__num">{ lang.t(RatelimitText::StormRefused) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for rows.into_iter().map(|(algorithm, decided, retries, refused)| {
                        let share = (refused * 100).checked_div(decided).unwrap_or_default();
                        html! {
                            <tr data-testid="ratelimit-storm-row" data-algorithm={algorithm.id()}>
                                <th scope="row">{ lang.t(RatelimitText::algorithm(algorithm)) }</th>
                                <td class="trace__num">{ decided }</td>
                                <td class="trace__num">{ retries }</td>
                                <td class="trace__num" data-testid="ratelimit-storm-refused">{ format!("{share}%") }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <p class="hint">{ lang.t(RatelimitText::StormHint) }</p>
        </section>
    }
}
