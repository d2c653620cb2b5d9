//! Where a command's keys are, by Redis's own account: the key specs of `COMMAND INFO` (Redis 7),
//! read into [`CommandSpec`] and applied to a typed line the way Redis itself finds keys
//! (`getKeysUsingKeySpecs`): a begin search (an index, or a keyword such as `STREAMS`), then a range
//! or a key count (`EVAL`'s `numkeys`).

use redis::Value;

/// One command's flags and key specs as `COMMAND INFO` gives them.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct CommandSpec {
    /// Command flags: `write`, `blocking`, `readonly` …
    pub(super) flags: Vec<String>,
    /// Where its keys are.
    specs: Vec<KeySpec>,
}

#[derive(Debug, Clone, PartialEq)]
struct KeySpec {
    begin: Begin,
    find: Find,
}

#[derive(Debug, Clone, PartialEq)]
enum Begin {
    /// The first key is at this argument (the command itself is 0).
    Index(i64),
    /// The first key follows `keyword`, searched from `start` (from the end when negative).
    Keyword { keyword: String, start: i64 },
    /// Redis cannot say.
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
enum Find {
    /// Keys from the first to `last` (relative; negative counts from the end), every `step`th;
    /// `limit` splits the rest (`XREAD`'s keys are the first half of what follows `STREAMS`).
    Range { last: i64, step: i64, limit: i64 },
    /// The number of keys is at `numidx` after the first; keys start `first` after it.
    Keynum { numidx: i64, first: i64, step: i64 },
    /// Redis cannot say.
    Unknown,
}

/// A command whose keys cannot be found from its key specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct KeysUnknown;

impl CommandSpec {
    /// Reads one entry of `COMMAND INFO`'s reply; `None` for a command Redis does not know.
    pub(super) fn from_info(entry: &Value) -> Option<Self> {
        let Value::Array(fields) = entry else {
            return None;
        };
        let flags = fields.get(2).map(strings).unwrap_or_default();
        let specs = match fields.get(8) {
            Some(Value::Array(specs)) => specs.iter().map(KeySpec::from_value).collect(),
            _ => Vec::new(),
        };
        Some(Self { flags, specs })
    }

    /// Whether Redis flags the command with `flag`.
    pub(super) fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f.eq_ignore_ascii_case(flag))
    }

    /// The positions of the keys in `args` (the command at 0), in order, each once. A line whose
    /// key count or keyword is missing or malformed has no keys there: Redis refuses it the same way.
    pub(super) fn key_positions(&self, args: &[String]) -> Result<Vec<usize>, KeysUnknown> {
        let argc = args.len() as i64;
        let mut positions = Vec::new();
        for spec in &self.specs {
            let first = match &spec.begin {
                Begin::Index(i) => *i,
                Begin::Keyword { keyword, start } => match find_keyword(args, keyword, *start) {
                    Some(i) => i + 1,
                    None => continue,
                },
                Begin::Unknown => return Err(KeysUnknown),
            };
            let (first, last, step) = match spec.find {
                Find::Range { last, step, limit } => {
                    let end = if last >= 0 {
                        first + last
                    } else if limit <= 1 {
                        argc + last
                    } else {
                        first + ((argc - first) / limit + last)
                    };
                    (first, end, step)
                }
                Find::Keynum {
                    numidx,
                    first: offset,
                    step,
                } => {
                    let Some(count) = args
                        .get((first + numidx) as usize)
                        .and_then(|n| n.parse::<i64>().ok())
                        .filter(|n| *n >= 0)
                    else {
                        continue;
                    };
                    let start = first + offset;
                    (start, start + (count - 1) * step, step)
                }
                Find::Unknown => return Err(KeysUnknown),
            };
            let step = step.max(1);
            if first < 1 || last >= argc {
                continue;
            }
            let mut i = first;
            while i <= last {
                let at = i as usize;
                if !positions.contains(&at) {
                    positions.push(at);
                }
                i += step;
            }
        }
        positions.sort_unstable();
        Ok(positions)
    }
}

/// Where `keyword` is in `args`, searching from `start` forwards, or from `argc + start` backwards
/// when `start` is negative.
fn find_keyword(args: &[String], keyword: &str, start: i64) -> Option<i64> {
    let argc = args.len() as i64;
    let matches = |i: i64| {
        args.get(i as usize)
            .is_some_and(|a| a.eq_ignore_ascii_case(keyword))
    };
    if start >= 0 {
        (start.max(1)..argc).find(|&i| matches(i))
    } else {
        (2..=argc + start).rev().find(|&i| matches(i))
    }
}

impl KeySpec {
    fn from_value(value: &Value) -> Self {
        let fields = pairs(value);
        let begin = match field(&fields, "begin_search") {
            Some(search) => {
                let search = pairs(search);
                let spec = field(&search, "spec").map(pairs).unwrap_or_default();
                match field(&search, "type").map(text).as_deref() {
                    Some("index") => Begin::Index(int(&spec, "index")),
                    Some("keyword") => Begin::Keyword {
                        keyword: field(&spec, "keyword").map(text).unwrap_or_default(),
                        start: int(&spec, "startfrom"),
                    },
                    _ => Begin::Unknown,
                }
            }
            None => Begin::Unknown,
        };
        let find = match field(&fields, "find_keys") {
            Some(find) => {
                let find = pairs(find);
                let spec = field(&find, "spec").map(pairs).unwrap_or_default();
                match field(&find, "type").map(text).as_deref() {
                    Some("range") => Find::Range {
                        last: int(&spec, "lastkey"),
                        step: int(&spec, "keystep"),
                        limit: int(&spec, "limit"),
                    },
                    Some("keynum") => Find::Keynum {
                        numidx: int(&spec, "keynumidx"),
                        first: int(&spec, "firstkey"),
                        step: int(&spec, "keystep"),
                    },
                    _ => Find::Unknown,
                }
            }
            None => Find::Unknown,
        };
        Self { begin, find }
    }
}

/// A flat `[name, value, name, value …]` array (RESP2) or a map (RESP3) as name–value pairs.
pub(super) fn pairs(value: &Value) -> Vec<(String, &Value)> {
    match value {
        Value::Array(items) => items
            .chunks(2)
            .filter_map(|pair| match pair {
                [k, v] => Some((text(k), v)),
                _ => None,
            })
            .collect(),
        Value::Map(items) => items.iter().map(|(k, v)| (text(k), v)).collect(),
        _ => Vec::new(),
    }
}

/// The value named `name` among `fields`.
pub(super) fn field<'a>(fields: &[(String, &'a Value)], name: &str) -> Option<&'a Value> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
}

fn int(fields: &[(String, &Value)], name: &str) -> i64 {
    match field(fields, name) {
        Some(Value::Int(i)) => *i,
        Some(other) => text(other).parse().unwrap_or_default(),
        None => 0,
    }
}

/// A string-like reply as text; anything else empty.
pub(super) fn text(value: &Value) -> String {
    match value {
        Value::BulkString(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Value::SimpleString(s) => s.clone(),
        Value::VerbatimString { text, .. } => text.clone(),
        Value::Int(i) => i.to_string(),
        _ => String::new(),
    }
}

/// An array of strings as texts.
pub(super) fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) | Value::Set(items) => items.iter().map(text).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(begin: Begin, find: Find) -> CommandSpec {
        CommandSpec {
            flags: Vec::new(),
            specs: vec![KeySpec { begin, find }],
        }
    }

    fn line(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn a_range_and_a_key_count_and_a_keyword_find_the_keys() {
        let every = spec(
            Begin::Index(1),
            Find::Range {
                last: -1,
                step: 1,
                limit: 0,
            },
        );
        assert_eq!(every.key_positions(&line("DEL a b c")), Ok(vec![1, 2, 3]));
        let eval = spec(
            Begin::Index(2),
            Find::Keynum {
                numidx: 0,
                first: 1,
                step: 1,
            },
        );
        assert_eq!(
            eval.key_positions(&line("EVAL s 2 k1 k2 a1")),
            Ok(vec![3, 4])
        );
        assert_eq!(eval.key_positions(&line("EVAL s 0 a1")), Ok(vec![]));
        assert_eq!(eval.key_positions(&line("EVAL s x k1")), Ok(vec![]));
        let xread = spec(
            Begin::Keyword {
                keyword: "STREAMS".into(),
                start: 1,
            },
            Find::Range {
                last: -1,
                step: 1,
                limit: 2,
            },
        );
        assert_eq!(
            xread.key_positions(&line("XREAD COUNT 2 STREAMS s1 s2 0 0")),
            Ok(vec![4, 5])
        );
        let unknown = spec(Begin::Unknown, Find::Unknown);
        assert_eq!(unknown.key_positions(&line("X a")), Err(KeysUnknown));
    }
}
