//! Splitting a typed line into arguments exactly as redis-cli does (its `sdssplitargs`): spaces
//! separate, `"…"` takes `\n \r \t \b \a \\ \"` and `\xHH` escapes, `'…'` takes only `\'`, and a closing
//! quote must be followed by a space or the end.

use serde::{Deserialize, Serialize};

/// Why a line could not be split; the browser keeps the line and says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParseError {
    /// A quote was opened and never closed.
    Unbalanced,
    /// A closing quote was followed by something other than a space.
    AfterQuote,
    /// The line holds a byte sequence that is not UTF-8 (from a `\x` escape).
    NotText,
}

/// The arguments of `line`; an empty vector for a blank line.
pub fn split(line: &str) -> Result<Vec<String>, ParseError> {
    let bytes = line.as_bytes();
    let mut args = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == bytes.len() {
            return Ok(args);
        }
        let mut current = Vec::new();
        let mut quote: Option<u8> = None;
        loop {
            let Some(&c) = bytes.get(i) else {
                if quote.is_some() {
                    return Err(ParseError::Unbalanced);
                }
                break;
            };
            match quote {
                None if c.is_ascii_whitespace() => break,
                None if c == b'"' || c == b'\'' => quote = Some(c),
                None => current.push(c),
                Some(q) if c == q => {
                    if bytes.get(i + 1).is_some_and(|n| !n.is_ascii_whitespace()) {
                        return Err(ParseError::AfterQuote);
                    }
                    i += 1;
                    break;
                }
                Some(b'"') if c == b'\\' && i + 1 < bytes.len() => {
                    i += 1;
                    let e = bytes[i];
                    let hex = |b: u8| (b as char).to_digit(16);
                    match e {
                        b'x' if i + 2 < bytes.len()
                            && hex(bytes[i + 1]).is_some()
                            && hex(bytes[i + 2]).is_some() =>
                        {
                            let high = hex(bytes[i + 1]).unwrap_or(0);
                            let low = hex(bytes[i + 2]).unwrap_or(0);
                            current.push((high * 16 + low) as u8);
                            i += 2;
                        }
                        b'n' => current.push(b'\n'),
                        b'r' => current.push(b'\r'),
                        b't' => current.push(b'\t'),
                        b'b' => current.push(8),
                        b'a' => current.push(7),
                        other => current.push(other),
                    }
                }
                Some(b'\'') if c == b'\\' && bytes.get(i + 1) == Some(&b'\'') => {
                    i += 1;
                    current.push(b'\'');
                }
                Some(_) => current.push(c),
            }
            i += 1;
        }
        args.push(String::from_utf8(current).map_err(|_| ParseError::NotText)?);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: &str) -> Vec<String> {
        split(line).expect("splits")
    }

    #[test]
    fn spaces_separate_and_blank_lines_are_empty() {
        assert_eq!(ok("  SET  greeting hi "), ["SET", "greeting", "hi"]);
        assert!(ok("   ").is_empty());
    }

    #[test]
    fn quotes_and_escapes_work_as_in_redis_cli() {
        assert_eq!(ok(r#"SET k "hello world""#), ["SET", "k", "hello world"]);
        assert_eq!(ok(r#"SET k "a\"b\n\x41""#), ["SET", "k", "a\"b\nA"]);
        assert_eq!(ok(r"SET k 'it\'s \n'"), ["SET", "k", "it's \\n"]);
        assert_eq!(ok(r#"SET k """#), ["SET", "k", ""]);
        assert_eq!(ok("ECHO 日本語"), ["ECHO", "日本語"]);
    }

    #[test]
    fn bad_quoting_is_an_error() {
        assert_eq!(split(r#"SET k "open"#), Err(ParseError::Unbalanced));
        assert_eq!(split("SET k 'open"), Err(ParseError::Unbalanced));
        assert_eq!(split(r#"SET k "a"b"#), Err(ParseError::AfterQuote));
        assert_eq!(split(r#"SET k "\xff""#), Err(ParseError::NotText));
    }
}
