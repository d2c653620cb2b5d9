//! Room codes as people type them and as links carry them: reading a code out of what was typed or
//! pasted, and the join link the presenter shows (and its QR code encodes).

use std::fmt;
use std::str::FromStr;

use shared::room::{CODE_ALPHABET, CODE_LEN};

/// A valid room code, upper-cased. Fixed-size, so it is `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoomCode([u8; CODE_LEN]);

impl RoomCode {
    /// The code's text.
    pub fn as_str(&self) -> &str {
        // Only ASCII from `CODE_ALPHABET` gets in, through `FromStr`.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// The code is not [`CODE_LEN`] characters of [`CODE_ALPHABET`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotACode;

impl FromStr for RoomCode {
    type Err = NotACode;

    /// Reads a code as [`parse`] does: any case, with spaces or dashes.
    fn from_str(text: &str) -> Result<Self, NotACode> {
        let code = parse(text).ok_or(NotACode)?;
        let bytes = code.as_bytes().try_into().map_err(|_| NotACode)?;
        Ok(Self(bytes))
    }
}

impl fmt::Display for RoomCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Most bytes of a link's code kept: any code typed with spaces or dashes fits.
pub const LINK_MAX: usize = 32;

/// What a `/room/<code>` link carries, valid or not (cut to [`LINK_MAX`] bytes): a malformed code
/// brings the join form, pre-filled and saying so, rather than the 404 page. Fixed-size so routes
/// stay `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkCode {
    bytes: [u8; LINK_MAX],
    len: u8,
}

impl LinkCode {
    /// `text`, cut at a character boundary to at most [`LINK_MAX`] bytes.
    pub fn new(text: &str) -> Self {
        let mut len = text.len().min(LINK_MAX);
        while !text.is_char_boundary(len) {
            len -= 1;
        }
        let mut bytes = [0; LINK_MAX];
        bytes[..len].copy_from_slice(&text.as_bytes()[..len]);
        Self {
            bytes,
            len: len as u8,
        }
    }

    /// The text as the link carried it.
    pub fn as_str(&self) -> &str {
        // `new` cuts at a character boundary.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }

    /// The room code it holds, if it is one.
    pub fn code(&self) -> Option<String> {
        parse(self.as_str())
    }
}

impl FromStr for LinkCode {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self::new(text))
    }
}

impl fmt::Display for LinkCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<RoomCode> for LinkCode {
    fn from(code: RoomCode) -> Self {
        Self::new(code.as_str())
    }
}

/// The room code in `input`, upper-cased: the code itself typed with any case, spaces or dashes
/// (`abcd-2345`), or a pasted join link ending in `/room/<CODE>`. `None` when no valid code is there.
pub fn parse(input: &str) -> Option<String> {
    let input = input.trim();
    let tail = match input.rfind("/room/") {
        Some(at) => &input[at + "/room/".len()..],
        None => input,
    };
    // A link may carry a query or a fragment after the code.
    let tail = tail.split(['?', '#']).next().unwrap_or_default();
    let code: String = tail
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '/'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b));
    valid.then_some(code)
}

/// The code split in two halves for reading aloud and off a projector: `ABCD 2345`.
pub fn spaced(code: &str) -> String {
    if code.len() == CODE_LEN && code.is_ascii() {
        let (head, tail) = code.split_at(CODE_LEN / 2);
        format!("{head} {tail}")
    } else {
        code.to_owned()
    }
}

/// `{origin}/room/{code}`: the page a participant opens to join.
pub fn join_url(origin: &str, code: &str) -> String {
    format!("{}/room/{code}", origin.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_code_is_upper_cased_and_loses_separators() {
        assert_eq!(parse("abcd-2345").as_deref(), Some("ABCD2345"));
        assert_eq!(parse("  ABCD 2345 ").as_deref(), Some("ABCD2345"));
        assert_eq!(parse("XyZw9876").as_deref(), Some("XYZW9876"));
    }

    #[test]
    fn a_pasted_link_gives_its_code() {
        assert_eq!(
            parse("http://192.168.1.5:8080/room/abcd2345").as_deref(),
            Some("ABCD2345")
        );
        assert_eq!(
            parse("https://example.org/room/ABCD2345?x=1#top").as_deref(),
            Some("ABCD2345")
        );
    }

    #[test]
    fn look_alikes_and_wrong_lengths_are_refused() {
        // 0, O, 1, I and L are not in the alphabet: a code never contains them.
        assert_eq!(parse("ABCD0345"), None);
        assert_eq!(parse("ABCDO345"), None);
        assert_eq!(parse("ABCD1345"), None);
        assert_eq!(parse("ABCDL345"), None);
        assert_eq!(parse("ABCD234"), None);
        assert_eq!(parse("ABCD23456"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("ÄBCD2345"), None);
    }

    #[test]
    fn a_route_code_round_trips_in_upper_case() {
        let code: RoomCode = "abcd-2345".parse().expect("a code");
        assert_eq!(code.to_string(), "ABCD2345");
        assert_eq!(code.to_string().parse::<RoomCode>(), Ok(code));
        assert_eq!("ABCD0345".parse::<RoomCode>(), Err(NotACode));
    }

    #[test]
    fn a_link_keeps_what_it_carried_valid_or_not() {
        let link: LinkCode = "abcd-2345".parse().expect("infallible");
        assert_eq!(link.as_str(), "abcd-2345");
        assert_eq!(link.code().as_deref(), Some("ABCD2345"));
        let wrong: LinkCode = "ABCD0345".parse().expect("infallible");
        assert_eq!(
            (wrong.to_string().as_str(), wrong.code()),
            ("ABCD0345", None)
        );
        let long = "é".repeat(LINK_MAX);
        assert_eq!(
            LinkCode::new(&long).as_str(),
            "é".repeat(LINK_MAX / 2),
            "cut at a character"
        );
        let code: RoomCode = "ABCD2345".parse().expect("a code");
        assert_eq!(LinkCode::from(code).as_str(), "ABCD2345");
    }

    #[test]
    fn a_code_reads_in_two_halves() {
        assert_eq!(spaced("ABCD2345"), "ABCD 2345");
        assert_eq!(spaced("short"), "short");
    }

    #[test]
    fn the_join_link_names_the_room_page() {
        assert_eq!(
            join_url("http://10.0.0.2:8080/", "ABCD2345"),
            "http://10.0.0.2:8080/room/ABCD2345"
        );
    }
}
