//! The work order's state machine (派工单):
//!
//! ```text
//!  awaiting_dispatch ─dispatch─▶ dispatched ─accept─▶ accepted ─start─▶ in_progress ─complete─▶ completed
//!        ▲  ▲                     │  ▲                  │                 │   ▲                     │
//!        │  └──────return─────────┘  └──dispatch (reassign)             pause start            follow-up
//!        │                                                                ▼   │                     │
//!        └──── reopened ◀── follow-up: not repaired / poor ──── paused ──┘   closed ◀── good ──────┘
//!                                                                                ▲                 │
//!                                                   settled, or a supervisor's   │                 │ good, but the
//!                                                   written waiver ──── awaiting_settlement ◀──────┘ fee is unpaid
//! ```
//!
//! Paid work whose charge is unpaid is not closed by a good follow-up: it waits for billing's
//! payment (or a supervisor's written waiver of the wait) in `awaiting_settlement`.
//!
//! Only the technician the order is dispatched to accepts, starts, pauses, returns and completes
//! it. Any other move is refused with `invalid_transition`.

use chrono::{DateTime, Days, Utc};
use desk_platform::local::Zone;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    AwaitingDispatch,
    Dispatched,
    Accepted,
    InProgress,
    Paused,
    Completed,
    Closed,
    Reopened,
    /// Followed up, paid work whose charge is not yet paid.
    AwaitingSettlement,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::AwaitingDispatch,
        Status::Dispatched,
        Status::Accepted,
        Status::InProgress,
        Status::Paused,
        Status::Completed,
        Status::Closed,
        Status::Reopened,
        Status::AwaitingSettlement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::AwaitingDispatch => "awaiting_dispatch",
            Status::Dispatched => "dispatched",
            Status::Accepted => "accepted",
            Status::InProgress => "in_progress",
            Status::Paused => "paused",
            Status::Completed => "completed",
            Status::Closed => "closed",
            Status::Reopened => "reopened",
            Status::AwaitingSettlement => "awaiting_settlement",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Orders a technician is carrying.
    pub fn is_open_for_technician(self) -> bool {
        matches!(
            self,
            Status::Dispatched | Status::Accepted | Status::InProgress | Status::Paused
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Dispatch,
    Accept,
    Start,
    Pause,
    Return,
    Complete,
    /// The follow-up visit; `owes`: the order's fee is not paid yet.
    FollowUp {
        good: bool,
        owes: bool,
    },
    /// Billing's payment settled the fee, or a supervisor waived the wait in writing.
    Settle,
    /// The developer's after-sales team returned the defect fixed: the order closes.
    DeveloperReturned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct Refusal {
    pub code: &'static str,
    pub message: &'static str,
}

const fn refuse(code: &'static str, message: &'static str) -> Refusal {
    Refusal { code, message }
}

pub fn next(from: Status, step: Step) -> Result<Status, Refusal> {
    use Status::*;
    match (from, step) {
        (AwaitingDispatch | Reopened | Dispatched | Accepted, Step::Dispatch) => Ok(Dispatched),
        (Dispatched, Step::Accept) => Ok(Accepted),
        // A technician may take an order nobody was given (the technician accepting).
        (AwaitingDispatch | Reopened, Step::Accept) => Ok(Accepted),
        (Dispatched | Accepted, Step::Return) => Ok(AwaitingDispatch),
        (Accepted | Paused, Step::Start) => Ok(InProgress),
        (InProgress, Step::Pause) => Ok(Paused),
        (InProgress, Step::Complete) => Ok(Completed),
        (
            Completed,
            Step::FollowUp {
                good: true,
                owes: false,
            },
        ) => Ok(Closed),
        (
            Completed,
            Step::FollowUp {
                good: true,
                owes: true,
            },
        ) => Ok(AwaitingSettlement),
        (Completed, Step::FollowUp { good: false, .. }) => Ok(Reopened),
        (AwaitingSettlement, Step::Settle) => Ok(Closed),
        (
            AwaitingDispatch | Dispatched | Accepted | InProgress | Paused | Completed | Reopened,
            Step::DeveloperReturned,
        ) => Ok(Closed),
        (Closed, _) => Err(refuse("work_order_closed", "The work order is closed.")),
        _ => Err(refuse(
            "invalid_transition",
            "The work order is not at a stage where this can be done.",
        )),
    }
}

/// A technician can take the order: active, with the skill it needs, and below the limit of
/// open orders.
pub fn can_take(
    active: bool,
    skills: &[String],
    needed: Option<&str>,
    open: i64,
    max_open: i32,
) -> Result<(), Refusal> {
    if !active {
        return Err(refuse(
            "technician_inactive",
            "The technician is not on the estate's roster.",
        ));
    }
    if let Some(skill) = needed
        && !skills.iter().any(|s| s == skill)
    {
        return Err(refuse(
            "technician_lacks_skill",
            "The technician does not have the skill this order needs.",
        ));
    }
    if open >= i64::from(max_open) {
        return Err(refuse(
            "technician_at_capacity",
            "The technician already carries the most open orders allowed.",
        ));
    }
    Ok(())
}

/// Days after the day of the repair within which the follow-up visit is due (001 7.3.9: 一周之内).
pub const FOLLOW_UP_DAYS: u64 = 7;

/// The follow-up visit: from the estate's day after completion (002 4.3.1), due by the end of
/// the seventh day after it (001 7.3.9), both on the estate's dates.
pub fn follow_up_window(zone: Zone, completed_at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let day = zone.date(completed_at);
    let after = |n: u64| day.checked_add_days(Days::new(n)).unwrap_or(day);
    (
        zone.day_start(after(1)),
        zone.day_start(after(FOLLOW_UP_DAYS + 1)),
    )
}

/// Whether a follow-up at `at` is late: after its due time.
pub fn follow_up_is_late(due: Option<DateTime<Utc>>, at: DateTime<Utc>) -> bool {
    due.is_some_and(|d| at >= d)
}

/// A follow-up is good when the repair held and the overall rating is 3 or better.
pub fn follow_up_is_good(repaired: bool, overall: i32) -> bool {
    repaired && overall >= 3
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn an_order_runs_from_dispatch_to_closed() {
        let mut s = AwaitingDispatch;
        for step in [
            Step::Dispatch,
            Step::Accept,
            Step::Start,
            Step::Pause,
            Step::Start,
            Step::Complete,
            Step::FollowUp {
                good: true,
                owes: false,
            },
        ] {
            s = next(s, step).unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(s, Closed);
    }

    #[test]
    fn returns_reassignments_and_failed_repairs() {
        assert_eq!(next(Accepted, Step::Return), Ok(AwaitingDispatch));
        assert_eq!(
            next(AwaitingDispatch, Step::Accept),
            Ok(Accepted),
            "taken by a technician"
        );
        assert_eq!(
            next(Dispatched, Step::Dispatch),
            Ok(Dispatched),
            "reassigned"
        );
        assert_eq!(
            next(
                Completed,
                Step::FollowUp {
                    good: false,
                    owes: true
                }
            ),
            Ok(Reopened)
        );
        assert_eq!(next(Reopened, Step::Dispatch), Ok(Dispatched));
        assert_eq!(
            next(InProgress, Step::Return).map_err(|r| r.code),
            Err("invalid_transition")
        );
        assert_eq!(
            next(AwaitingDispatch, Step::Complete).map_err(|r| r.code),
            Err("invalid_transition")
        );
        assert_eq!(
            next(Closed, Step::Dispatch).map_err(|r| r.code),
            Err("work_order_closed")
        );
    }

    #[test]
    fn paid_work_with_its_fee_unpaid_waits_for_settlement_after_a_good_follow_up() {
        let good_owing = Step::FollowUp {
            good: true,
            owes: true,
        };
        assert_eq!(next(Completed, good_owing), Ok(AwaitingSettlement));
        assert_eq!(next(AwaitingSettlement, Step::Settle), Ok(Closed));
        assert_eq!(
            next(Completed, Step::Settle).map_err(|r| r.code),
            Err("invalid_transition"),
            "nothing to settle before the follow-up"
        );
        assert_eq!(
            next(AwaitingSettlement, good_owing).map_err(|r| r.code),
            Err("invalid_transition"),
            "one follow-up"
        );
    }

    #[test]
    fn after_sales_work_returned_by_the_developer_closes_the_order() {
        for s in [AwaitingDispatch, Dispatched, Completed, Reopened] {
            assert_eq!(next(s, Step::DeveloperReturned), Ok(Closed));
        }
        assert_eq!(
            next(Closed, Step::DeveloperReturned).map_err(|r| r.code),
            Err("work_order_closed")
        );
    }

    #[test]
    fn dispatch_respects_skills_and_the_open_order_limit() {
        let skills = vec!["plumbing".to_string()];
        assert!(can_take(true, &skills, Some("plumbing"), 2, 8).is_ok());
        assert!(can_take(true, &skills, None, 2, 8).is_ok());
        assert_eq!(
            can_take(true, &skills, Some("electrical"), 0, 8).map_err(|r| r.code),
            Err("technician_lacks_skill")
        );
        assert_eq!(
            can_take(true, &skills, None, 8, 8).map_err(|r| r.code),
            Err("technician_at_capacity")
        );
        assert_eq!(
            can_take(false, &skills, None, 0, 8).map_err(|r| r.code),
            Err("technician_inactive")
        );
    }

    #[test]
    fn the_follow_up_opens_the_next_day_and_is_due_within_a_week() {
        let done = DateTime::parse_from_rfc3339("2026-11-24T09:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default();
        let (from, due) = follow_up_window(Zone::default(), done);
        assert_eq!(
            from.to_rfc3339(),
            "2026-11-24T16:00:00+00:00",
            "midnight of the 25th in Beijing"
        );
        assert_eq!(
            due.to_rfc3339(),
            "2026-12-01T16:00:00+00:00",
            "the end of 1 December, the seventh day after the 24th, in Beijing"
        );
        // Done at 01:00 on the 25th in Beijing (17:00 UTC on the 24th): the 25th's repair.
        let late_evening = done + chrono::Duration::hours(8);
        assert_eq!(
            follow_up_window(Zone::default(), late_evening)
                .0
                .to_rfc3339(),
            "2026-11-25T16:00:00+00:00"
        );
        assert!(!follow_up_is_late(
            Some(due),
            due - chrono::Duration::seconds(1)
        ));
        assert!(follow_up_is_late(Some(due), due));
        assert!(follow_up_is_good(true, 3));
        assert!(!follow_up_is_good(true, 2));
        assert!(!follow_up_is_good(false, 5));
    }
}
