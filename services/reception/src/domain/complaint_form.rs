//! A complaint as the desk takes it down (投诉内容登记: 事情发生的地点、时间、经过、内容及要求):
//! where and when it happened, what happened, and what the person asks for. The four parts
//! travel apart to complaints; the ledger keeps them as one entry under fixed headings, the way
//! the paper register reads.

use super::intake::{Category, Invalid};
use chrono::{DateTime, Duration, Utc};
use desk_platform::local::Zone;

/// The parts of a complaint besides what happened (the entry's request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintParts {
    pub location: String,
    pub occurred_at: DateTime<Utc>,
    pub demand: String,
}

pub const MAX_PART_CHARS: usize = 200;
/// Clocks drift: a time a few minutes ahead of the server's is still "now".
pub const FUTURE_SLACK_MINUTES: i64 = 5;

fn invalid(field: &'static str, reason: &'static str) -> Invalid {
    Invalid { field, reason }
}

/// Check the parts the desk sent with an entry of `category`, at `now`.
pub fn check(
    category: Category,
    location: &str,
    occurred_at: DateTime<Utc>,
    demand: &str,
    now: DateTime<Utc>,
) -> Result<ComplaintParts, Invalid> {
    if category != Category::Complaint {
        return Err(invalid("complaint", "is only for a complaint"));
    }
    let (location, demand) = (location.trim(), demand.trim());
    if location.is_empty() {
        return Err(invalid("complaint.location", "must say where it happened"));
    }
    if demand.is_empty() {
        return Err(invalid(
            "complaint.demand",
            "must say what the person asks for",
        ));
    }
    if location.chars().count() > MAX_PART_CHARS || demand.chars().count() > MAX_PART_CHARS {
        return Err(invalid("complaint", "a part is longer than 200 characters"));
    }
    if occurred_at > now + Duration::minutes(FUTURE_SLACK_MINUTES) {
        return Err(invalid("complaint.occurred_at", "is in the future"));
    }
    Ok(ComplaintParts {
        location: location.to_string(),
        occurred_at,
        demand: demand.to_string(),
    })
}

/// The entry's text in the ledger: the four parts under their headings, the time on the
/// estate's clock.
pub fn ledger_text(parts: &ComplaintParts, what_happened: &str, zone: Zone) -> String {
    format!(
        "地点：{}\n时间：{}\n经过：{}\n诉求：{}",
        parts.location,
        zone.local(parts.occurred_at).format("%Y-%m-%d %H:%M"),
        what_happened.trim(),
        parts.demand
    )
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
    fn the_four_parts_read_as_the_register_does() {
        let now = at("2026-12-02T02:00:00Z");
        let parts = check(
            Category::Complaint,
            " 4栋电梯 ",
            at("2026-12-01T15:10:00Z"),
            "赔礼道歉并检修",
            now,
        );
        let Ok(parts) = parts else {
            panic!("refused: {parts:?}");
        };
        assert_eq!(
            ledger_text(&parts, "地点：电梯困人二十分钟", Zone::default()),
            "地点：4栋电梯\n时间：2026-12-01 23:10\n经过：地点：电梯困人二十分钟\n诉求：赔礼道歉并检修"
        );
    }

    #[test]
    fn a_complaint_needs_where_and_what_is_asked_and_a_past_time() {
        let now = at("2026-12-02T02:00:00Z");
        let past = at("2026-12-01T15:10:00Z");
        let field = |r: Result<ComplaintParts, Invalid>| r.err().map(|e| e.field);
        assert_eq!(
            field(check(Category::Complaint, " ", past, "道歉", now)),
            Some("complaint.location")
        );
        assert_eq!(
            field(check(Category::Complaint, "大堂", past, "", now)),
            Some("complaint.demand")
        );
        assert_eq!(
            field(check(
                Category::Complaint,
                "大堂",
                now + Duration::hours(1),
                "道歉",
                now
            )),
            Some("complaint.occurred_at")
        );
        assert!(
            check(
                Category::Complaint,
                "大堂",
                now + Duration::minutes(3),
                "道歉",
                now
            )
            .is_ok()
        );
        assert_eq!(
            field(check(Category::Repair, "大堂", past, "道歉", now)),
            Some("complaint")
        );
    }
}
