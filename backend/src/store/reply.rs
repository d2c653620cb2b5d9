//! Replies as text: the short, redis-cli-like form the command trace shows ([`summarize`]), and the
//! full form the console prints, line for line as redis-cli prints it ([`cli`]).

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

/// Most elements the console prints of one array; the rest are counted.
const MAX_CLI_ITEMS: usize = 1000;

/// Renders `value` as redis-cli prints it, over several lines: `"hi"`, `(integer) 1`, `(nil)`,
/// `(empty array)`, `(error) ERR …`, and arrays numbered with nested arrays indented under their
/// number. A string starting with `prefix` (the session's namespace) is shown without it.
pub(super) fn cli(value: &Value, prefix: &str) -> String {
    cli_lines(value, prefix).join("\n")
}

fn cli_lines(value: &Value, prefix: &str) -> Vec<String> {
    let one = |text: String| vec![text];
    match value {
        Value::Nil => one("(nil)".into()),
        Value::Okay => one("OK".into()),
        Value::Int(i) => one(format!("(integer) {i}")),
        Value::Double(d) => one(format!("(double) {d}")),
        Value::Boolean(b) => one(format!("({b})")),
        Value::SimpleString(s) => one(s.clone()),
        Value::BulkString(bytes) => one(repr(strip(bytes, prefix))),
        Value::VerbatimString { text, .. } => one(repr(strip(text.as_bytes(), prefix))),
        Value::Array(items) | Value::Set(items) => numbered(items.iter().collect(), prefix),
        Value::Map(pairs) => numbered(pairs.iter().flat_map(|(k, v)| [k, v]).collect(), prefix),
        Value::ServerError(e) => one(format!("(error) {}", super::error::server_error_text(e))),
        other => one(format!("{other:?}")),
    }
}

/// `bytes` without `prefix` at its start.
fn strip<'a>(bytes: &'a [u8], prefix: &str) -> &'a [u8] {
    bytes.strip_prefix(prefix.as_bytes()).unwrap_or(bytes)
}

/// A string in double quotes as redis-cli shows it (`sdscatrepr`): `\\`, `\"`, `\n`, `\r`, `\t`, `\a`,
/// `\b` escaped, other control bytes as `\xHH`; UTF-8 text as it is.
fn repr(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An array's lines: `1) …`, numbers right-aligned to the widest, nested lines indented under theirs.
fn numbered(items: Vec<&Value>, prefix: &str) -> Vec<String> {
    if items.is_empty() {
        return vec!["(empty array)".into()];
    }
    let len = items.len();
    let width = len.min(MAX_CLI_ITEMS).to_string().len();
    let mut lines = Vec::new();
    for (i, item) in items.into_iter().take(MAX_CLI_ITEMS).enumerate() {
        let label = format!("{:>width$}) ", i + 1);
        let pad = " ".repeat(label.len());
        for (j, line) in cli_lines(item, prefix).into_iter().enumerate() {
            let lead = if j == 0 { &label } else { &pad };
            lines.push(format!("{lead}{line}"));
        }
    }
    if len > MAX_CLI_ITEMS {
        lines.push(format!("… ({len} items)"));
    }
    lines
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
    fn the_console_prints_like_redis_cli() {
        let bulk = |s: &str| Value::BulkString(s.as_bytes().to_vec());
        assert_eq!(cli(&Value::Nil, "p:"), "(nil)");
        assert_eq!(cli(&Value::Int(1), "p:"), "(integer) 1");
        assert_eq!(cli(&Value::Array(vec![]), "p:"), "(empty array)");
        assert_eq!(cli(&bulk("a\"b\n\u{1}"), "p:"), r#""a\"b\n\x01""#);
        let nested = Value::Array(vec![
            bulk("p:stream"),
            Value::Array(vec![Value::Array(vec![
                bulk("1-0"),
                Value::Array(vec![bulk("f"), bulk("v")]),
            ])]),
        ]);
        assert_eq!(
            cli(&nested, "p:"),
            [
                r#"1) "stream""#,
                r#"2) 1) 1) "1-0""#,
                r#"      2) 1) "f""#,
                r#"         2) "v""#,
            ]
            .join("\n")
        );
        let ten = Value::Array((1..=10).map(Value::Int).collect());
        let lines = cli(&ten, "p:");
        assert!(lines.starts_with(" 1) (integer) 1\n"), "{lines}");
        assert!(lines.ends_with("\n10) (integer) 10"), "{lines}");
    }

    #[test]
    fn long_strings_and_arrays_are_cut() {
        let long = "x".repeat(100);
        assert_eq!(shorten(&long).chars().count(), MAX_STRING + 1);
        let many = Value::Array((0..10).map(Value::Int).collect());
        assert!(summarize(&many).ends_with("… (10 items)"));
    }
}
