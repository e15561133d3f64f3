//! The estate's own clock face: the one place where an instant becomes the date, month, year or
//! working-day boundary that the estate's people read, and back.
//!
//! Every estate keeps its time zone (an IANA name, `Asia/Shanghai` unless the registry says
//! otherwise). Nothing else in the platform adds hours to a UTC instant: a number carrying a
//! year, a "today" list, the month a figure belongs to and the close of business are all asked
//! of a [`Zone`].

use chrono::{
    DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};
use chrono_tz::Tz;
use std::fmt;
use std::str::FromStr;

/// The zone of an estate that names none.
pub const DEFAULT_ZONE: &str = "Asia/Shanghai";

/// An estate's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Zone(Tz);

/// A zone name that is not in the time-zone database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone")]
pub struct UnknownZone;

impl Default for Zone {
    fn default() -> Self {
        Zone(Tz::Asia__Shanghai)
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name())
    }
}

impl FromStr for Zone {
    type Err = UnknownZone;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Tz::from_str(s.trim()).map(Zone).map_err(|_| UnknownZone)
    }
}

impl serde::Serialize for Zone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.name())
    }
}

impl<'de> serde::Deserialize<'de> for Zone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

impl Zone {
    /// The zone named, or the default one for an empty or unknown name (a record written before
    /// zones were kept, or an event from an older publisher).
    pub fn or_default(name: &str) -> Self {
        name.parse().unwrap_or_default()
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// The wall-clock date and time at `at`.
    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.0).naive_local()
    }

    /// The estate's date at `at`: what "today" means at the desk.
    pub fn date(&self, at: DateTime<Utc>) -> NaiveDate {
        self.local(at).date()
    }

    /// The estate's year at `at` (the year in a receipt's or an order's number).
    pub fn year(&self, at: DateTime<Utc>) -> i32 {
        self.date(at).year()
    }

    /// The month a figure taken at `at` belongs to, as `YYYY-MM`.
    pub fn month(&self, at: DateTime<Utc>) -> String {
        self.date(at).format("%Y-%m").to_string()
    }

    /// The instant the estate's clocks show `time` on `date`; in a gap (a summer-time jump,
    /// where a zone has one) the first instant after it, in an overlap the earlier one.
    pub fn at(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        let naive = date.and_time(time);
        match self.0.from_local_datetime(&naive) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
            LocalResult::None => {
                // Gaps are at most a few hours long: step forward until the clock exists.
                let mut probe = naive;
                for _ in 0..24 * 4 {
                    probe += chrono::Duration::minutes(15);
                    if let LocalResult::Single(t) | LocalResult::Ambiguous(t, _) =
                        self.0.from_local_datetime(&probe)
                    {
                        return t.with_timezone(&Utc);
                    }
                }
                naive.and_utc()
            }
        }
    }

    /// The first instant of the estate's `date`.
    pub fn day_start(&self, date: NaiveDate) -> DateTime<Utc> {
        self.at(date, NaiveTime::MIN)
    }

    /// `[start, end)` of the estate's `date`.
    pub fn day_bounds(&self, date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
        (self.day_start(date), self.day_start(next))
    }

    /// `[start, end)` of the estate's dates `from ..= to`.
    pub fn days_bounds(&self, from: NaiveDate, to: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.day_start(from), self.day_bounds(to).1)
    }

    /// `[start, end)` of a `YYYY-MM` month, or `None` for anything else.
    pub fn month_bounds(&self, month: &str) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let first = parse_month(month)?;
        let next = first.checked_add_months(chrono::Months::new(1))?;
        Some((self.day_start(first), self.day_start(next)))
    }
}

/// The first day of a `YYYY-MM` month.
pub fn parse_month(month: &str) -> Option<NaiveDate> {
    let (y, m) = month.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn late_evening_utc_is_the_next_day_in_beijing() {
        let z = Zone::default();
        // 31 December 17:30 UTC is 1 January 01:30 in Beijing: a new year's first receipt.
        let at = utc("2026-12-31T17:30:00Z");
        assert_eq!(z.date(at), date("2027-01-01"));
        assert_eq!(z.year(at), 2027);
        assert_eq!(z.month(at), "2027-01");
        assert_eq!(z.month(utc("2026-12-31T15:59:59Z")), "2026-12");
    }

    #[test]
    fn a_day_and_a_month_start_at_local_midnight() {
        let z = Zone::default();
        assert_eq!(
            z.day_bounds(date("2026-11-20")),
            (utc("2026-11-19T16:00:00Z"), utc("2026-11-20T16:00:00Z"))
        );
        assert_eq!(
            z.month_bounds("2026-02"),
            Some((utc("2026-01-31T16:00:00Z"), utc("2026-02-28T16:00:00Z")))
        );
        assert_eq!(z.month_bounds("2026-13"), None);
        assert_eq!(z.month_bounds("26-01"), None);
        assert_eq!(
            z.at(
                date("2026-11-20"),
                NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default()
            ),
            utc("2026-11-20T09:00:00Z")
        );
    }

    #[test]
    fn another_zone_is_a_setting_not_a_rewrite() {
        let urumqi: Zone = "Asia/Urumqi".parse().unwrap_or_default();
        assert_eq!(urumqi.name(), "Asia/Urumqi");
        assert_eq!(urumqi.date(utc("2026-11-20T17:30:00Z")), date("2026-11-20"));
        assert_eq!(
            Zone::default().date(utc("2026-11-20T17:30:00Z")),
            date("2026-11-21")
        );
        assert_eq!("Mars/Olympus".parse::<Zone>(), Err(UnknownZone));
        assert_eq!(Zone::or_default(""), Zone::default());
    }

    #[test]
    fn a_summer_time_gap_moves_to_the_first_real_instant() {
        let berlin: Zone = "Europe/Berlin".parse().unwrap_or_default();
        // 2026-03-29 02:30 does not exist in Berlin; 03:00 CEST = 01:00 UTC does.
        assert_eq!(
            berlin.at(
                date("2026-03-29"),
                NaiveTime::from_hms_opt(2, 30, 0).unwrap_or_default()
            ),
            utc("2026-03-29T01:00:00Z")
        );
    }

    #[test]
    fn zones_read_and_write_as_their_names() {
        let z: Zone = serde_json::from_str("\"Asia/Shanghai\"")
            .unwrap_or_else(|_| "UTC".parse().unwrap_or_default());
        assert_eq!(z, Zone::default());
        assert_eq!(
            serde_json::to_string(&z).unwrap_or_default(),
            "\"Asia/Shanghai\""
        );
        assert!(serde_json::from_str::<Zone>("\"Nowhere\"").is_err());
    }
}
