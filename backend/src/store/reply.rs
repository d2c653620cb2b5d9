//! The short, redis-cli-like form of a reply that the command trace shows.

use redis::Value;

/// Longest text shown for one string inside a reply.
const MAX_STRING: usize = 60;
/// Most elements shown for an array reply.
const MAX_ITEMS: usize = 6;

/// Renders `value` the way redis-cli would, shortened: `OK`, `(integer) 3`, `"hi"`, `(nil)`, `1) "a" 2) "b"`.
pub(super) fn summarize(value: &Value) -> String {
    match value {
        Value::Nil => "(nil)".into(),
        Value::Okay => "OK".into(),
        Value::Int(i) => format!("(integer) {i}"),
        Value::Double(d) => format!("(double) {d}"),
        Value::Boolean(b) => format!("(boolean) {b}"),
        Value::SimpleString(s) => s.clone(),
        Value::BulkString(bytes) => quoted(&String::from_utf8_lossy(bytes)),
        Value::VerbatimString { text, .. } => quoted(text),
        Value::Array(items) | Value::Set(items) => list(items.iter().collect()),
        Value::Map(pairs) => list(pairs.iter().flat_map(|(k, v)| [k, v]).collect()),
        Value::ServerError(e) => format!("(error) {}", super::error::server_error_text(e)),
        other => format!("{other:?}"),
    }
}

/// `"text"`, cut at [`MAX_STRING`] characters.
pub(super) fn quoted(text: &str) -> String {
    format!("\"{}\"", shorten(text))
}

/// `text` cut at [`MAX_STRING`] characters, with an ellipsis when cut.
pub(super) fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_STRING {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(MAX_STRING).collect();
        format!("{cut}…")
    }
}

fn list(items: Vec<&Value>) -> String {
    let len = items.len();
    if len == 0 {
        return "(empty array)".into();
    }
    let mut shown: Vec<String> = items
        .into_iter()
        .take(MAX_ITEMS)
        .enumerate()
        .map(|(i, v)| format!("{}) {}", i + 1, summarize(v)))
        .collect();
    if len > MAX_ITEMS {
        shown.push(format!("… ({len} items)"));
    }
    shown.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_look_like_redis_cli() {
        assert_eq!(summarize(&Value::Okay), "OK");
        assert_eq!(summarize(&Value::Nil), "(nil)");
        assert_eq!(summarize(&Value::Int(3)), "(integer) 3");
        assert_eq!(summarize(&Value::BulkString(b"hi".to_vec())), "\"hi\"");
        let arr = Value::Array(vec![Value::BulkString(b"a".to_vec()), Value::Int(2)]);
        assert_eq!(summarize(&arr), "1) \"a\" 2) (integer) 2");
    }

    #[test]
    fn long_strings_and_arrays_are_cut() {
        let long = "x".repeat(100);
        assert_eq!(shorten(&long).chars().count(), MAX_STRING + 1);
        let many = Value::Array((0..10).map(Value::Int).collect());
        assert!(summarize(&many).ends_with("… (10 items)"));
    }
}
