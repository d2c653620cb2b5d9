//! The cache exercise's properties, as pure functions of what the sandbox held after the script ran.

use std::collections::{BTreeMap, BTreeSet};

use shared::exercise::cache::{Property, Row, SPREAD_MS, SPREAD_PERCENT};

use super::cases::Plan;

/// How much a `PTTL` read right after the script may fall short of the expiry's lower bound: the read
/// comes a moment after the `SET`.
const READ_SLACK_MS: i64 = 2000;

/// What one case left, read back on the sandbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// What the script returned.
    pub returned: i64,
    /// Every key under the case's prefix: its id (the key without the prefix), its `PTTL` and its
    /// value (`None` when it holds no string).
    pub cached: BTreeMap<String, (i64, Option<String>)>,
    /// Whether another key of the case (not under the prefix) was left without an expiry.
    pub other_unexpiring: bool,
    /// Whether the access log and the database read back as they were seeded.
    pub untouched: bool,
}

/// The properties `found` broke for `plan`.
pub fn broken(plan: &Plan, found: &Found) -> Vec<Property> {
    let database: BTreeMap<String, String> = plan.database().into_iter().collect();
    let top: BTreeSet<String> = plan.top().into_iter().collect();
    let cached: BTreeSet<String> = found.cached.keys().cloned().collect();
    let ttl_ms = i64::from(plan.ttl_secs) * 1000;
    let lowest_ms = ttl_ms * i64::from(100 - SPREAD_PERCENT) / 100 - READ_SLACK_MS;
    let pttls: Vec<i64> = found.cached.values().map(|(pttl, _)| *pttl).collect();
    let checks = [
        (Property::Contract, found.returned == cached.len() as i64),
        (Property::TopProducts, cached == top),
        (
            Property::SameAsDb,
            found
                .cached
                .iter()
                .all(|(id, (_, value))| value.is_some() && value.as_ref() == database.get(id)),
        ),
        (
            Property::Ttl,
            !found.other_unexpiring && pttls.iter().all(|&p| (lowest_ms..=ttl_ms).contains(&p)),
        ),
        (Property::Spread, spread_enough(&pttls)),
        (Property::Untouched, found.untouched),
    ];
    checks
        .into_iter()
        .filter(|(_, held)| !held)
        .map(|(property, _)| property)
        .collect()
}

/// Whether the expiries spread over at least [`SPREAD_MS`]. Only keys that expire count (one without
/// an expiry is the TTL's problem), and one product or none cannot spread.
fn spread_enough(pttls: &[i64]) -> bool {
    let expiring: Vec<i64> = pttls.iter().copied().filter(|&p| p >= 0).collect();
    match (expiring.iter().min(), expiring.iter().max()) {
        (Some(min), Some(max)) if expiring.len() > 1 => max - min >= i64::from(SPREAD_MS),
        _ => true,
    }
}

/// The rows a visible case shows: the N most viewed first, then anything else the learner's script
/// cached; each with what the learner's, the course's and the fixed warm-up left (`lanes`, in that
/// order).
pub fn rows(plan: &Plan, lanes: [&Found; 3]) -> Vec<Row> {
    let [found, course, fixed] = lanes;
    let database: BTreeMap<String, String> = plan.database().into_iter().collect();
    let views: BTreeMap<&str, u32> = plan
        .products
        .iter()
        .map(|(id, v)| (id.as_str(), *v))
        .collect();
    let top = plan.top();
    let row = |id: &String, rank: Option<u32>| {
        let cached = found.cached.get(id);
        Row {
            id: id.clone(),
            views: views.get(id.as_str()).copied().unwrap_or(0),
            rank,
            pttl_ms: cached.map(|(pttl, _)| *pttl),
            same_as_db: cached
                .and_then(|(_, value)| value.as_ref())
                .is_some_and(|value| database.get(id) == Some(value)),
            course_pttl_ms: course.cached.get(id).map(|(pttl, _)| *pttl),
            fixed_pttl_ms: fixed.cached.get(id).map(|(pttl, _)| *pttl),
        }
    };
    let ranked = top
        .iter()
        .enumerate()
        .map(|(i, id)| row(id, Some(i as u32 + 1)));
    let extra = found
        .cached
        .keys()
        .filter(|id| !top.contains(id))
        .map(|id| row(id, None));
    ranked.chain(extra).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::exercise::cache::cases::plan;
    use shared::exercise::cache::Case;

    /// What a warm-up caching `ids` with `pttl(i)` left, the log untouched.
    fn found(plan: &Plan, ids: &[String], pttl: impl Fn(usize) -> i64) -> Found {
        let database: BTreeMap<String, String> = plan.database().into_iter().collect();
        Found {
            returned: ids.len() as i64,
            cached: ids
                .iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), (pttl(i), database.get(id).cloned())))
                .collect(),
            other_unexpiring: false,
            untouched: true,
        }
    }

    #[test]
    fn the_top_spread_over_the_last_tenth_holds_everything() {
        let plan = plan(Case::TopTen);
        let found = found(&plan, &plan.top(), |i| 3_600_000 - i as i64 * 30_000);
        assert_eq!(broken(&plan, &found), []);
    }

    #[test]
    fn one_ttl_for_all_breaks_only_the_spread() {
        let plan = plan(Case::TopTen);
        let found = found(&plan, &plan.top(), |_| 3_599_990);
        assert_eq!(broken(&plan, &found), [Property::Spread]);
    }

    #[test]
    fn the_least_viewed_break_the_top_and_a_missing_expiry_breaks_the_ttl() {
        let plan = plan(Case::TopTen);
        let mut least = plan.products.clone();
        least.sort_by_key(|p| p.1);
        let ids: Vec<String> = least.into_iter().take(10).map(|p| p.0).collect();
        let found = found(&plan, &ids, |i| 3_600_000 - i as i64 * 30_000);
        assert_eq!(broken(&plan, &found), [Property::TopProducts]);
        let unexpiring = self::found(&plan, &plan.top(), |_| -1);
        assert_eq!(
            broken(&plan, &unexpiring),
            [Property::Ttl],
            "-1 everywhere is not a spread problem but a TTL one"
        );
    }

    #[test]
    fn rows_list_the_top_then_the_extra() {
        let plan = plan(Case::ShortLog);
        let mut ids = plan.top();
        ids.push("999".into());
        let yours = found(&plan, &ids, |_| 1000);
        let fixed = found(&plan, &plan.top(), |i| 3_600_000 - i as i64 * 1000);
        let rows = rows(&plan, [&yours, &yours, &fixed]);
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[1].fixed_pttl_ms, Some(3_599_000));
        assert_eq!(
            rows[4].fixed_pttl_ms, None,
            "the fixed one cached no such product"
        );
        assert_eq!(rows[0].rank, Some(1));
        assert_eq!(rows[4].rank, None);
        assert!(!rows[4].same_as_db, "no such product in the database");
    }
}
