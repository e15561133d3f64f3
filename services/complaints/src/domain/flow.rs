//! The complaint's state machine (客户投诉处理流程):
//!
//! ```text
//!  received ──assign──▶ assigned ──resolve──▶ resolved ──reply──▶ replied ──follow-up──▶ closed
//!     │  ▲                 ▲                                          │ (satisfied or basically)
//!     │  └──── reopened ◀──┼──────────── follow-up: dissatisfied ◀────┘
//!     │          │ assign ─┘
//!     └──reply (an invalid complaint: explained to the person)──▶ replied
//! ```
//!
//! A general complaint is assigned by the supervisor to the responsible department; a major one
//! only by the estate manager, who also sets the date the person gets a reply. Any other move is
//! refused with `invalid_transition`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Received,
    Assigned,
    Resolved,
    Replied,
    Closed,
    Reopened,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Assigned => "assigned",
            Status::Resolved => "resolved",
            Status::Replied => "replied",
            Status::Closed => "closed",
            Status::Reopened => "reopened",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [
            Status::Received,
            Status::Assigned,
            Status::Resolved,
            Status::Replied,
            Status::Closed,
            Status::Reopened,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// What someone does to a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Assign,
    Resolve,
    Reply,
    FollowUp { dissatisfied: bool },
}

/// Why a move is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct Refusal {
    pub code: &'static str,
    pub message: &'static str,
}

const fn refuse(code: &'static str, message: &'static str) -> Refusal {
    Refusal { code, message }
}

/// The next status, or why not. `invalid` says the complaint was judged invalid (无效), which
/// lets the desk reply without a department's result.
pub fn next(from: Status, step: Step, invalid: bool) -> Result<Status, Refusal> {
    use Status::*;
    match (from, step) {
        (Received | Reopened, Step::Assign) => Ok(Assigned),
        (Assigned, Step::Assign) => Ok(Assigned),
        (Assigned, Step::Resolve) => Ok(Resolved),
        (Resolved, Step::Reply) => Ok(Replied),
        (Received | Reopened, Step::Reply) if invalid => Ok(Replied),
        (
            Replied,
            Step::FollowUp {
                dissatisfied: false,
            },
        ) => Ok(Closed),
        (Replied, Step::FollowUp { dissatisfied: true }) => Ok(Reopened),
        (Closed, _) => Err(refuse("complaint_closed", "The complaint is closed.")),
        _ => Err(refuse(
            "invalid_transition",
            "The complaint is not at a stage where this can be done.",
        )),
    }
}

/// How far an overdue complaint has gone up: the department, then the supervisor, the estate
/// manager, and head office.
pub const ESCALATION: [&str; 4] = ["department", "supervisor", "estate_manager", "hq"];

/// The level an assigned complaint should be at, `overdue_working_days` after its deadline
/// (`None`: not overdue). Past the deadline it goes to the supervisor; a working day later to
/// the estate manager; two working days later to head office.
pub fn escalation_level(overdue_working_days: Option<i64>) -> i32 {
    match overdue_working_days {
        None => 0,
        Some(d) => (1 + d).clamp(1, 3) as i32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn the_happy_path_runs_from_received_to_closed() {
        let mut s = Received;
        for step in [
            Step::Assign,
            Step::Resolve,
            Step::Reply,
            Step::FollowUp {
                dissatisfied: false,
            },
        ] {
            s = next(s, step, false).unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(s, Closed);
    }

    #[test]
    fn dissatisfied_reopens_and_the_complaint_is_assigned_again() {
        assert_eq!(
            next(Replied, Step::FollowUp { dissatisfied: true }, false),
            Ok(Reopened)
        );
        assert_eq!(next(Reopened, Step::Assign, false), Ok(Assigned));
    }

    #[test]
    fn moves_out_of_order_are_refused() {
        assert_eq!(
            next(Received, Step::Resolve, false).map_err(|r| r.code),
            Err("invalid_transition")
        );
        assert_eq!(
            next(Received, Step::Reply, false).map_err(|r| r.code),
            Err("invalid_transition")
        );
        assert_eq!(
            next(Assigned, Step::Reply, false).map_err(|r| r.code),
            Err("invalid_transition")
        );
        assert_eq!(
            next(
                Resolved,
                Step::FollowUp {
                    dissatisfied: false
                },
                false
            )
            .map_err(|r| r.code),
            Err("invalid_transition")
        );
        assert_eq!(
            next(Closed, Step::Assign, false).map_err(|r| r.code),
            Err("complaint_closed")
        );
        // An invalid complaint is explained to the person without a department's result.
        assert_eq!(next(Received, Step::Reply, true), Ok(Replied));
    }

    #[test]
    fn overdue_complaints_climb_one_level_a_working_day() {
        assert_eq!(escalation_level(None), 0);
        assert_eq!(escalation_level(Some(0)), 1);
        assert_eq!(escalation_level(Some(1)), 2);
        assert_eq!(escalation_level(Some(2)), 3);
        assert_eq!(escalation_level(Some(9)), 3);
        assert_eq!(ESCALATION[3], "hq");
    }
}
