//! Turning numbers from the wire into short, readable text: durations, clock times, command lines.
//!
//! Everything here is pure and takes the local UTC offset as a parameter, so tests run on the host
//! with fixed values. Only [`local_utc_offset_minutes`] asks the browser.

/// A duration in microseconds: `85 µs`, `1.25 ms`, `2.50 s`.
pub fn micros(us: u64) -> String {
    match us {
        0..1_000 => format!("{us} µs"),
        1_000..1_000_000 => format!("{:.2} ms", us as f64 / 1_000.0),
        _ => format!("{:.2} s", us as f64 / 1_000_000.0),
    }
}

/// A delay in milliseconds as seconds without needless decimals: `0.5`, `1`, `10`.
pub fn seconds(ms: u32) -> String {
    if ms.is_multiple_of(1_000) {
        (ms / 1_000).to_string()
    } else {
        format!("{:.1}", f64::from(ms) / 1_000.0)
    }
}

/// An offset in microseconds as seconds with milliseconds, `9.980`: times on the rate-limit lab's axis.
pub fn offset_seconds(us: u64) -> String {
    format!("{}.{:03}", us / 1_000_000, us % 1_000_000 / 1_000)
}

/// A whole number with thin groups of three, so `59998` reads as `59 998`.
pub fn grouped(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(digit);
    }
    out
}

/// Time of day with milliseconds, `HH:MM:SS.mmm`, for a Unix time in milliseconds.
pub fn clock(at_ms: u64, utc_offset_minutes: i64) -> String {
    let local_ms = at_ms as i64 + utc_offset_minutes * 60_000;
    let ms_of_day = local_ms.rem_euclid(86_400_000);
    let (secs, ms) = (ms_of_day / 1_000, ms_of_day % 1_000);
    format!(
        "{:02}:{:02}:{:02}.{ms:03}",
        secs / 3_600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Date and time with microseconds, `YYYY-MM-DD HH:MM:SS.uuuuuu`, for a Unix time in microseconds.
pub fn date_time(at_us: u64, utc_offset_minutes: i64) -> String {
    let local_us = at_us as i64 + utc_offset_minutes * 60_000_000;
    let days = local_us.div_euclid(86_400_000_000);
    let us_of_day = local_us.rem_euclid(86_400_000_000);
    let (secs, us) = (us_of_day / 1_000_000, us_of_day % 1_000_000);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{us:06}",
        secs / 3_600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Year, month and day of a count of days since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A command as one line, quoting arguments that would otherwise be misread (empty, spaces, quotes).
pub fn command_line(command: &[String]) -> String {
    command
        .iter()
        .map(|arg| {
            if arg.is_empty() || arg.contains(|c: char| c.is_whitespace() || c == '"') {
                format!("\"{}\"", arg.replace('\\', "\\\\").replace('"', "\\\""))
            } else {
                arg.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Minutes to add to UTC to get the browser's local time (UTC+9 is `540`).
pub fn local_utc_offset_minutes() -> i64 {
    // `getTimezoneOffset` counts the other way round (UTC minus local) and is a whole number.
    -(js_sys::Date::new_0().get_timezone_offset() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn micros_picks_a_unit() {
        assert_eq!(micros(0), "0 µs");
        assert_eq!(micros(85), "85 µs");
        assert_eq!(micros(999), "999 µs");
        assert_eq!(micros(1_250), "1.25 ms");
        assert_eq!(micros(2_500_000), "2.50 s");
    }

    #[test]
    fn seconds_drop_needless_decimals() {
        assert_eq!(seconds(500), "0.5");
        assert_eq!(seconds(1_000), "1");
        assert_eq!(seconds(10_000), "10");
    }

    #[test]
    fn offsets_show_milliseconds() {
        assert_eq!(offset_seconds(9_980_000), "9.980");
        assert_eq!(offset_seconds(10_000_999), "10.000");
        assert_eq!(offset_seconds(0), "0.000");
    }

    #[test]
    fn grouped_uses_thin_spaces() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(59_998), "59\u{202f}998");
        assert_eq!(grouped(-1_234_567), "-1\u{202f}234\u{202f}567");
    }

    #[test]
    fn clock_applies_the_offset() {
        // 2023-11-14 22:13:20.123 UTC
        let at_ms = 1_700_000_000_123;
        assert_eq!(clock(at_ms, 0), "22:13:20.123");
        assert_eq!(clock(at_ms, 540), "07:13:20.123");
        assert_eq!(clock(at_ms, -300), "17:13:20.123");
    }

    #[test]
    fn date_time_crosses_midnight_and_leap_days() {
        assert_eq!(date_time(0, 0), "1970-01-01 00:00:00.000000");
        assert_eq!(
            date_time(1_700_000_000_000_042, 540),
            "2023-11-15 07:13:20.000042"
        );
        // 2024-02-29 23:30 UTC is already March 1st in Tokyo.
        assert_eq!(
            date_time(1_709_249_400_000_000, 0),
            "2024-02-29 23:30:00.000000"
        );
        assert_eq!(
            date_time(1_709_249_400_000_000, 540),
            "2024-03-01 08:30:00.000000"
        );
    }

    #[test]
    fn command_line_quotes_only_when_needed() {
        let cmd =
            |args: &[&str]| command_line(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>());
        assert_eq!(cmd(&["GET", "pg:{ab}:ping"]), "GET pg:{ab}:ping");
        assert_eq!(cmd(&["SET", "k", "hello world"]), "SET k \"hello world\"");
        assert_eq!(cmd(&["SET", "k", ""]), "SET k \"\"");
        assert_eq!(cmd(&["SET", "k", "say \"hi\""]), "SET k \"say \\\"hi\\\"\"");
    }
}
