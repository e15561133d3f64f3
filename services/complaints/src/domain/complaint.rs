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

/// The first severity of a complaint taken at the desk. The desk logs it as general; the
/// supervisor raises it to major when it is. An emergency is never a complaint: it goes to
/// repairs and security first and is documented after.
pub fn initial_severity() -> Severity {
    Severity::General
}

/// The complaint's number as the staff say it on the phone: `TS` + date + eight hex digits
/// from the random part of its UUID v7.
pub fn complaint_no(id: Uuid, at: DateTime<Utc>) -> String {
    let hex = id.simple().to_string();
    format!("TS{}-{}", at.format("%Y%m%d"), &hex[24..32].to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_carry_the_date_and_differ_per_complaint() {
        let at = DateTime::parse_from_rfc3339("2026-11-24T09:30:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default();
        let a = complaint_no(Uuid::now_v7(), at);
        let b = complaint_no(Uuid::now_v7(), at);
        assert!(a.starts_with("TS20261124-"), "{a}");
        assert_eq!(a.len(), "TS20261124-".len() + 8);
        assert_ne!(a, b);
        assert_eq!(initial_severity().as_str(), "general");
    }
}
