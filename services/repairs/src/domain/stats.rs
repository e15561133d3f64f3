//! What a work order adds to its estate's monthly figures (the read model
//! `repairs.estate_month_stats`), without I/O.
//!
//! An order counts in two months (Beijing time):
//! - the month it was **taken** (`created_at`): opened, completed, with an appointment, arrived
//!   on time (work started by the end of the agreed window, 002 rule 3), time to complete,
//!   followed up, ratings, satisfied (overall 3 or better: basically satisfied or better), and
//!   the settled fee of paid work; on three lines: the estate's own, its kind's and its
//!   technician's (or `unassigned`);
//! - the month it was **done** (completion, or the sign-off when a failed repair reopened it):
//!   done and done-and-followed-up, the follow-up rate's two numbers (001 6.4), on the estate's
//!   line only.
//!
//! A change of an order moves the figures by `contributions(after) − contributions(before)`, so
//! a reassignment moves the order from one technician's line to the other's and a failed
//! follow-up takes back what the completion gave. The lines a change moves come out in one
//! order (month, line, key), so concurrent changes lock them in the same order.
//!
//! Late follow-ups (回访 after the week it is due in) count in the month the order was done:
//! one made late on the estate's line (`follow_up_late`), and one not made yet on a line of
//! its own keyed by the instant it falls due (`follow_up_due`, counter `awaiting_follow_up`),
//! so a reader counts those whose instant has passed by reading the month's few lines, with no
//! sweep to move a figure when a week runs out and no count of orders on the request path.
//!
//! Other lateness of open orders is not kept here: an open order becomes overdue as the clock
//! passes its window, with no change to move a figure; it stays a question for the open orders
//! themselves. What the figures keep of it is the arrival: work started after the window ended.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use desk_platform::local::Zone;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The line of the estate's own figures.
pub const ESTATE: &str = "estate";
/// Lines per kind of order.
pub const KIND: &str = "kind";
/// Lines per technician (key: the technician's id, or `unassigned`).
pub const TECHNICIAN: &str = "technician";
/// Lines of done orders still waiting for their follow-up, in the month they were done, keyed
/// by the instant the follow-up falls due (`due_key`).
pub const FOLLOW_UP_DUE: &str = "follow_up_due";

/// The key of a `FOLLOW_UP_DUE` line: the instant in UTC, which sorts as it falls.
pub fn due_key(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The order's facts that the figures depend on.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub created_at: DateTime<Utc>,
    pub kind: String,
    pub technician_id: Option<Uuid>,
    pub appointment_end: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    /// When the resident signed off the last completion.
    pub signed_off_at: Option<DateTime<Utc>>,
    pub followed_up: bool,
    pub overall_rating: Option<i32>,
    pub fee_fen: i64,
    /// Billing's payments have settled the fee.
    pub settled: bool,
    /// The follow-up was made after it was due.
    pub follow_up_late: bool,
    /// Done and waiting for its follow-up: when it falls due.
    pub awaiting_follow_up: Option<DateTime<Utc>>,
    /// The estate's zone, where its months are read.
    pub zone: Zone,
}

/// Counters of one line of one month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub opened: i32,
    pub completed: i32,
    pub with_appointment: i32,
    pub arrived_on_time: i32,
    /// Sum over completed orders of the time from the call to completion, in milliseconds.
    pub completion_ms: i64,
    pub followed_up: i32,
    pub rating_sum: i32,
    pub rating_count: i32,
    pub satisfied: i32,
    pub revenue_fen: i64,
    pub done: i32,
    pub done_followed_up: i32,
    /// Done orders whose follow-up was made late (estate line of the month done).
    pub follow_up_late: i32,
    /// Done orders waiting for their follow-up (`FOLLOW_UP_DUE` lines).
    pub awaiting_follow_up: i32,
}

impl Counts {
    pub fn is_zero(&self) -> bool {
        *self == Counts::default()
    }

    fn add(&mut self, o: &Counts, sign: i32) {
        let s64 = i64::from(sign);
        self.opened += sign * o.opened;
        self.completed += sign * o.completed;
        self.with_appointment += sign * o.with_appointment;
        self.arrived_on_time += sign * o.arrived_on_time;
        self.completion_ms += s64 * o.completion_ms;
        self.followed_up += sign * o.followed_up;
        self.rating_sum += sign * o.rating_sum;
        self.rating_count += sign * o.rating_count;
        self.satisfied += sign * o.satisfied;
        self.revenue_fen += s64 * o.revenue_fen;
        self.done += sign * o.done;
        self.done_followed_up += sign * o.done_followed_up;
        self.follow_up_late += sign * o.follow_up_late;
        self.awaiting_follow_up += sign * o.awaiting_follow_up;
    }
}

/// Where counters go: a month (its first day) and a line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Line {
    pub month: NaiveDate,
    pub dim: &'static str,
    pub key: String,
}

/// The first day of the month `at` falls in, on the estate's dates.
pub fn month_of(zone: Zone, at: DateTime<Utc>) -> NaiveDate {
    let local = zone.date(at);
    local.with_day(1).unwrap_or(local)
}

/// What the order adds to the figures, line by line.
pub fn contributions(f: &Facts) -> Vec<(Line, Counts)> {
    let b = |v: bool| i32::from(v);
    let rating = f.overall_rating;
    let taken = Counts {
        opened: 1,
        completed: b(f.completed_at.is_some()),
        with_appointment: b(f.appointment_end.is_some()),
        arrived_on_time: b(
            matches!((f.started_at, f.appointment_end), (Some(s), Some(e)) if s <= e),
        ),
        completion_ms: f
            .completed_at
            .map(|c| (c - f.created_at).num_milliseconds())
            .unwrap_or(0),
        followed_up: b(f.followed_up),
        rating_sum: rating.unwrap_or(0),
        rating_count: b(rating.is_some()),
        satisfied: b(rating.is_some_and(|r| r >= 3)),
        revenue_fen: if f.settled { f.fee_fen } else { 0 },
        ..Counts::default()
    };
    let month = month_of(f.zone, f.created_at);
    let technician = f
        .technician_id
        .map(|t| t.to_string())
        .unwrap_or_else(|| "unassigned".to_string());
    let mut out = vec![
        (
            Line {
                month,
                dim: ESTATE,
                key: String::new(),
            },
            taken,
        ),
        (
            Line {
                month,
                dim: KIND,
                key: f.kind.clone(),
            },
            taken,
        ),
        (
            Line {
                month,
                dim: TECHNICIAN,
                key: technician,
            },
            taken,
        ),
    ];
    let is_done = f.completed_at.is_some() || f.followed_up;
    if let (true, Some(at)) = (is_done, f.completed_at.or(f.signed_off_at)) {
        let done_in = month_of(f.zone, at);
        out.push((
            Line {
                month: done_in,
                dim: ESTATE,
                key: String::new(),
            },
            Counts {
                done: 1,
                done_followed_up: b(f.followed_up),
                follow_up_late: b(f.followed_up && f.follow_up_late),
                ..Counts::default()
            },
        ));
        if let (false, Some(due)) = (f.followed_up, f.awaiting_follow_up) {
            out.push((
                Line {
                    month: done_in,
                    dim: FOLLOW_UP_DUE,
                    key: due_key(due),
                },
                Counts {
                    awaiting_follow_up: 1,
                    ..Counts::default()
                },
            ));
        }
    }
    out
}

/// The month's late follow-ups at `now`, from its lines: those made late, and those waiting
/// whose follow-up fell due by `now`.
pub fn late_follow_ups<'a>(
    estate_late: i32,
    waiting: impl IntoIterator<Item = (&'a str, i32)>,
    now: DateTime<Utc>,
) -> i32 {
    let now = due_key(now);
    estate_late
        + waiting
            .into_iter()
            .filter(|(due, _)| *due <= now.as_str())
            .map(|(_, n)| n)
            .sum::<i32>()
}

/// How the figures move when an order goes from `before` (none: a new order) to `after`; lines
/// that do not move are left out.
pub fn delta(before: Option<&Facts>, after: &Facts) -> Vec<(Line, Counts)> {
    let mut sum: BTreeMap<Line, Counts> = BTreeMap::new();
    for (line, c) in contributions(after) {
        sum.entry(line).or_default().add(&c, 1);
    }
    if let Some(before) = before {
        if before == after {
            return Vec::new();
        }
        for (line, c) in contributions(before) {
            sum.entry(line).or_default().add(&c, -1);
        }
    }
    sum.into_iter().filter(|(_, c)| !c.is_zero()).collect()
}

/// `part / whole`, to four places; none when there is nothing to divide by.
pub fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 / whole as f64 * 10_000.0).round() / 10_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn new_order() -> Facts {
        Facts {
            created_at: at("2026-10-31T17:00:00Z"),
            kind: "repair".into(),
            technician_id: None,
            appointment_end: None,
            started_at: None,
            completed_at: None,
            signed_off_at: None,
            followed_up: false,
            overall_rating: None,
            fee_fen: 0,
            settled: false,
            follow_up_late: false,
            awaiting_follow_up: None,
            zone: Zone::default(),
        }
    }

    fn on(lines: &[(Line, Counts)], dim: &str, month: &str) -> Counts {
        lines
            .iter()
            .filter(|(l, _)| l.dim == dim && l.month.to_string() == month)
            .fold(Counts::default(), |mut a, (_, c)| {
                a.add(c, 1);
                a
            })
    }

    #[test]
    fn months_are_beijing_months() {
        assert_eq!(
            month_of(Zone::default(), at("2026-10-31T15:59:59Z")).to_string(),
            "2026-10-01"
        );
        assert_eq!(
            month_of(Zone::default(), at("2026-10-31T16:00:00Z")).to_string(),
            "2026-11-01"
        );
    }

    #[test]
    fn a_new_order_opens_on_its_three_lines() {
        let d = delta(None, &new_order());
        assert_eq!(d.len(), 3);
        assert!(
            d.iter()
                .all(|(l, c)| c.opened == 1 && l.month.to_string() == "2026-11-01")
        );
        assert!(
            d.iter()
                .any(|(l, _)| l.dim == TECHNICIAN && l.key == "unassigned")
        );
    }

    #[test]
    fn a_reassignment_moves_the_order_between_technicians_only() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let before = Facts {
            technician_id: Some(a),
            ..new_order()
        };
        let after = Facts {
            technician_id: Some(b),
            ..new_order()
        };
        let d = delta(Some(&before), &after);
        assert_eq!(d.len(), 2);
        for (l, c) in &d {
            assert_eq!(l.dim, TECHNICIAN);
            assert_eq!(c.opened, if l.key == b.to_string() { 1 } else { -1 });
        }
        assert!(delta(Some(&after), &after).is_empty());
    }

    #[test]
    fn completion_and_follow_up_count_in_the_month_done() {
        let done = Facts {
            appointment_end: Some(at("2026-11-30T10:00:00Z")),
            started_at: Some(at("2026-11-30T09:00:00Z")),
            completed_at: Some(at("2026-11-30T16:30:00Z")),
            signed_off_at: Some(at("2026-11-30T16:30:00Z")),
            ..new_order()
        };
        let d = delta(Some(&new_order()), &done);
        let taken = on(&d, ESTATE, "2026-11-01");
        assert_eq!(
            (
                taken.completed,
                taken.arrived_on_time,
                taken.with_appointment,
                taken.opened
            ),
            (1, 1, 1, 0)
        );
        assert_eq!(taken.completion_ms, 30 * 24 * 3600 * 1000 - 30 * 60 * 1000);
        assert_eq!(
            on(&d, ESTATE, "2026-12-01").done,
            1,
            "done after midnight in Beijing"
        );

        let followed = Facts {
            followed_up: true,
            overall_rating: Some(4),
            ..done.clone()
        };
        let d = delta(Some(&done), &followed);
        let taken = on(&d, ESTATE, "2026-11-01");
        assert_eq!(
            (taken.followed_up, taken.satisfied, taken.rating_sum),
            (1, 1, 4)
        );
        assert_eq!(on(&d, ESTATE, "2026-12-01").done_followed_up, 1);
    }

    #[test]
    fn a_failed_repair_takes_back_the_completion_but_stays_done_by_its_sign_off() {
        let done = Facts {
            completed_at: Some(at("2026-11-20T02:00:00Z")),
            signed_off_at: Some(at("2026-11-20T02:00:00Z")),
            ..new_order()
        };
        let failed = Facts {
            completed_at: None,
            followed_up: true,
            overall_rating: Some(2),
            ..done.clone()
        };
        let d = delta(Some(&done), &failed);
        let m = on(&d, ESTATE, "2026-11-01");
        assert_eq!(
            (m.completed, m.done, m.done_followed_up, m.satisfied),
            (-1, 0, 1, 0)
        );
        assert_eq!(
            m.completion_ms,
            -(done.completed_at.unwrap_or_default() - done.created_at).num_milliseconds()
        );
    }

    #[test]
    fn only_settled_fees_are_revenue() {
        let paid = Facts {
            kind: "paid_repair".into(),
            fee_fen: 18000,
            ..new_order()
        };
        let settled = Facts {
            settled: true,
            ..paid.clone()
        };
        assert_eq!(on(&delta(None, &paid), KIND, "2026-11-01").revenue_fen, 0);
        assert_eq!(
            on(&delta(Some(&paid), &settled), KIND, "2026-11-01").revenue_fen,
            18000
        );
        assert_eq!(ratio(1, 3), Some(0.3333));
        assert_eq!(ratio(1, 0), None);
    }

    #[test]
    fn a_follow_up_missed_counts_late_in_the_month_done_until_made_and_then_as_made_late() {
        let due = at("2026-11-27T16:00:00Z");
        let done = Facts {
            completed_at: Some(at("2026-11-20T02:00:00Z")),
            signed_off_at: Some(at("2026-11-20T02:00:00Z")),
            awaiting_follow_up: Some(due),
            ..new_order()
        };
        let d = delta(Some(&new_order()), &done);
        let waiting: Vec<(String, i32)> = d
            .iter()
            .filter(|(l, _)| l.dim == FOLLOW_UP_DUE && l.month.to_string() == "2026-11-01")
            .map(|(l, c)| (l.key.clone(), c.awaiting_follow_up))
            .collect();
        assert_eq!(waiting, vec![(due_key(due), 1)]);
        let lines = || waiting.iter().map(|(k, n)| (k.as_str(), *n));
        assert_eq!(
            late_follow_ups(0, lines(), due - chrono::Duration::seconds(1)),
            0
        );
        assert_eq!(late_follow_ups(0, lines(), due), 1, "missed once due");

        // Made late: no longer waiting, counted as made late in the month done.
        let made_late = Facts {
            followed_up: true,
            follow_up_late: true,
            overall_rating: Some(4),
            awaiting_follow_up: None,
            ..done.clone()
        };
        let d = delta(Some(&done), &made_late);
        assert_eq!(on(&d, FOLLOW_UP_DUE, "2026-11-01").awaiting_follow_up, -1);
        assert_eq!(on(&d, ESTATE, "2026-11-01").follow_up_late, 1);
        // Made on time: nothing late.
        let on_time = Facts {
            follow_up_late: false,
            ..made_late
        };
        assert_eq!(
            on(&delta(Some(&done), &on_time), ESTATE, "2026-11-01").follow_up_late,
            0
        );
    }
}
