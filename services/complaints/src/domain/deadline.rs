//! A complaint's clock (投诉处理时限): when a received complaint must be assigned, what a
//! reassignment or a change of severity does to the deadline, when the sweep must look at a
//! complaint next, and who may change a major complaint's severity.
//!
//! - The deadline and the escalation level stay with the complaint: a reassignment keeps them;
//!   only an extension with a reason (counted in the month's figures) or the estate manager's
//!   reply date for a major complaint sets a new deadline. A reopened complaint starts a new
//!   round with a new deadline.
//! - A received or reopened complaint is reported to the supervisor at once (立即报告客服主管):
//!   nobody assigning it within [`DEFAULT_ASSIGN_WITHIN_HOURS`] (per estate) makes it overdue,
//!   and it climbs like any other.
//! - Once the deadline in force passed unresolved, the complaint is late in its month's figures
//!   (处理及时率), whatever happens after.

use super::calendar::Calendar;
use super::flow::{Refusal, Status};
use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use desk_platform::local::Zone;

/// Hours the supervisor has to assign a received or reopened complaint, unless the estate says
/// otherwise.
pub const DEFAULT_ASSIGN_WITHIN_HOURS: i32 = 2;

/// The highest escalation level (head office): nothing climbs further.
pub const TOP_LEVEL: i32 = 3;

const fn refuse(code: &'static str, message: &'static str) -> Refusal {
    Refusal { code, message }
}

/// When a complaint received (or reopened, or sent back to the estate manager) at `at` must be
/// assigned: `hours` later when that is still within the working day's business hours, else by
/// the close of business of the next working day.
pub fn assign_by(cal: &Calendar, zone: Zone, at: DateTime<Utc>, hours: u32) -> DateTime<Utc> {
    let day = zone.date(at);
    let soon = at + Duration::hours(i64::from(hours.max(1)));
    if cal.is_working_day(day) && soon <= zone.at(day, cal.business_end) {
        return soon;
    }
    zone.at(nth_working_day_after(cal, day, 1), cal.business_end)
}

/// The `n`th working day after `day` (`day` itself does not count).
fn nth_working_day_after(cal: &Calendar, day: NaiveDate, n: u32) -> NaiveDate {
    let mut d = day;
    let mut counted = 0;
    for _ in 0..3660 {
        if counted >= n {
            break;
        }
        d = d.checked_add_days(Days::new(1)).unwrap_or(d);
        if cal.is_working_day(d) {
            counted += 1;
        }
    }
    d
}

/// What the sweep needs to know of a complaint to say when to look at it next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Watch {
    pub status: Status,
    pub deadline_at: Option<DateTime<Utc>>,
    pub assign_by: Option<DateTime<Utc>>,
    pub reminded: bool,
    pub lapsed: bool,
    pub escalation_level: i32,
    pub remind_hours_before: i64,
}

/// The instant the sweep must next look at a complaint, or `None` when nothing about it can move
/// any more (resolved, closed, or already at head office): the reminder before the deadline,
/// the deadline itself (the complaint becomes late), then the start of each working day that
/// takes it a level higher.
pub fn next_look(cal: &Calendar, zone: Zone, w: &Watch) -> Option<DateTime<Utc>> {
    let (due, remind) = match w.status {
        Status::Assigned => (w.deadline_at?, true),
        Status::Received | Status::Reopened => (w.assign_by?, false),
        _ => return None,
    };
    if w.escalation_level >= TOP_LEVEL {
        return None;
    }
    if w.escalation_level == 0 || (remind && !w.lapsed) {
        let remind_at = due - Duration::hours(w.remind_hours_before);
        return Some(if remind && !w.reminded && w.escalation_level == 0 {
            remind_at.min(due)
        } else {
            due
        });
    }
    // Level L (≥ 1) was reached at the deadline or on the (L−1)th working day after it; level
    // L+1 comes at the start of the Lth working day after the deadline's date.
    let day = nth_working_day_after(cal, zone.date(due), w.escalation_level as u32);
    Some(zone.day_start(day))
}

/// A reassignment keeps the deadline; an extension moves it later, with a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension<'a> {
    pub to: DateTime<Utc>,
    pub reason: &'a str,
}

/// The deadline after a reassignment: the same one, or the extension's when one is asked for
/// with a reason and lies after it.
pub fn reassigned_deadline(
    current: DateTime<Utc>,
    extension: Option<&Extension<'_>>,
) -> Result<DateTime<Utc>, Refusal> {
    let Some(e) = extension else {
        return Ok(current);
    };
    if e.reason.trim().is_empty() {
        return Err(refuse(
            "extension_needs_reason",
            "An extended deadline needs the reason for the trail.",
        ));
    }
    if e.to <= current {
        return Err(refuse(
            "extension_not_later",
            "An extension moves the deadline later; a reassignment keeps it.",
        ));
    }
    Ok(e.to)
}

/// Whether a severity change may be made: taking a complaint off major (or changing a major
/// complaint's severity at all) is the estate manager's alone.
pub fn may_change_severity(from: &str, to: &str, estate_manager: bool) -> Result<(), Refusal> {
    if from == "major" && to != "major" && !estate_manager {
        return Err(refuse(
            "major_severity_by_estate_manager",
            "Only the estate manager changes a major complaint's severity.",
        ));
    }
    Ok(())
}

/// Raising an assigned complaint to major takes it to the estate manager, who sets the reply
/// date: the supervisor's deadline does not stand.
pub fn raised_to_major_after_assignment(status: Status, from: &str, to: &str) -> bool {
    status == Status::Assigned && from != "major" && to == "major"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn watch(status: Status, due: &str) -> Watch {
        Watch {
            status,
            deadline_at: (status == Status::Assigned).then(|| at(due)),
            assign_by: (status != Status::Assigned).then(|| at(due)),
            reminded: false,
            lapsed: false,
            escalation_level: 0,
            remind_hours_before: 4,
        }
    }

    #[test]
    fn a_complaint_received_in_the_morning_is_assigned_within_two_hours() {
        let c = Calendar::default();
        // Wednesday 2026-12-02 10:00 in Beijing → 12:00 Beijing.
        assert_eq!(
            assign_by(&c, Zone::default(), at("2026-12-02T02:00:00Z"), 2),
            at("2026-12-02T04:00:00Z")
        );
    }

    #[test]
    fn a_complaint_received_late_or_at_the_weekend_is_assigned_by_the_next_working_days_close() {
        let c = Calendar::default();
        // Wednesday 17:00 Beijing: two hours is past the close → Thursday 18:00.
        assert_eq!(
            assign_by(&c, Zone::default(), at("2026-12-02T09:00:00Z"), 2),
            at("2026-12-03T10:00:00Z")
        );
        // Saturday 10:00 Beijing → Monday 18:00.
        assert_eq!(
            assign_by(&c, Zone::default(), at("2026-12-05T02:00:00Z"), 2),
            at("2026-12-07T10:00:00Z")
        );
    }

    #[test]
    fn a_reassignment_keeps_the_deadline_unless_extended_with_a_reason() {
        let d = at("2026-12-04T10:00:00Z");
        assert_eq!(reassigned_deadline(d, None), Ok(d));
        let later = at("2026-12-07T10:00:00Z");
        assert_eq!(
            reassigned_deadline(
                d,
                Some(&Extension {
                    to: later,
                    reason: "需厂家配件"
                })
            ),
            Ok(later)
        );
        assert_eq!(
            reassigned_deadline(
                d,
                Some(&Extension {
                    to: later,
                    reason: " "
                })
            )
            .map_err(|r| r.code),
            Err("extension_needs_reason")
        );
        assert_eq!(
            reassigned_deadline(d, Some(&Extension { to: d, reason: "x" })).map_err(|r| r.code),
            Err("extension_not_later")
        );
    }

    #[test]
    fn only_the_estate_manager_takes_a_complaint_off_major() {
        assert_eq!(
            may_change_severity("major", "general", false).map_err(|r| r.code),
            Err("major_severity_by_estate_manager")
        );
        assert_eq!(may_change_severity("major", "general", true), Ok(()));
        assert_eq!(may_change_severity("general", "major", false), Ok(()));
        assert!(raised_to_major_after_assignment(
            Status::Assigned,
            "general",
            "major"
        ));
        assert!(!raised_to_major_after_assignment(
            Status::Received,
            "general",
            "major"
        ));
    }

    #[test]
    fn the_sweep_looks_at_the_reminder_then_the_deadline_then_each_working_day() {
        let c = Calendar::default();
        let z = Zone::default();
        // Deadline Friday 2026-12-04 18:00 Beijing.
        let mut w = watch(Status::Assigned, "2026-12-04T10:00:00Z");
        assert_eq!(next_look(&c, z, &w), Some(at("2026-12-04T06:00:00Z")));
        w.reminded = true;
        assert_eq!(next_look(&c, z, &w), Some(at("2026-12-04T10:00:00Z")));
        w.lapsed = true;
        w.escalation_level = 1;
        // Level 2 on Monday 00:00 Beijing (Sunday 16:00 UTC), level 3 on Tuesday.
        assert_eq!(next_look(&c, z, &w), Some(at("2026-12-06T16:00:00Z")));
        w.escalation_level = 2;
        assert_eq!(next_look(&c, z, &w), Some(at("2026-12-07T16:00:00Z")));
        w.escalation_level = TOP_LEVEL;
        assert_eq!(next_look(&c, z, &w), None, "head office is the top");
    }

    #[test]
    fn an_unassigned_complaint_is_watched_from_its_assign_by_time() {
        let c = Calendar::default();
        let z = Zone::default();
        let w = watch(Status::Received, "2026-12-02T04:00:00Z");
        assert_eq!(next_look(&c, z, &w), Some(at("2026-12-02T04:00:00Z")));
        let resolved = Watch {
            status: Status::Resolved,
            ..w
        };
        assert_eq!(next_look(&c, z, &resolved), None);
    }
}
