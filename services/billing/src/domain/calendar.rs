//! Finance's calendar and the periods of the books. The estate's days and months are read in
//! its own zone (`desk_platform::local::Zone`, from billing's copy of its calendar:
//! `db::calendar::zone_by_group_estate`), never here.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// `YYYY-MM` → its first day, when well-formed.
pub fn parse_period(s: &str) -> Option<NaiveDate> {
    if s.len() != 7 {
        return None;
    }
    NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok()
}

/// The week of the Saturday receipts list: Sunday to the Saturday `saturday`; `None` when the
/// day is not a Saturday.
pub fn receipts_week(saturday: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    (saturday.weekday() == Weekday::Sat).then(|| (saturday - Duration::days(6), saturday))
}

/// The latest Saturday on or before `day`.
pub fn last_saturday(day: NaiveDate) -> NaiveDate {
    let back = (day.weekday().num_days_from_sunday() + 1) % 7;
    day - Duration::days(i64::from(back))
}

/// Which days finance works: weekdays, less holidays, plus weekend days worked instead (调休).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkingDays {
    pub holidays: Vec<NaiveDate>,
    pub make_up_days: Vec<NaiveDate>,
}

impl WorkingDays {
    pub fn is_working(&self, d: NaiveDate) -> bool {
        if self.make_up_days.contains(&d) {
            return true;
        }
        if self.holidays.contains(&d) {
            return false;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// Finance's days: the estate calendar's holidays and make-up days (documents' calendar,
    /// of which billing keeps a copy) with finance's own exceptions on top — `exceptions`'
    /// holidays are days finance is closed although the estate works, its make-up days days
    /// finance works although the estate does not. Finance keeps its Monday-to-Friday week:
    /// a desk that also works weekends does not open finance on them.
    pub fn of_estate(estate: &WorkingDays, exceptions: &WorkingDays) -> WorkingDays {
        let merged = |a: &[NaiveDate], b: &[NaiveDate], less: &[NaiveDate]| {
            let mut v: Vec<NaiveDate> = a
                .iter()
                .chain(b)
                .filter(|d| !less.contains(d))
                .copied()
                .collect();
            v.sort();
            v.dedup();
            v
        };
        WorkingDays {
            holidays: merged(
                &estate.holidays,
                &exceptions.holidays,
                &exceptions.make_up_days,
            ),
            make_up_days: merged(
                &estate.make_up_days,
                &exceptions.make_up_days,
                &exceptions.holidays,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finance_counts_the_estate_calendar_with_its_own_exceptions() {
        let estate = WorkingDays {
            holidays: vec![d("2026-10-01"), d("2026-10-02")],
            make_up_days: vec![d("2026-10-10")],
        };
        // No exceptions: finance's days are the estate's.
        let same = WorkingDays::of_estate(&estate, &WorkingDays::default());
        assert_eq!(same, estate);
        // Finance closes on a day the desk works (its stocktaking Friday), and works the
        // estate's holiday of 2 October to close the month.
        let finance = WorkingDays::of_estate(
            &estate,
            &WorkingDays {
                holidays: vec![d("2026-10-09")],
                make_up_days: vec![d("2026-10-02")],
            },
        );
        assert!(!finance.is_working(d("2026-10-01")), "the estate's holiday");
        assert!(
            finance.is_working(d("2026-10-02")),
            "finance's own working day"
        );
        assert!(
            !finance.is_working(d("2026-10-09")),
            "finance's own closed day"
        );
        assert!(
            finance.is_working(d("2026-10-10")),
            "the estate's make-up Saturday"
        );
        assert!(!finance.is_working(d("2026-10-11")), "Sunday");
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn a_period_is_a_year_and_a_month() {
        assert_eq!(parse_period("2026-12"), Some(d("2026-12-01")));
        assert_eq!(parse_period("2026-13"), None);
        assert_eq!(parse_period("2026-1"), None);
    }

    #[test]
    fn the_receipts_week_ends_on_saturday() {
        assert_eq!(
            receipts_week(d("2026-11-28")),
            Some((d("2026-11-22"), d("2026-11-28")))
        );
        assert_eq!(receipts_week(d("2026-11-27")), None);
        assert_eq!(last_saturday(d("2026-11-24")), d("2026-11-21"));
        assert_eq!(last_saturday(d("2026-11-28")), d("2026-11-28"));
        assert_eq!(last_saturday(d("2026-11-29")), d("2026-11-28"));
    }

    #[test]
    fn holidays_close_finance_and_make_up_days_open_it() {
        let cal = WorkingDays {
            holidays: vec![d("2026-10-01"), d("2026-10-02")],
            make_up_days: vec![d("2026-10-10")],
        };
        assert!(!cal.is_working(d("2026-10-01")));
        assert!(cal.is_working(d("2026-10-10")), "a Saturday worked instead");
        assert!(!cal.is_working(d("2026-10-11")));
        assert!(cal.is_working(d("2026-10-12")));
    }
}
