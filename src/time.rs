//! ISO-8601 / RFC 3339 instants as Control Hub sends them (`2026-11-27T01:24:00.000Z`),
//! without a date library: the Wasm build stays small and the arithmetic is exact.

use std::fmt;

/// Milliseconds since the Unix epoch, UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; a space may stand for `T`.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let bytes = text.trim().as_bytes();
        if bytes.len() < 19 || bytes.len() > 40 {
            return None;
        }
        // Digit by digit: an org's status list has two times in each of its tens of thousands
        // of records, and at most four digits cannot overflow.
        let num = |range: std::ops::Range<usize>| -> Option<i64> {
            bytes
                .get(range)?
                .iter()
                .try_fold(0, |n, b| b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0')))
        };
        let separators_ok = bytes[4] == b'-'
            && bytes[7] == b'-'
            && matches!(bytes[10], b'T' | b't' | b' ')
            && bytes[13] == b':'
            && bytes[16] == b':';
        if !separators_ok {
            return None;
        }
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return None;
        }
        let mut rest = &bytes[19..];
        let mut millis = 0;
        if let Some((b'.', fraction)) = rest.split_first() {
            let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            for (i, digit) in fraction[..digits.min(3)].iter().enumerate() {
                millis += i64::from(digit - b'0') * [100, 10, 1][i];
            }
            rest = &fraction[digits..];
        }
        let offset_minutes = match rest {
            [] | [b'Z'] | [b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let digits = [*h1, *h2, *m1, *m2];
                if !digits.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                let value = |a: u8, b: u8| i64::from(a - b'0') * 10 + i64::from(b - b'0');
                let minutes = value(digits[0], digits[1]) * 60 + value(digits[2], digits[3]);
                if *sign == b'-' { -minutes } else { minutes }
            }
            _ => return None,
        };
        let days = days_from_civil(year, month, day);
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second.min(59);
        Some(Timestamp((seconds - offset_minutes * 60) * 1_000 + millis))
    }

    /// Calendar fields of this instant shifted by `offset_minutes`.
    fn fields(self, offset_minutes: i32) -> (i64, i64, i64, i64, i64, i64, i64) {
        let shifted = self.0 + i64::from(offset_minutes) * 60_000;
        let days = shifted.div_euclid(86_400_000);
        let in_day = shifted.rem_euclid(86_400_000);
        let (year, month, day) = civil_from_days(days);
        (
            year,
            month,
            day,
            in_day / 3_600_000,
            in_day / 60_000 % 60,
            in_day / 1_000 % 60,
            in_day % 1_000,
        )
    }

    /// RFC 3339 UTC with milliseconds, as Control Hub's JSON writes it.
    pub fn to_rfc3339(self) -> String {
        let (y, mo, d, h, mi, s, ms) = self.fields(0);
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
    }

    /// `2026-11-27 01:24:00` in the given offset, for people.
    pub fn display_at(self, offset_minutes: i32) -> String {
        let (y, mo, d, h, mi, s, _) = self.fields(offset_minutes);
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

/// Read back as it is written, RFC 3339 (the pages' worker hands the triage's rows over so).
impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("not an RFC 3339 time: {text}")))
    }
}

/// `UTC+09:00`, `UTC-05:30`, `UTC`.
pub fn offset_label(offset_minutes: i32) -> String {
    if offset_minutes == 0 {
        return "UTC".to_string();
    }
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let minutes = offset_minutes.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Parses `+09:00`, `-0530`, `+9`, `UTC`, `Z` into minutes east of UTC.
pub fn parse_offset(text: &str) -> Option<i32> {
    let text = text.trim();
    let text = text
        .strip_prefix("UTC")
        .or_else(|| text.strip_prefix("GMT"))
        .unwrap_or(text);
    if text.is_empty() || text.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let (sign, rest) = match text.as_bytes()[0] {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (hours, minutes) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    let all_digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hours) || !all_digits(minutes) {
        return None;
    }
    let (hours, minutes): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
    if hours > 14 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * 60 + minutes))
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days-from-civil and its inverse (public domain algorithms).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_control_hub_times_and_offsets() {
        let t = Timestamp::parse("2026-11-27T01:24:00.123Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-27T01:24:00.123Z");
        let shifted = Timestamp::parse("2026-11-27T10:24:00.123+09:00").unwrap();
        assert_eq!(shifted, t);
        assert_eq!(Timestamp::parse("1970-01-01T00:00:00Z"), Some(Timestamp(0)));
        assert_eq!(Timestamp::parse("2024-02-29T23:59:59.5Z").unwrap().0 % 1000, 500);
    }

    #[test]
    fn rejects_malformed_times() {
        for bad in [
            "",
            "2026-13-01T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2026-11-27",
            "2026-11-27T01:24:00+9",
            "2026-11-27T01:24:00.Z",
            "２０２６-11-27T01:24:00Z",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn displays_in_an_offset_across_midnight() {
        let t = Timestamp::parse("2026-12-31T20:30:00Z").unwrap();
        assert_eq!(t.display_at(9 * 60), "2027-01-01 05:30:00");
        assert_eq!(t.display_at(-5 * 60), "2026-12-31 15:30:00");
        assert_eq!(offset_label(-330), "UTC-05:30");
        assert_eq!(offset_label(0), "UTC");
    }

    #[test]
    fn parses_offsets() {
        assert_eq!(parse_offset("+09:00"), Some(540));
        assert_eq!(parse_offset("-0530"), Some(-330));
        assert_eq!(parse_offset("UTC"), Some(0));
        assert_eq!(parse_offset("UTC+9"), Some(540));
        assert_eq!(parse_offset("+15:00"), None);
        assert_eq!(parse_offset("Asia/Tokyo"), None);
    }
}
