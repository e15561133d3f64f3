//! The estate calendar: which days the estate works (its weekdays, less the holidays, plus the
//! make-up working days of 调休) and its close of business. Documents owns it; complaints count
//! their deadlines and finance its hand-over on the copy they keep of it.

use super::registry::{Invalid, invalid};
use chrono::{Datelike, NaiveDate, NaiveTime};

/// At most this many holidays and make-up days in one calendar (a few years of them).
pub const MAX_HOLIDAYS: usize = 400;
pub const MAX_MAKE_UP_DAYS: usize = 100;
/// Monday to Friday, ISO numbers.
pub const DEFAULT_WEEKDAYS: [u32; 5] = [1, 2, 3, 4, 5];
/// The close of business of an estate that sets none: 18:00.
pub const DEFAULT_CLOSE: (u32, u32) = (18, 0);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EstateCalendar {
    /// ISO weekdays worked, Monday = 1, ascending.
    pub working_weekdays: Vec<u32>,
    /// Days off although their weekday is worked (法定节假日), ascending.
    pub holidays: Vec<NaiveDate>,
    /// Days worked although their weekday is not (调休), ascending.
    pub make_up_days: Vec<NaiveDate>,
    /// When a day's deadline falls, in the estate's time.
    pub close_of_business: NaiveTime,
}

impl Default for EstateCalendar {
    fn default() -> Self {
        Self {
            working_weekdays: DEFAULT_WEEKDAYS.to_vec(),
            holidays: vec![],
            make_up_days: vec![],
            close_of_business: NaiveTime::from_hms_opt(DEFAULT_CLOSE.0, DEFAULT_CLOSE.1, 0)
                .unwrap_or_default(),
        }
    }
}

impl EstateCalendar {
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.make_up_days.contains(&d) {
            return true;
        }
        if self.holidays.contains(&d) {
            return false;
        }
        self.working_weekdays
            .contains(&d.weekday().number_from_monday())
    }
}

/// A calendar as a supervisor sends it.
#[derive(Debug, Clone, Default)]
pub struct CalendarInput {
    pub working_weekdays: Option<Vec<u32>>,
    pub holidays: Vec<NaiveDate>,
    pub make_up_days: Vec<NaiveDate>,
    /// `HH:MM`.
    pub close_of_business: Option<String>,
}

fn sorted<T: Ord + Clone>(v: &[T]) -> Vec<T> {
    let mut v = v.to_vec();
    v.sort();
    v.dedup();
    v
}

/// Check a calendar: weekdays 1 to 7 (at least one), no day both a holiday and a make-up day,
/// make-up days only on weekdays not worked (else they change nothing), a close of business
/// `HH:MM`. Lists come back sorted, without repeats.
pub fn check(input: CalendarInput) -> Result<EstateCalendar, Invalid> {
    let weekdays = sorted(
        &input
            .working_weekdays
            .unwrap_or_else(|| DEFAULT_WEEKDAYS.to_vec()),
    );
    if weekdays.is_empty() || weekdays.iter().any(|d| !(1..=7).contains(d)) {
        return Err(invalid(
            "working_weekdays",
            "must name at least one day, 1 (Monday) to 7 (Sunday)",
        ));
    }
    let holidays = sorted(&input.holidays);
    let make_up_days = sorted(&input.make_up_days);
    if holidays.len() > MAX_HOLIDAYS {
        return Err(invalid("holidays", "at most 400 days"));
    }
    if make_up_days.len() > MAX_MAKE_UP_DAYS {
        return Err(invalid("make_up_days", "at most 100 days"));
    }
    if make_up_days.iter().any(|d| holidays.contains(d)) {
        return Err(invalid(
            "make_up_days",
            "a day cannot be both a holiday and a make-up working day",
        ));
    }
    if make_up_days
        .iter()
        .any(|d| weekdays.contains(&d.weekday().number_from_monday()))
    {
        return Err(invalid(
            "make_up_days",
            "a make-up working day (调休) must fall on a day that is not worked anyway",
        ));
    }
    let close_of_business = match input.close_of_business.as_deref().map(str::trim) {
        None | Some("") => EstateCalendar::default().close_of_business,
        Some(t) => NaiveTime::parse_from_str(t, "%H:%M")
            .map_err(|_| invalid("close_of_business", "must read HH:MM"))?,
    };
    Ok(EstateCalendar {
        working_weekdays: weekdays,
        holidays,
        make_up_days,
        close_of_business,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn national_day_is_off_and_its_make_up_saturday_is_worked() {
        let c = check(CalendarInput {
            holidays: vec![d("2026-10-02"), d("2026-10-01"), d("2026-10-01")],
            make_up_days: vec![d("2026-10-10")],
            ..CalendarInput::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.holidays, vec![d("2026-10-01"), d("2026-10-02")]);
        assert!(!c.is_working_day(d("2026-10-01")));
        assert!(
            c.is_working_day(d("2026-10-10")),
            "a Saturday worked instead"
        );
        assert!(!c.is_working_day(d("2026-10-11")), "Sunday");
        assert!(c.is_working_day(d("2026-10-12")));
        assert_eq!(
            c.close_of_business,
            NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default()
        );
    }

    #[test]
    fn an_estate_may_work_saturdays_and_close_at_its_own_hour() {
        let c = check(CalendarInput {
            working_weekdays: Some(vec![6, 1, 2, 3, 4, 5]),
            close_of_business: Some("17:30".into()),
            ..CalendarInput::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.working_weekdays, vec![1, 2, 3, 4, 5, 6]);
        assert!(c.is_working_day(d("2026-10-10")));
        assert_eq!(
            c.close_of_business,
            NaiveTime::from_hms_opt(17, 30, 0).unwrap_or_default()
        );
    }

    #[test]
    fn a_calendar_that_contradicts_itself_is_refused() {
        let field = |i: CalendarInput| check(i).err().map(|e| e.field);
        assert_eq!(
            field(CalendarInput {
                working_weekdays: Some(vec![]),
                ..CalendarInput::default()
            }),
            Some("working_weekdays")
        );
        assert_eq!(
            field(CalendarInput {
                working_weekdays: Some(vec![0, 8]),
                ..CalendarInput::default()
            }),
            Some("working_weekdays")
        );
        assert_eq!(
            field(CalendarInput {
                holidays: vec![d("2026-10-10")],
                make_up_days: vec![d("2026-10-10")],
                ..CalendarInput::default()
            }),
            Some("make_up_days")
        );
        assert_eq!(
            field(CalendarInput {
                make_up_days: vec![d("2026-10-12")],
                ..CalendarInput::default()
            }),
            Some("make_up_days"),
            "a Monday is worked anyway"
        );
        assert_eq!(
            field(CalendarInput {
                close_of_business: Some("6pm".into()),
                ..CalendarInput::default()
            }),
            Some("close_of_business")
        );
        assert_eq!(
            field(CalendarInput {
                holidays: (0..401)
                    .map(|i| d("2026-01-01") + chrono::Days::new(i))
                    .collect(),
                ..CalendarInput::default()
            }),
            Some("holidays")
        );
    }
}
