//! Fuzzing the input boundary: arbitrary text, arbitrary bytes and mutated requests go into the backend's
//! frame decoder (`backend::ws::decode`) and every lab's `validate`. Properties: nothing panics (debug
//! builds also trap arithmetic overflow); a refused frame carries a stable code and the id it had; a
//! request that decodes re-encodes to itself.
//!
//! In CI each target runs proptest's default case count (`PROPTEST_CASES` changes it). `scripts/bench.sh`
//! sets `FUZZ_SECONDS` to run each target for that long instead, and `FUZZ_REPORT` to a file where each
//! target appends `name<TAB>cases<TAB>seconds<TAB>refused<TAB>invalid<TAB>accepted`, which the benchmark report reads.

mod seeds;

use std::{cell::Cell, io::Write, time::Instant};

use backend::ws::{DecodeError, decode};
use proptest::{
    prelude::*,
    sample::Index,
    test_runner::{TestCaseError, TestRunner},
};
use serde_json::{Map, Value};
use shared::{ClientMsg, ErrorCode};

use seeds::seeds;

/// Cases per round when running for a fixed time: the time is checked between rounds.
const ROUND: u32 = 512;

/// Any JSON number, string or literal, biased to the edges parameter checks care about.
fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => number(),
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => any::<String>().prop_map(Value::String),
        1 => any::<f64>().prop_map(Value::from),
        // Tags and names the protocol uses, so mutations reach other variants too.
        2 => prop::sample::select(vec![
            "run", "cancel", "ping", "ratelimit", "lock", "cache", "quiz", "pubsub", "room", "hit",
            "replay", "live", "trace", "pattern", "steady", "token_bucket", "start", "publish",
            "open", "join", "warmup", "reset", "", "ABCDEFGH",
        ])
        .prop_map(Value::from),
    ]
}

/// Integers around zero, `u32` and `u64` limits, and negatives.
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => (0..=20u64).prop_map(Value::from),
        3 => any::<u32>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => prop::sample::select(vec![
            u64::from(u32::MAX),
            u64::from(u32::MAX) + 1,
            u64::MAX,
            i64::MAX as u64,
        ])
        .prop_map(Value::from),
    ]
}

/// Any JSON value, nested up to three levels.
fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// One change to a request's JSON, at a node chosen by `Index`.
#[derive(Debug, Clone)]
enum Mutation {
    /// The node becomes this value.
    Replace(Index, Value),
    /// A number node becomes this value (numbers are what `validate` checks most).
    Number(Index, Value),
    /// The node is removed from its object or array.
    Remove(Index),
    /// An object node gains a field (or has it replaced).
    Insert(Index, String, Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (any::<Index>(), number()).prop_map(|(at, v)| Mutation::Number(at, v)),
        2 => (any::<Index>(), number()).prop_map(|(at, v)| Mutation::Replace(at, v)),
        3 => (any::<Index>(), json()).prop_map(|(at, v)| Mutation::Replace(at, v)),
        2 => any::<Index>().prop_map(Mutation::Remove),
        1 => (any::<Index>(), "[a-z_]{1,12}", leaf()).prop_map(|(at, k, v)| Mutation::Insert(at, k, v)),
    ]
}

/// Every node's JSON pointer, the root (`""`) first.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Applies `mutation` to `value` in place.
fn apply(value: &mut Value, mutation: Mutation) {
    let mut all = Vec::new();
    pointers(value, String::new(), &mut all);
    match mutation {
        Mutation::Replace(at, new) => {
            if let Some(node) = value.pointer_mut(&all[at.index(all.len())]) {
                *node = new;
            }
        }
        Mutation::Number(at, new) => {
            let numbers: Vec<&String> = all
                .iter()
                .filter(|p| value.pointer(p).is_some_and(Value::is_number))
                .collect();
            if numbers.is_empty() {
                return;
            }
            let pointer = numbers[at.index(numbers.len())].clone();
            if let Some(node) = value.pointer_mut(&pointer) {
                *node = new;
            }
        }
        Mutation::Remove(at) => {
            let pointer = &all[at.index(all.len())];
            let Some((parent, last)) = pointer.rsplit_once('/') else {
                return;
            };
            let last = last.replace("~1", "/").replace("~0", "~");
            match value.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.remove(&last);
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = last.parse::<usize>() {
                        items.remove(i);
                    }
                }
                _ => {}
            }
        }
        Mutation::Insert(at, key, new) => {
            if let Some(Value::Object(map)) = value.pointer_mut(&all[at.index(all.len())]) {
                map.insert(key, new);
            }
        }
    }
}

/// A seed's JSON with one or two mutations.
fn mutated() -> impl Strategy<Value = Value> {
    let seeds: Vec<Value> = seeds()
        .iter()
        .map(|msg| serde_json::to_value(msg).expect("a request encodes"))
        .collect();
    (
        prop::sample::select(seeds),
        prop::collection::vec(mutation(), 1..3),
    )
        .prop_map(|(mut value, mutations)| {
            for m in mutations {
                apply(&mut value, m);
            }
            value
        })
}

/// How far a frame got: counted per target, so the report shows how many cases reached `validate`.
#[derive(Clone, Copy)]
enum Reached {
    /// The decoder refused it.
    Refused,
    /// It decoded (a `Run` or a `Cancel`) and `validate` refused the parameters.
    Invalid,
    /// It decoded and, for a `Run`, `validate` accepted it.
    Valid,
}

/// What must hold for any frame text: a refusal carries a stable code, the id of a frame that had a
/// numeric one, and a message; a decoded request validates without panicking and round-trips.
fn check_frame(text: &str) -> Result<Reached, TestCaseError> {
    match decode(text) {
        Ok(msg) => {
            let mut reached = Reached::Valid;
            if let ClientMsg::Run { request, .. } = &msg
                && let Err(range) = request.validate()
            {
                prop_assert!(!range.field.is_empty(), "{range:?} names no field");
                prop_assert!(range.min <= range.max, "{range:?} is empty");
                reached = Reached::Invalid;
            }
            let again = serde_json::to_string(&msg).expect("a decoded message encodes");
            prop_assert_eq!(decode(&again), Ok(msg));
            Ok(reached)
        }
        Err(DecodeError { id, body }) => {
            prop_assert!(
                matches!(body.code, ErrorCode::Malformed | ErrorCode::UnknownMessage),
                "unexpected code {:?}",
                body.code
            );
            prop_assert!(!body.message.is_empty());
            let sent_id = serde_json::from_str::<Value>(text)
                .ok()
                .and_then(|v| v.get("id").and_then(Value::as_u64));
            prop_assert_eq!(id, sent_id);
            Ok(Reached::Refused)
        }
    }
}

/// Runs `test` on `strategy`'s cases: proptest's configured count, or for `FUZZ_SECONDS` when set.
fn fuzz<S: Strategy>(
    name: &str,
    strategy: S,
    test: impl Fn(S::Value) -> Result<Reached, TestCaseError>,
) {
    let seconds: Option<f64> = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok());
    let started = Instant::now();
    let mut cases = 0u64;
    // Refused, invalid, valid. Shrinking reruns cases, but a failure ends the test before it reports.
    let tally = Cell::new([0u64; 3]);
    let counted = |value| {
        let reached = test(value)?;
        let mut counts = tally.get();
        counts[reached as usize] += 1;
        tally.set(counts);
        Ok(())
    };
    loop {
        let config = ProptestConfig {
            cases: seconds.map_or(ProptestConfig::default().cases, |_| ROUND),
            // A failure prints its shrunk input; there is no source file to save it next to.
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        let round = config.cases;
        let mut runner = TestRunner::new(config);
        if let Err(e) = runner.run(&strategy, counted) {
            panic!("{name}: {e}");
        }
        cases += u64::from(round);
        if seconds.is_none_or(|s| started.elapsed().as_secs_f64() >= s) {
            break;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let [refused, invalid, valid] = tally.get();
    println!(
        "fuzz {name}: {cases} cases in {elapsed:.1} s: {refused} refused by the decoder, {invalid} \
         by validate, {valid} accepted"
    );
    if let Ok(path) = std::env::var("FUZZ_REPORT") {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .expect("FUZZ_REPORT opens");
        let line = format!("{name}\t{cases}\t{elapsed:.1}\t{refused}\t{invalid}\t{valid}\n");
        file.write_all(line.as_bytes()).expect("FUZZ_REPORT writes");
    }
}

#[test]
fn every_seed_request_decodes_validates_and_round_trips() {
    for msg in seeds() {
        let text = serde_json::to_string(&msg).expect("encodes");
        let decoded = decode(&text).expect("a seed decodes");
        if let ClientMsg::Run { request, .. } = &decoded {
            assert_eq!(request.validate(), Ok(()), "{text}");
        }
        assert_eq!(decoded, msg);
    }
}

#[test]
fn fuzz_decode_arbitrary_text() {
    let text = prop_oneof![
        any::<String>(),
        prop::collection::vec(any::<u8>(), 0..512)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        json().prop_map(|v| v.to_string()),
    ];
    fuzz("decode_arbitrary_text", text, |text| check_frame(&text));
}

#[test]
fn fuzz_decode_and_validate_mutated_requests() {
    fuzz("decode_and_validate_mutated_requests", mutated(), |value| {
        check_frame(&value.to_string())
    });
}

#[test]
fn fuzz_decode_truncated_requests() {
    let texts: Vec<String> = seeds()
        .iter()
        .map(|m| serde_json::to_string(m).expect("encodes"))
        .collect();
    let cut = (prop::sample::select(texts), any::<Index>()).prop_map(|(text, at)| {
        let end = at.index(text.len() + 1);
        let end = (0..=end)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        text[..end].to_owned()
    });
    fuzz("decode_truncated_requests", cut, |text| check_frame(&text));
}
