//! What a resident may do with repairs from the portal, and how an order's progress reads to
//! them. No I/O.

use super::flow::Status;
use chrono::{DateTime, Utc};

/// The kinds a resident reports from the portal. An emergency (burst pipe, no power) is
/// phoned in so that someone answers at once; special services are ordered at the desk,
/// which quotes and charges them.
pub const REPORTABLE: [&str; 3] = ["repair", "paid_repair", "after_sales"];

/// The kind of a resident's report (`repair` when not given), or why it is refused.
pub fn reportable_kind(kind: Option<&str>) -> Result<&'static str, &'static str> {
    let k = kind
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .unwrap_or("repair");
    if k == "emergency" {
        return Err("kind: an emergency is phoned in to the service centre");
    }
    REPORTABLE
        .into_iter()
        .find(|r| *r == k)
        .ok_or("kind: repair, paid_repair or after_sales")
}

/// Where the order stands, in the resident's words: received, scheduled, in_progress, done or
/// closed.
pub fn stage(status: &str) -> &'static str {
    match Status::parse(status) {
        Some(Status::AwaitingDispatch | Status::Reopened) | None => "received",
        Some(Status::Dispatched | Status::Accepted) => "scheduled",
        Some(Status::InProgress | Status::Paused) => "in_progress",
        Some(Status::Completed | Status::AwaitingSettlement) => "done",
        Some(Status::Closed) => "closed",
    }
}

/// Whether the resident may rate the work now: done, not rated yet, and from the day after
/// (`opens`: when the follow-up opens, the estate's day after the work).
pub fn can_rate(status: &str, opens: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    status == Status::Completed.as_str() && opens.is_some_and(|o| now >= o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn residents_report_repairs_but_phone_in_emergencies() {
        assert_eq!(reportable_kind(None), Ok("repair"));
        assert_eq!(reportable_kind(Some(" paid_repair ")), Ok("paid_repair"));
        assert!(reportable_kind(Some("emergency")).is_err_and(|m| m.contains("phoned")));
        assert!(reportable_kind(Some("special_service")).is_err());
    }

    #[test]
    fn every_status_reads_as_a_stage() {
        for s in Status::ALL {
            assert!(
                ["received", "scheduled", "in_progress", "done", "closed"]
                    .contains(&stage(s.as_str()))
            );
        }
        assert_eq!(stage("reopened"), "received");
        assert_eq!(stage("paused"), "in_progress");
    }

    #[test]
    fn rating_opens_the_day_after_the_work() {
        // 15:00 Beijing time on 24 November.
        let done = Utc.with_ymd_and_hms(2026, 11, 24, 7, 0, 0).single();
        let evening = Utc.with_ymd_and_hms(2026, 11, 24, 14, 0, 0).single();
        let next_morning = Utc.with_ymd_and_hms(2026, 11, 25, 1, 0, 0).single();
        let (Some(done), Some(evening), Some(next)) = (done, evening, next_morning) else {
            panic!("dates")
        };
        let opens =
            Some(crate::domain::flow::follow_up_window(crate::domain::default_zone(), done).0);
        assert!(!can_rate("completed", opens, evening));
        assert!(can_rate("completed", opens, next));
        assert!(!can_rate("closed", opens, next));
        assert!(!can_rate("in_progress", None, next));
    }
}
