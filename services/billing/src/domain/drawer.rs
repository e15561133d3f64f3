//! The cash drawer's rules: counted against expected per method, and when the takings are due
//! at finance — 17:00 of the working day they were taken, or, for takings after hours or on a
//! day finance does not work, 9:00 of the next working day (finance's calendar: weekdays, less
//! holidays, plus make-up days). The hand-over is owed for each day's takings whatever the
//! drawer does: the deadline is fixed when the drawer opens, a drawer takes nothing owed at
//! another deadline (it cannot carry takings across days), and a drawer not handed over by its
//! deadline is late from that instant, read from the clock without anyone acting.

use super::calendar::WorkingDays;
use chrono::{DateTime, NaiveTime, Utc};
use desk_platform::local::Zone;
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

/// Close of the day's takings: due at finance by then.
pub const HAND_OVER_BY: (u32, u32) = (17, 0);
/// Takings after hours or on a day off: due by then on the next working day.
pub const NEXT_DAY_BY: (u32, u32) = (9, 0);

fn time((h, m): (u32, u32)) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
}

/// When the takings of `taken_at` are due at finance.
pub fn hand_over_due(taken_at: DateTime<Utc>, calendar: &WorkingDays, zone: Zone) -> DateTime<Utc> {
    let local = zone.local(taken_at);
    let day = local.date();
    let working = |d: chrono::NaiveDate| calendar.is_working(d);
    if working(day) && local.time() < time(HAND_OVER_BY) {
        return zone.at(day, time(HAND_OVER_BY));
    }
    let mut next = day.succ_opt().unwrap_or(day);
    // A year of holidays in a row is not a calendar; stop looking after that.
    for _ in 0..366 {
        if working(next) {
            break;
        }
        next = next.succ_opt().unwrap_or(next);
    }
    zone.at(next, time(NEXT_DAY_BY))
}

/// A drawer holds one day's takings: what is taken `at` must be owed at the drawer's deadline,
/// else the drawer is closed and handed over and a new one opened.
pub fn takes_at(
    drawer_due: DateTime<Utc>,
    at: DateTime<Utc>,
    calendar: &WorkingDays,
    zone: Zone,
) -> bool {
    hand_over_due(at, calendar, zone) == drawer_due
}

/// Late: handed over after the deadline, or not handed over and the deadline has passed.
pub fn late(due: DateTime<Utc>, handed_over_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    match handed_over_at {
        Some(at) => at > due,
        None => now > due,
    }
}

/// How finance settles a drawer's difference when it confirms the hand-over.
pub const RESOLUTIONS: [&str; 2] = ["settled", "explained"];

/// A rule the request breaks, with its stable code and the words for the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub title: &'static str,
}

pub const PAST_HAND_OVER: Refusal = Refusal {
    code: "drawer_past_hand_over",
    title: "This drawer's takings are owed at finance at another deadline: close it, hand it over and open a new one.",
};
pub const NOT_HANDED_OVER: Refusal = Refusal {
    code: "hand_over_not_received",
    title: "The takings have not been handed over yet.",
};
pub const OWN_HAND_OVER: Refusal = Refusal {
    code: "own_hand_over",
    title: "Finance confirms a hand-over: another person than the cashier who handed it over.",
};
pub const ALREADY_CONFIRMED: Refusal = Refusal {
    code: "hand_over_confirmed",
    title: "Finance already confirmed this hand-over.",
};
pub const DIFFERENCE_UNRESOLVED: Refusal = Refusal {
    code: "difference_unresolved",
    title: "The drawer was over or short: say whether the difference was settled or explain it.",
};

/// A drawer's hand-over as finance finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandOver {
    pub cashier: uuid::Uuid,
    pub handed_over_by: Option<uuid::Uuid>,
    pub handed_over: bool,
    pub confirmed: bool,
    pub difference_fen: i64,
}

/// Finance confirms what it received: by another person than the cashier and the one who
/// handed it over; a difference is either settled (paid in or out) or explained in words.
pub fn confirm(
    h: &HandOver,
    confirmer: uuid::Uuid,
    resolution: Option<&str>,
    note: Option<&str>,
) -> Result<(), Refusal> {
    if !h.handed_over {
        return Err(NOT_HANDED_OVER);
    }
    if h.confirmed {
        return Err(ALREADY_CONFIRMED);
    }
    if confirmer == h.cashier || h.handed_over_by == Some(confirmer) {
        return Err(OWN_HAND_OVER);
    }
    if h.difference_fen != 0 {
        let explained = note.is_some_and(|n| n.trim().chars().count() >= 2);
        match resolution {
            Some("settled") => {}
            Some("explained") if explained => {}
            _ => return Err(DIFFERENCE_UNRESOLVED),
        }
    }
    Ok(())
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
            hand_over_due(at("2026-10-02T02:00:00Z"), &national_day, Zone::default()),
            at("2026-10-08T01:00:00Z")
        );
        // Friday 9 October 18:00 → Saturday 10 October 09:00, a make-up day.
        assert_eq!(
            hand_over_due(at("2026-10-09T10:00:00Z"), &national_day, Zone::default()),
            at("2026-10-10T01:00:00Z")
        );
    }

    #[test]
    fn takings_are_due_before_five_or_by_nine_next_working_day() {
        // Tuesday 14:00 Beijing → 17:00 the same day.
        assert_eq!(
            hand_over_due(
                at("2026-11-24T06:00:00Z"),
                &WorkingDays::default(),
                Zone::default()
            ),
            at("2026-11-24T09:00:00Z")
        );
        // Tuesday 19:00 Beijing → Wednesday 09:00.
        assert_eq!(
            hand_over_due(
                at("2026-11-24T11:00:00Z"),
                &WorkingDays::default(),
                Zone::default()
            ),
            at("2026-11-25T01:00:00Z")
        );
        // Saturday 10:00 Beijing → Monday 09:00.
        assert_eq!(
            hand_over_due(
                at("2026-11-28T02:00:00Z"),
                &WorkingDays::default(),
                Zone::default()
            ),
            at("2026-11-30T01:00:00Z")
        );
    }

    #[test]
    fn a_drawer_takes_only_the_takings_owed_at_its_own_deadline() {
        let cal = WorkingDays::default();
        let z = Zone::default();
        // Opened Tuesday 08:00 Beijing: owed at 17:00 that day.
        let due = hand_over_due(at("2026-11-24T00:00:00Z"), &cal, z);
        assert_eq!(due, at("2026-11-24T09:00:00Z"));
        assert!(takes_at(due, at("2026-11-24T08:59:00Z"), &cal, z), "16:59");
        assert!(
            !takes_at(due, at("2026-11-24T09:01:00Z"), &cal, z),
            "17:01 is after hours"
        );
        assert!(
            !takes_at(due, at("2026-11-25T02:00:00Z"), &cal, z),
            "the next morning is another day's takings"
        );
        // Opened Tuesday 19:00: after hours, owed Wednesday 09:00, so Wednesday 08:30 is another day.
        let evening = hand_over_due(at("2026-11-24T11:00:00Z"), &cal, z);
        assert!(
            takes_at(evening, at("2026-11-24T15:00:00Z"), &cal, z),
            "23:00"
        );
        assert!(
            !takes_at(evening, at("2026-11-25T00:30:00Z"), &cal, z),
            "08:30 next day"
        );
    }

    #[test]
    fn a_hand_over_is_late_once_its_deadline_passes_whatever_the_drawer_does() {
        let due = at("2026-11-24T09:00:00Z");
        assert!(!late(due, None, at("2026-11-24T08:59:00Z")));
        assert!(
            late(due, None, at("2026-11-24T09:01:00Z")),
            "never handed over"
        );
        assert!(!late(
            due,
            Some(at("2026-11-24T08:30:00Z")),
            at("2026-11-30T00:00:00Z")
        ));
        assert!(late(
            due,
            Some(at("2026-11-24T10:00:00Z")),
            at("2026-11-24T10:00:00Z")
        ));
    }

    #[test]
    fn finance_confirms_by_a_second_person_and_settles_or_explains_the_difference() {
        let cashier = uuid::Uuid::from_u128(1);
        let finance = uuid::Uuid::from_u128(2);
        let h = HandOver {
            cashier,
            handed_over_by: Some(cashier),
            handed_over: true,
            confirmed: false,
            difference_fen: 0,
        };
        assert_eq!(confirm(&h, finance, None, None), Ok(()));
        assert_eq!(confirm(&h, cashier, None, None), Err(OWN_HAND_OVER));
        let not_yet = HandOver {
            handed_over: false,
            ..h
        };
        assert_eq!(confirm(&not_yet, finance, None, None), Err(NOT_HANDED_OVER));
        let done = HandOver {
            confirmed: true,
            ..h
        };
        assert_eq!(confirm(&done, finance, None, None), Err(ALREADY_CONFIRMED));
        let short = HandOver {
            difference_fen: -50,
            ..h
        };
        assert_eq!(
            confirm(&short, finance, None, None),
            Err(DIFFERENCE_UNRESOLVED)
        );
        assert_eq!(
            confirm(&short, finance, Some("explained"), Some(" ")),
            Err(DIFFERENCE_UNRESOLVED)
        );
        assert_eq!(
            confirm(
                &short,
                finance,
                Some("explained"),
                Some("找零错给业主 0.5 元")
            ),
            Ok(())
        );
        assert_eq!(confirm(&short, finance, Some("settled"), None), Ok(()));
    }
}
