//! The cash drawer's rules: counted against expected per method, and when the takings are due
//! at finance — before 17:00 the same day, or, for takings closed after hours, by 9:00 of the
//! next working day (finance's calendar: weekdays, less holidays, plus make-up days).

use super::calendar::WorkingDays;
use chrono::{DateTime, Duration, NaiveTime, Utc};
use std::collections::BTreeMap;

/// counted − expected over every method (positive: over, negative: short).
pub fn difference(expected: &BTreeMap<String, i64>, counted: &BTreeMap<String, i64>) -> i64 {
    let methods: std::collections::BTreeSet<&String> =
        expected.keys().chain(counted.keys()).collect();
    methods
        .into_iter()
        .map(|m| counted.get(m).copied().unwrap_or(0) - expected.get(m).copied().unwrap_or(0))
        .sum()
}

const CST_HOURS: i64 = 8;

/// When the takings of a drawer closed at `closed_at` are due at finance.
pub fn hand_over_due(closed_at: DateTime<Utc>, calendar: &WorkingDays) -> DateTime<Utc> {
    let offset = Duration::hours(CST_HOURS);
    let local = closed_at + offset;
    let five = NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default();
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default();
    let day = local.date_naive();
    let working = |d: chrono::NaiveDate| calendar.is_working(d);
    if working(day) && local.time() < five {
        return day.and_time(five).and_utc() - offset;
    }
    let mut next = day.succ_opt().unwrap_or(day);
    // A year of holidays in a row is not a calendar; stop looking after that.
    for _ in 0..366 {
        if working(next) {
            break;
        }
        next = next.succ_opt().unwrap_or(next);
    }
    next.and_time(nine).and_utc() - offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn the_count_is_compared_method_by_method() {
        let expected: BTreeMap<String, i64> =
            [("cash".to_string(), 10_000), ("wechat".to_string(), 5_000)].into();
        let counted: BTreeMap<String, i64> =
            [("cash".to_string(), 9_950), ("wechat".to_string(), 5_000)].into();
        assert_eq!(difference(&expected, &counted), -50);
        assert_eq!(difference(&expected, &expected), 0);
    }

    #[test]
    fn takings_on_a_holiday_wait_for_the_next_working_day() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        let national_day = WorkingDays {
            holidays: (1..=7).map(|n| d(&format!("2026-10-0{n}"))).collect(),
            make_up_days: vec![d("2026-10-10")],
        };
        // Friday 2 October 10:00 Beijing, a holiday → Thursday 8 October 09:00.
        assert_eq!(
            hand_over_due(at("2026-10-02T02:00:00Z"), &national_day),
            at("2026-10-08T01:00:00Z")
        );
        // Friday 9 October 18:00 → Saturday 10 October 09:00, a make-up day.
        assert_eq!(
            hand_over_due(at("2026-10-09T10:00:00Z"), &national_day),
            at("2026-10-10T01:00:00Z")
        );
    }

    #[test]
    fn takings_are_due_before_five_or_by_nine_next_working_day() {
        // Tuesday 14:00 Beijing → 17:00 the same day.
        assert_eq!(
            hand_over_due(at("2026-11-24T06:00:00Z"), &WorkingDays::default()),
            at("2026-11-24T09:00:00Z")
        );
        // Tuesday 19:00 Beijing → Wednesday 09:00.
        assert_eq!(
            hand_over_due(at("2026-11-24T11:00:00Z"), &WorkingDays::default()),
            at("2026-11-25T01:00:00Z")
        );
        // Saturday 10:00 Beijing → Monday 09:00.
        assert_eq!(
            hand_over_due(at("2026-11-28T02:00:00Z"), &WorkingDays::default()),
            at("2026-11-30T01:00:00Z")
        );
    }
}
