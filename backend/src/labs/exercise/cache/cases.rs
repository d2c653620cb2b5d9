//! Each case's access log and database: products with distinct view counts (so "the N most viewed" is
//! one set whatever the order of ties), their JSON, how many to cache and for how long.

use shared::exercise::cache::Case;

/// One case's data and arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Product id and its views, in the order they are added to the log.
    pub products: Vec<(String, u32)>,
    /// `ARGV[1]`: how many of the most viewed to cache.
    pub top_n: u32,
    /// `ARGV[2]`: the TTL, in seconds.
    pub ttl_secs: u32,
}

impl Plan {
    /// The database's stand-in: each product's JSON, by id.
    pub fn database(&self) -> Vec<(String, String)> {
        self.products
            .iter()
            .enumerate()
            .map(|(i, (id, _))| {
                let price = 500 + (i * 130) % 4500;
                let json = format!(r#"{{"id": "{id}", "name": "Product {id}", "price": {price}}}"#);
                (id.clone(), json)
            })
            .collect()
    }

    /// The ids of the `top_n` most viewed, the most viewed first.
    pub fn top(&self) -> Vec<String> {
        let mut by_views = self.products.clone();
        by_views.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
        by_views
            .into_iter()
            .take(self.top_n as usize)
            .map(|(id, _)| id)
            .collect()
    }
}

/// `count` products with ids from `id`, their views distinct and out of order (a stride coprime with
/// `count` walks every value once).
fn products(count: u32, id: impl Fn(u32) -> String) -> Vec<(String, u32)> {
    let stride = (2..count).find(|s| gcd(*s, count) == 1 && *s > count / 3);
    let stride = stride.unwrap_or(1);
    (0..count)
        .map(|i| (id(i + 1), 10 + ((i * stride) % count) * 7))
        .collect()
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The plan of `case`.
pub fn plan(case: Case) -> Plan {
    match case {
        Case::TopTen => Plan {
            products: products(40, |n| n.to_string()),
            top_n: 10,
            ttl_secs: 3600,
        },
        Case::ShortLog => Plan {
            products: products(4, |n| n.to_string()),
            top_n: 10,
            ttl_secs: 3600,
        },
        Case::NamedIds => Plan {
            products: products(12, |n| {
                format!("sku-{}{n}", char::from(b'a' + (n % 26) as u8))
            }),
            top_n: 5,
            ttl_secs: 60,
        },
        Case::HiddenHundred => Plan {
            products: products(300, |n| (1000 + n * 3).to_string()),
            top_n: 100,
            ttl_secs: 3600,
        },
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_case_has_distinct_views_and_a_json_per_product() {
        for case in Case::ALL {
            let plan = plan(case);
            let views: HashSet<u32> = plan.products.iter().map(|p| p.1).collect();
            assert_eq!(views.len(), plan.products.len(), "{case:?}");
            assert_eq!(plan.database().len(), plan.products.len());
            let expected = plan.products.len().min(plan.top_n as usize);
            assert_eq!(plan.top().len(), expected, "{case:?}");
        }
    }

    #[test]
    fn the_top_is_the_most_viewed_first() {
        let plan = plan(Case::TopTen);
        let views = |id: &str| plan.products.iter().find(|p| p.0 == id).map(|p| p.1);
        let top = plan.top();
        assert!(top.windows(2).all(|w| views(&w[0]) > views(&w[1])));
        let least_top = views(&top[9]);
        let below = plan
            .products
            .iter()
            .filter(|p| !top.contains(&p.0))
            .all(|p| Some(p.1) < least_top);
        assert!(below);
    }
}
