//! Light Lua colouring for the editor: the source cut into runs of one kind (keyword, string,
//! comment, number, other). Pure, so host tests check it; the runs put back together are the source.

/// What a run of source text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A Lua keyword (`local`, `if`, `return`, …).
    Keyword,
    /// A quoted string.
    Str,
    /// A `--` comment, to the end of its line.
    Comment,
    /// A number.
    Number,
    /// Anything else: names, operators, spaces.
    Plain,
}

impl Kind {
    /// The CSS class the editor gives a run of this kind.
    pub fn class(self) -> &'static str {
        match self {
            Self::Keyword => "exercise-lua__keyword",
            Self::Str => "exercise-lua__string",
            Self::Comment => "exercise-lua__comment",
            Self::Number => "exercise-lua__number",
            Self::Plain => "",
        }
    }
}

const KEYWORDS: &[&str] = &[
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "if", "in", "local",
    "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
];

/// `source` as runs, in order; adjacent plain text is one run.
pub fn runs(source: &str) -> Vec<(Kind, &str)> {
    let bytes = source.as_bytes();
    let mut out: Vec<(Kind, &str)> = Vec::new();
    let mut i = 0;
    let mut plain_from = 0;
    while i < bytes.len() {
        let (kind, end) = match bytes[i] {
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                let end = source[i..].find('\n').map_or(bytes.len(), |n| i + n);
                (Kind::Comment, end)
            }
            quote @ (b'\'' | b'"') => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != quote && bytes[j] != b'\n' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                (Kind::Str, (j + 1).min(bytes.len()))
            }
            b'0'..=b'9' if i == 0 || !is_name(bytes[i - 1]) => {
                let mut j = i;
                while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'.') {
                    j += 1;
                }
                (Kind::Number, j)
            }
            b if is_name(b) && (i == 0 || !is_name(bytes[i - 1])) => {
                let mut j = i;
                while j < bytes.len() && is_name(bytes[j]) {
                    j += 1;
                }
                if KEYWORDS.contains(&&source[i..j]) {
                    (Kind::Keyword, j)
                } else {
                    i = j;
                    continue;
                }
            }
            _ => {
                i += 1;
                continue;
            }
        };
        if plain_from < i {
            out.push((Kind::Plain, &source[plain_from..i]));
        }
        out.push((kind, &source[i..end]));
        i = end;
        plain_from = end;
    }
    if plain_from < bytes.len() {
        out.push((Kind::Plain, &source[plain_from..]));
    }
    out
}

fn is_name(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_the_source_and_find_each_kind() {
        let source = "local n = tonumber(ARGV[1]) -- now\nreturn {1, 'a\\'b'}";
        let runs = runs(source);
        assert_eq!(runs.iter().map(|(_, t)| *t).collect::<String>(), source);
        let kinds: Vec<(Kind, &str)> = runs
            .into_iter()
            .filter(|(k, _)| *k != Kind::Plain)
            .collect();
        assert_eq!(
            kinds,
            [
                (Kind::Keyword, "local"),
                (Kind::Number, "1"),
                (Kind::Comment, "-- now"),
                (Kind::Keyword, "return"),
                (Kind::Number, "1"),
                (Kind::Str, "'a\\'b'"),
            ]
        );
    }

    #[test]
    fn names_that_contain_keywords_or_digits_are_plain() {
        let runs = runs("endpoint x2 local_1");
        assert_eq!(runs, [(Kind::Plain, "endpoint x2 local_1")]);
    }

    #[test]
    fn an_unclosed_string_ends_at_its_line() {
        let source = "'open\nreturn";
        let runs = runs(source);
        assert_eq!(runs[0], (Kind::Str, "'open\n"));
        assert_eq!(runs.iter().map(|(_, t)| *t).collect::<String>(), source);
    }
}
