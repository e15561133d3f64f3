//! The estate's business calendar: which days are working days (weekdays, less holidays, plus
//! the make-up working days of 调休), and deadlines counted in working days, ending at the close
//! of business in the estate's own time zone. The calendar is documents' estate calendar, of
//! which complaints keep a copy (`events::calendar`); an estate documents has published none
//! for keeps the one set in complaints' settings.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc, Weekday};
use desk_platform::local::Zone;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// ISO weekdays that are working days, Monday = 1.
    pub working_weekdays: Vec<u32>,
    pub holidays: Vec<NaiveDate>,
    /// Weekend days worked instead of a holiday (调休).
    pub extra_workdays: Vec<NaiveDate>,
    /// The close of business, when a day's deadline falls.
    pub business_end: NaiveTime,
    /// The estate's time zone: its dates and its close of business.
    pub zone: Zone,
}

impl Default for Calendar {
    fn default() -> Self {
        Self {
            working_weekdays: vec![1, 2, 3, 4, 5],
            holidays: vec![],
            extra_workdays: vec![],
            business_end: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default(),
            zone: Zone::default(),
        }
    }
}

impl Calendar {
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.extra_workdays.contains(&d) {
            return true;
        }
        if self.holidays.contains(&d) {
            return false;
        }
        let iso = match d.weekday() {
            Weekday::Mon => 1,
            Weekday::Tue => 2,
            Weekday::Wed => 3,
            Weekday::Thu => 4,
            Weekday::Fri => 5,
            Weekday::Sat => 6,
            Weekday::Sun => 7,
        };
        self.working_weekdays.contains(&iso)
    }

    /// The close of business of the `n`th working day after `from` (the day of `from` itself
    /// does not count: a complaint assigned on Friday with 2 days is due Tuesday evening).
    pub fn deadline(&self, from: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        let local = self.zone.date(from);
        let mut day = local;
        let mut counted = 0;
        let mut guard = 0;
        while counted < n.max(1) && guard < 3660 {
            day = day.checked_add_days(Days::new(1)).unwrap_or(day);
            guard += 1;
            if self.is_working_day(day) {
                counted += 1;
            }
        }
        self.zone.at(day, self.business_end)
    }

    /// Working days between two instants' local dates (for "due in 1 working day").
    pub fn working_days_between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        let (mut d, end) = (self.zone.date(a), self.zone.date(b));
        let mut n = 0;
        while d < end {
            d = d.checked_add_days(Days::new(1)).unwrap_or(end);
            if self.is_working_day(d) {
                n += 1;
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn two_working_days_skip_the_weekend() {
        let c = Calendar::default();
        // Friday 2026-11-20 10:00 in Beijing → Tuesday 2026-11-24 18:00 Beijing = 10:00 UTC.
        assert_eq!(
            c.deadline(at("2026-11-20T02:00:00Z"), 2),
            at("2026-11-24T10:00:00Z")
        );
        // Monday → Wednesday evening.
        assert_eq!(
            c.deadline(at("2026-11-23T01:00:00Z"), 2),
            at("2026-11-25T10:00:00Z")
        );
    }

    #[test]
    fn holidays_are_skipped_and_make_up_days_count() {
        let c = Calendar {
            holidays: vec![date("2026-10-01"), date("2026-10-02"), date("2026-10-05")],
            extra_workdays: vec![date("2026-10-10")],
            ..Calendar::default()
        };
        // Wednesday 30 Sep → 1, 2 holidays, 3–4 weekend, 5 holiday → 6 and 7.
        assert_eq!(
            c.deadline(at("2026-09-30T02:00:00Z"), 2),
            at("2026-10-07T10:00:00Z")
        );
        assert!(
            c.is_working_day(date("2026-10-10")),
            "a Saturday worked instead"
        );
        assert!(!c.is_working_day(date("2026-10-01")));
    }

    #[test]
    fn the_estate_zone_decides_the_day_and_the_close_of_business() {
        // An estate in Ürümqi (UTC+6): 00:30 UTC on Monday is 06:30 there, the same Monday;
        // two working days on, Wednesday 18:00 there is 12:00 UTC.
        let c = Calendar {
            zone: "Asia/Urumqi".parse().unwrap_or_default(),
            ..Calendar::default()
        };
        assert_eq!(
            c.deadline(at("2026-11-23T00:30:00Z"), 2),
            at("2026-11-25T12:00:00Z")
        );
        // The same instant in Shanghai is 08:30 Monday: Wednesday 18:00 there is 10:00 UTC.
        assert_eq!(
            Calendar::default().deadline(at("2026-11-23T00:30:00Z"), 2),
            at("2026-11-25T10:00:00Z")
        );
    }

    #[test]
    fn the_local_day_decides_not_the_utc_day() {
        let c = Calendar::default();
        // Sunday 23:30 UTC is already Monday 07:30 in Beijing: Monday is the day of assignment.
        assert_eq!(
            c.deadline(at("2026-11-22T23:30:00Z"), 2),
            at("2026-11-25T10:00:00Z")
        );
        assert_eq!(
            c.working_days_between(at("2026-11-20T02:00:00Z"), at("2026-11-24T02:00:00Z")),
            2
        );
    }
}
