//! The cache warm-up exercise's page (`/exercise/cache`): one Lua script under its contract; the grade
//! below it, each visible case as a table of the most viewed products, what the script cached of them
//! and when each expires, as Redis's `PTTL` read them back, beside when the course's warm-up's and the
//! fixed one's keys expire on the same data.

use shared::exercise::{
    BUSY_SCRIPT_MS, ExerciseRequest,
    cache::{Case, CaseResult, Grade, Property, Row, SOLUTION, SPREAD_MS, SPREAD_PERCENT},
};
use yew::prelude::*;

use super::page::{Editing, ExercisePage, Spec};
use super::progress;
use super::verdict::{Judged, Named, case_item, grade_view};
use crate::i18n::exercise::ExerciseText as T;
use crate::i18n::{LangHandle, Text, fill, use_lang};

impl Named for Property {
    fn id(self) -> &'static str {
        match self {
            Self::Contract => "contract",
            Self::TopProducts => "top_products",
            Self::SameAsDb => "same_as_db",
            Self::Ttl => "ttl",
            Self::Spread => "spread",
            Self::Untouched => "untouched",
        }
    }

    fn name(self) -> T {
        match self {
            Self::Contract => T::PropCacheContract,
            Self::TopProducts => T::PropTopProducts,
            Self::SameAsDb => T::PropSameAsDb,
            Self::Ttl => T::PropTtl,
            Self::Spread => T::PropSpread,
            Self::Untouched => T::PropUntouched,
        }
    }
}

impl Judged for Property {
    const BAD_REPLY: T = T::ErrCacheBadReply;

    fn how(self, lang: &LangHandle) -> String {
        match self {
            Self::Contract => fill(
                lang.t(T::PropCacheContractHow),
                &[&BUSY_SCRIPT_MS.to_string()],
            ),
            Self::TopProducts => lang.t(T::PropTopProductsHow).to_owned(),
            Self::SameAsDb => lang.t(T::PropSameAsDbHow).to_owned(),
            Self::Ttl => fill(lang.t(T::PropTtlHow), &[&SPREAD_PERCENT.to_string()]),
            Self::Spread => fill(lang.t(T::PropSpreadHow), &[&SPREAD_MS.to_string()]),
            Self::Untouched => lang.t(T::PropUntouchedHow).to_owned(),
        }
    }
}

impl Named for Case {
    fn id(self) -> &'static str {
        match self {
            Self::TopTen => "top_ten",
            Self::ShortLog => "short_log",
            Self::NamedIds => "named_ids",
            Self::HiddenHundred => "hidden_hundred",
        }
    }

    fn name(self) -> T {
        match self {
            Self::TopTen => T::CaseTopTen,
            Self::ShortLog => T::CaseShortLog,
            Self::NamedIds => T::CaseNamedIds,
            Self::HiddenHundred => T::CaseCacheHidden,
        }
    }
}

/// The cache exercise.
static SPEC: Spec = Spec {
    testid: "lab-exercise-cache",
    title: Text::ExerciseCacheTitle,
    intro: T::CacheIntro,
    contract,
    editors: &[Editing {
        part: None,
        id: "exercise-script",
        label: T::EditorLabel,
    }],
    drafts: &progress::CACHE,
    request: |progress| ExerciseRequest::Cache {
        script: progress.script(0).to_owned(),
    },
    solution: (T::CacheSolutionTitle, &[SOLUTION]),
};

fn contract(lang: &LangHandle) -> Html {
    html! {
        <>
            <p>{ lang.t(T::CacheContract) }</p>
            <p>{ fill(lang.t(T::CacheNote), &[&SPREAD_PERCENT.to_string()]) }</p>
        </>
    }
}

/// The cache exercise's page.
#[component]
pub fn ExerciseCache() -> Html {
    html! { <ExercisePage spec={&SPEC} /> }
}

/// Props of [`CacheGradeView`].
#[derive(Properties, PartialEq)]
pub struct CacheGradeViewProps {
    /// The grade.
    pub grade: Grade,
}

/// The cache exercise's grade, each visible case with its products.
#[component]
pub fn CacheGradeView(props: &CacheGradeViewProps) -> Html {
    let lang = use_lang();
    grade_view(&lang, &props.grade, Html::default(), |case| {
        case_row(&lang, case)
    })
}

fn case_row(lang: &LangHandle, case: &CaseResult) -> Html {
    let params = fill(
        lang.t(T::CaseCacheParams),
        &[
            &case.products.to_string(),
            &case.top_n.to_string(),
            &case.ttl_secs.to_string(),
            &case.returned.to_string(),
        ],
    );
    let drawing = match &case.rows {
        Some(rows) => products_table(lang, case, rows),
        None => Html::default(),
    };
    case_item(lang, case.case, params, &case.broken, drawing)
}

/// The case's products: the most viewed first, each with what Redis held for it after the warm-up.
fn products_table(lang: &LangHandle, case: &CaseResult, rows: &[Row]) -> Html {
    let testid = format!("exercise-products-{}", case.case.id());
    html! {
        <div class="exercise-products__scroll" tabindex="0" role="region" aria-label={lang.t(T::ProductsCaption).to_owned()}>
            <table class="data-table exercise-products" data-testid={testid}>
                <caption class="visually-hidden">{ lang.t(T::ProductsCaption) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ lang.t(T::ColRank) }</th>
                        <th scope="col">{ lang.t(T::ColProduct) }</th>
                        <th scope="col">{ lang.t(T::ColViews) }</th>
                        <th scope="col">{ lang.t(T::ColTtl) }</th>
                        <th scope="col">{ lang.t(T::ColSameAsDb) }</th>
                        <th scope="col">{ lang.t(T::ColCourseTtl) }</th>
                        <th scope="col">{ lang.t(T::ColFixedTtl) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for rows.iter().map(|row| product_row(lang, row)) }
                </tbody>
            </table>
        </div>
    }
}

fn product_row(lang: &LangHandle, row: &Row) -> Html {
    let rank = row
        .rank
        .map_or_else(|| lang.t(T::NotInTop).to_owned(), |r| r.to_string());
    let ttl = |pttl_ms: Option<i64>| match pttl_ms {
        None => lang.t(T::NotCached).to_owned(),
        Some(-1) => lang.t(T::NoExpiry).to_owned(),
        Some(ms) => format!("{:.1} s", ms as f64 / 1000.0),
    };
    let same = if row.same_as_db { "✓" } else { "✗" };
    let wrong = row.rank.is_none() || row.pttl_ms.is_none() || !row.same_as_db;
    html! {
        <tr class={classes!(wrong.then_some("exercise-products__wrong"))} data-cached={row.pttl_ms.is_some().to_string()}>
            <td>{ rank }</td>
            <td><code>{ &row.id }</code></td>
            <td>{ row.views }</td>
            <td data-testid="exercise-product-ttl">{ ttl(row.pttl_ms) }</td>
            <td aria-label={lang.t(if row.same_as_db { T::SameAsDbYes } else { T::SameAsDbNo }).to_owned()}>{ same }</td>
            <td class="exercise-products__other" data-testid="exercise-product-course-ttl">{ ttl(row.course_pttl_ms) }</td>
            <td class="exercise-products__other" data-testid="exercise-product-fixed-ttl">{ ttl(row.fixed_pttl_ms) }</td>
        </tr>
    }
}
