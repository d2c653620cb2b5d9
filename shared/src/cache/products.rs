//! The stand-in for the course's `fetch_product_from_db`: deterministic products, so the same id always
//! has the same name, price and stock, and a Zipf-like popularity for simulated traffic.

use serde::{Deserialize, Serialize};

use super::CATALOG;

/// One product, as the database returns it and the cache stores it (as JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// Id, 1 to [`CATALOG`].
    pub id: u32,
    /// Display name.
    pub name: String,
    /// Price in yen.
    pub price: u32,
    /// Units in stock.
    pub stock: u32,
}

const ADJECTIVES: [&str; 8] = [
    "Red", "Quiet", "Swift", "Tiny", "Golden", "Bright", "Soft", "Bold",
];
const NOUNS: [&str; 8] = [
    "Kettle", "Lamp", "Notebook", "Umbrella", "Mug", "Backpack", "Clock", "Scarf",
];

/// The product with `id`; the same every time.
pub fn product(id: u32) -> Product {
    let h = mix(u64::from(id));
    Product {
        id,
        name: format!(
            "{} {} #{id}",
            ADJECTIVES[(h % 8) as usize],
            NOUNS[((h >> 8) % 8) as usize]
        ),
        price: 100 + ((h >> 16) % 9_900) as u32,
        stock: ((h >> 32) % 500) as u32,
    }
}

/// `count` product ids drawn with Zipf-like popularity (id 1 most popular, weight 1/id), from `seed`.
pub fn popular_ids(count: u32, seed: u64) -> Vec<u32> {
    // Inverse-CDF sampling of a continuous 1/x law over [1, CATALOG + 1): x = (N + 1)^u.
    let top = f64::from(CATALOG + 1);
    let mut state = seed;
    (0..count)
        .map(|_| {
            state = mix(state);
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            (top.powf(u) as u32).clamp(1, CATALOG)
        })
        .collect()
}

/// SplitMix64's finaliser: spreads bits so nearby inputs give unrelated outputs.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_are_deterministic() {
        assert_eq!(product(42), product(42));
        assert_ne!(product(42), product(43));
        assert!(product(1).name.ends_with("#1"));
    }

    #[test]
    fn popularity_favours_low_ids() {
        let ids = popular_ids(5000, 3);
        let top10 = ids.iter().filter(|&&id| id <= 10).count();
        let tail = ids.iter().filter(|&&id| id > 5000).count();
        assert!(top10 > tail, "top ten {top10} vs upper half {tail}");
        assert!(ids.iter().all(|&id| (1..=CATALOG).contains(&id)));
        assert_eq!(ids, popular_ids(5000, 3));
    }
}
