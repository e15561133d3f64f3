//! A complaint (投诉) as the desk hands it over.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// How serious a complaint is: general ones go to the department, major ones to the estate
/// manager, who sets a reply date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    General,
    Major,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::General => "general",
            Severity::Major => "major",
        }
    }
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "general" => Some(Severity::General),
            "major" => Some(Severity::Major),
            _ => None,
        }
    }
}

/// Complaint types for the statistics (004 篇8); city utilities are explained and passed to
/// the utility, then followed up.
pub const TYPES: [&str; 9] = [
    "security",
    "cleaning",
    "greening",
    "engineering",
    "mail",
    "decoration",
    "staff_attitude",
    "utilities",
    "other",
];

pub const SATISFACTION: [&str; 3] = ["satisfied", "basically_satisfied", "dissatisfied"];

pub const REPLY_CHANNELS: [&str; 5] = ["phone", "in_person", "sms", "letter", "app"];

/// What one complaint adds to its month's statistics, as it stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub received: i32,
    pub valid: i32,
    pub invalid: i32,
    pub resolved: i32,
    pub on_time: i32,
    pub replied: i32,
    pub followed_up: i32,
    pub satisfied: i32,
    pub basically_satisfied: i32,
    pub dissatisfied: i32,
    /// Resolved, or past the deadline unresolved: what the on-time rate is taken over.
    pub due: i32,
    /// The deadline was extended (with a reason) at least once.
    pub extended: i32,
}

impl Counts {
    pub fn minus(self, o: Counts) -> Counts {
        Counts {
            received: self.received - o.received,
            valid: self.valid - o.valid,
            invalid: self.invalid - o.invalid,
            resolved: self.resolved - o.resolved,
            on_time: self.on_time - o.on_time,
            replied: self.replied - o.replied,
            followed_up: self.followed_up - o.followed_up,
            satisfied: self.satisfied - o.satisfied,
            basically_satisfied: self.basically_satisfied - o.basically_satisfied,
            dissatisfied: self.dissatisfied - o.dissatisfied,
            due: self.due - o.due,
            extended: self.extended - o.extended,
        }
    }

    pub fn is_zero(&self) -> bool {
        *self == Counts::default()
    }
}

/// The facts of a complaint that the statistics count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts<'a> {
    pub validity: Option<&'a str>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub deadline_at: Option<DateTime<Utc>>,
    pub replied: bool,
    pub satisfaction: Option<&'a str>,
    /// The deadline in force passed while the complaint was unresolved (recorded by the sweep).
    pub lapsed: bool,
    pub extended: bool,
}

/// A complaint counts once as received; as valid or invalid once judged; as due once resolved
/// or once its deadline passed unresolved, and as on time only when resolved by its deadline
/// without it ever having passed (处理及时: an overdue open complaint is late, not absent); as
/// resolved; as replied; by the satisfaction of its last follow-up visit; and as extended.
pub fn counts(f: &Facts<'_>) -> Counts {
    let resolved = f.resolved_at.is_some();
    let on_time =
        !f.lapsed && matches!((f.resolved_at, f.deadline_at), (Some(r), Some(d)) if r <= d);
    Counts {
        received: 1,
        valid: i32::from(f.validity == Some("valid")),
        invalid: i32::from(f.validity == Some("invalid")),
        resolved: i32::from(resolved),
        on_time: i32::from(on_time),
        replied: i32::from(f.replied),
        followed_up: i32::from(f.satisfaction.is_some()),
        satisfied: i32::from(f.satisfaction == Some("satisfied")),
        basically_satisfied: i32::from(f.satisfaction == Some("basically_satisfied")),
        dissatisfied: i32::from(f.satisfaction == Some("dissatisfied")),
        due: i32::from(resolved || f.lapsed),
        extended: i32::from(f.extended),
    }
}

/// The first severity of a complaint taken at the desk. The desk logs it as general; the
/// supervisor raises it to major when it is. An emergency is never a complaint: it goes to
/// repairs and security first and is documented after.
pub fn initial_severity() -> Severity {
    Severity::General
}

/// The complaint's number as the staff say it on the phone: `TS` + the estate's date + eight
/// hex digits from the random part of its UUID v7.
pub fn complaint_no(id: Uuid, local_date: chrono::NaiveDate) -> String {
    let hex = id.simple().to_string();
    format!(
        "TS{}-{}",
        local_date.format("%Y%m%d"),
        &hex[24..32].to_uppercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_carry_the_date_and_differ_per_complaint() {
        // 2026-11-24 23:30 UTC is already the 25th in Beijing: the number carries the 25th.
        let at = DateTime::parse_from_rfc3339("2026-11-24T23:30:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default();
        let day = desk_platform::local::Zone::default().date(at);
        let a = complaint_no(Uuid::now_v7(), day);
        let b = complaint_no(Uuid::now_v7(), day);
        assert!(a.starts_with("TS20261125-"), "{a}");
        assert_eq!(a.len(), "TS20261124-".len() + 8);
        assert_ne!(a, b);
        assert_eq!(initial_severity().as_str(), "general");
    }

    #[test]
    fn a_complaint_counts_for_what_it_has_reached() {
        let t = Utc::now();
        let base = Facts {
            validity: None,
            resolved_at: None,
            deadline_at: Some(t),
            replied: false,
            satisfaction: None,
            lapsed: false,
            extended: false,
        };
        assert_eq!(
            counts(&base),
            Counts {
                received: 1,
                ..Counts::default()
            }
        );
        let late = Facts {
            validity: Some("valid"),
            resolved_at: Some(t + chrono::Duration::hours(1)),
            ..base
        };
        assert_eq!(
            (
                counts(&late).resolved,
                counts(&late).on_time,
                counts(&late).valid
            ),
            (1, 0, 1)
        );
        let on_time = Facts {
            resolved_at: Some(t),
            replied: true,
            satisfaction: Some("basically_satisfied"),
            ..late
        };
        let c = counts(&on_time);
        assert_eq!(
            (c.on_time, c.replied, c.followed_up, c.basically_satisfied),
            (1, 1, 1, 1)
        );
        assert_eq!(c.minus(c), Counts::default());
        assert!(c.minus(counts(&base)).received == 0);
    }

    #[test]
    fn an_overdue_open_complaint_is_late_not_absent() {
        let t = Utc::now();
        let open_late = Facts {
            validity: Some("valid"),
            resolved_at: None,
            deadline_at: Some(t),
            replied: false,
            satisfaction: None,
            lapsed: true,
            extended: false,
        };
        let c = counts(&open_late);
        assert_eq!((c.due, c.on_time, c.resolved), (1, 0, 0));
        // Resolved after the deadline was extended past a lapse: still late.
        let c = counts(&Facts {
            resolved_at: Some(t),
            deadline_at: Some(t + chrono::Duration::days(1)),
            extended: true,
            ..open_late
        });
        assert_eq!((c.due, c.on_time, c.extended), (1, 0, 1));
        // Not yet due, not resolved: not in the on-time rate at all.
        let c = counts(&Facts {
            lapsed: false,
            ..open_late
        });
        assert_eq!(c.due, 0);
    }
}
