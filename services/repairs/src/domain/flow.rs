//! The work order's state machine (派工单):
//!
//! ```text
//!  awaiting_dispatch ─dispatch─▶ dispatched ─accept─▶ accepted ─start─▶ in_progress ─complete─▶ completed
//!        ▲  ▲                     │  ▲                  │                 │   ▲                     │
//!        │  └──────return─────────┘  └──dispatch (reassign)             pause start            follow-up
//!        │                                                                ▼   │                     │
//!        └──── reopened ◀── follow-up: not repaired / poor ──── paused ──┘   closed ◀── good ──────┘
//! ```
//!
//! Only the technician the order is dispatched to accepts, starts, pauses, returns and completes
//! it. Any other move is refused with `invalid_transition`.

use chrono::{DateTime, Days, Utc};

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
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::AwaitingDispatch,
        Status::Dispatched,
        Status::Accepted,
        Status::InProgress,
        Status::Paused,
        Status::Completed,
        Status::Closed,
        Status::Reopened,
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
    FollowUp { good: bool },
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
        (Completed, Step::FollowUp { good: true }) => Ok(Closed),
        (Completed, Step::FollowUp { good: false }) => Ok(Reopened),
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

/// The follow-up visit: from the day after completion (002 4.3.1), due within seven days (001 7.3.9).
pub fn follow_up_window(completed_at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let cst = CST;
    let local_day = completed_at.with_timezone(&cst).date_naive();
    let next_day = local_day
        .checked_add_days(Days::new(1))
        .unwrap_or(local_day);
    let from = next_day
        .and_hms_opt(0, 0, 0)
        .and_then(|d| d.and_local_timezone(cst).single())
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or(completed_at);
    (from, completed_at + chrono::Duration::days(7))
}

/// China Standard Time, where the desk keeps its days.
const CST: chrono::FixedOffset = match chrono::FixedOffset::east_opt(8 * 3600) {
    Some(o) => o,
    None => panic!("UTC+8 is a valid offset"),
};

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
            Step::FollowUp { good: true },
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
            next(Completed, Step::FollowUp { good: false }),
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
        let (from, due) = follow_up_window(done);
        assert_eq!(
            from.to_rfc3339(),
            "2026-11-24T16:00:00+00:00",
            "midnight of the 25th in Beijing"
        );
        assert_eq!(due, done + chrono::Duration::days(7));
        assert!(follow_up_is_good(true, 3));
        assert!(!follow_up_is_good(true, 2));
        assert!(!follow_up_is_good(false, 5));
    }
}
