//! Rules of the rest of the desk's day: visitors, shifts and handover, parcels, keys, and the
//! records of lost property, pets and major incidents.

use super::intake::Refusal;
use chrono::{DateTime, Duration, Utc};

const fn refuse(code: &'static str, message: &'static str) -> Refusal {
    Refusal { code, message }
}

/// Trimmed, non-empty, at most `max` characters, no control characters.
pub fn text(raw: &str, max: usize) -> Option<String> {
    let v = raw.trim();
    (!v.is_empty() && v.chars().count() <= max && !v.chars().any(char::is_control))
        .then(|| v.to_string())
}

/// A text longer than allowed or holding control characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadText;

/// Optional text: empty means absent.
pub fn optional_text(raw: Option<&str>, max: usize) -> Result<Option<String>, BadText> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => text(v, max).map(Some).ok_or(BadText),
    }
}

pub fn sign_out_visitor(left_at: Option<DateTime<Utc>>) -> Result<(), Refusal> {
    match left_at {
        Some(_) => Err(refuse(
            "visitor_already_left",
            "The visitor has already signed out.",
        )),
        None => Ok(()),
    }
}

/// Where a shift stands.
pub mod shift {
    pub const OPEN: &str = "open";
    pub const HANDED_OVER: &str = "handed_over";
    pub const ACKNOWLEDGED: &str = "acknowledged";
    pub const KINDS: [&str; 2] = ["day", "night"];
}

/// Notes go on the open shift only.
pub fn note_on_shift(status: &str) -> Result<(), Refusal> {
    if status == shift::OPEN {
        Ok(())
    } else {
        Err(refuse(
            "shift_closed",
            "The shift has been handed over; write in the current shift.",
        ))
    }
}

/// Only the open shift is handed over.
pub fn hand_over(status: &str) -> Result<(), Refusal> {
    if status == shift::OPEN {
        Ok(())
    } else {
        Err(refuse(
            "shift_closed",
            "The shift has already been handed over.",
        ))
    }
}

/// The next shift acknowledges a handed-over shift, once, and not the person who handed it over.
pub fn acknowledge(
    status: &str,
    handed_over_by: Option<uuid::Uuid>,
    by: uuid::Uuid,
) -> Result<(), Refusal> {
    match status {
        shift::HANDED_OVER if handed_over_by == Some(by) => Err(refuse(
            "acknowledge_own_handover",
            "The next shift acknowledges the handover, not the one who made it.",
        )),
        shift::HANDED_OVER => Ok(()),
        shift::OPEN => Err(refuse(
            "shift_not_handed_over",
            "The shift has not been handed over yet.",
        )),
        _ => Err(refuse(
            "handover_already_acknowledged",
            "The handover has already been acknowledged.",
        )),
    }
}

/// A parcel's life: held at the desk, then collected or returned.
pub mod parcel {
    pub const HELD: &str = "held";
    pub const COLLECTED: &str = "collected";
    pub const RETURNED: &str = "returned";
    pub const KINDS: [&str; 4] = ["letter", "registered", "express", "parcel"];
    /// Days a parcel is held before it is returned to the sender.
    pub const RETURN_AFTER_DAYS: i64 = 7;
}

pub fn parcel_is_held(status: &str) -> Result<(), Refusal> {
    match status {
        parcel::HELD => Ok(()),
        parcel::COLLECTED => Err(refuse(
            "parcel_already_collected",
            "The parcel has already been collected.",
        )),
        _ => Err(refuse(
            "parcel_returned",
            "The parcel has been returned to the sender.",
        )),
    }
}

/// Days a parcel has waited, and whether it is due back to the sender.
pub fn parcel_age(received_at: DateTime<Utc>, now: DateTime<Utc>) -> (i64, bool) {
    let days = (now - received_at).num_days().max(0);
    (days, days >= parcel::RETURN_AFTER_DAYS)
}

pub const KEY_KINDS: [&str; 4] = ["vacant_unit", "owner_entrusted", "plant_room", "other"];

/// A key goes out to one borrower at a time; an outsider shows an ID and leaves a deposit.
pub fn lend_key(
    active: bool,
    already_out: bool,
    outsider: bool,
    id_given: bool,
    deposit_fen: i64,
) -> Result<(), Refusal> {
    if !active {
        return Err(refuse(
            "key_inactive",
            "The key is no longer kept at the desk.",
        ));
    }
    if already_out {
        return Err(refuse(
            "key_already_lent",
            "The key is already lent; it must come back first.",
        ));
    }
    if deposit_fen < 0 {
        return Err(refuse("invalid_deposit", "A deposit cannot be negative."));
    }
    if outsider && (!id_given || deposit_fen == 0) {
        return Err(refuse(
            "outsider_needs_id_and_deposit",
            "Someone from outside shows an ID and leaves a deposit.",
        ));
    }
    Ok(())
}

/// When a lent key is due back: the time asked for, at most a week; by default four hours.
pub fn key_due(lent_at: DateTime<Utc>, hours: Option<i64>) -> Result<DateTime<Utc>, Refusal> {
    match hours.unwrap_or(4) {
        h if (1..=168).contains(&h) => Ok(lent_at + Duration::hours(h)),
        _ => Err(refuse(
            "invalid_loan_period",
            "A key is lent for 1 to 168 hours.",
        )),
    }
}

/// Record kinds and the statuses each may take; the first is where a record starts.
pub fn record_statuses(kind: &str) -> Option<&'static [&'static str]> {
    match kind {
        "lost_property" => Some(&["held", "claimed", "disposed"]),
        "pet" => Some(&["registered", "removed"]),
        "incident" => Some(&["open", "closed"]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn shifts_hand_over_once_and_the_next_shift_acknowledges() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert!(hand_over(shift::OPEN).is_ok());
        assert_eq!(
            hand_over(shift::HANDED_OVER).map_err(|r| r.code),
            Err("shift_closed")
        );
        assert_eq!(
            note_on_shift(shift::HANDED_OVER).map_err(|r| r.code),
            Err("shift_closed")
        );
        assert!(acknowledge(shift::HANDED_OVER, Some(a), b).is_ok());
        assert_eq!(
            acknowledge(shift::HANDED_OVER, Some(a), a).map_err(|r| r.code),
            Err("acknowledge_own_handover")
        );
        assert_eq!(
            acknowledge(shift::ACKNOWLEDGED, Some(a), b).map_err(|r| r.code),
            Err("handover_already_acknowledged")
        );
        assert_eq!(
            acknowledge(shift::OPEN, None, b).map_err(|r| r.code),
            Err("shift_not_handed_over")
        );
    }

    #[test]
    fn parcels_are_handed_over_once_and_age() {
        assert!(parcel_is_held(parcel::HELD).is_ok());
        assert_eq!(
            parcel_is_held(parcel::COLLECTED).map_err(|r| r.code),
            Err("parcel_already_collected")
        );
        let now = Utc::now();
        assert_eq!(parcel_age(now - Duration::days(3), now), (3, false));
        assert_eq!(parcel_age(now - Duration::days(8), now), (8, true));
    }

    #[test]
    fn keys_go_out_once_and_outsiders_leave_id_and_deposit() {
        assert!(lend_key(true, false, false, false, 0).is_ok());
        assert_eq!(
            lend_key(true, true, false, false, 0).map_err(|r| r.code),
            Err("key_already_lent")
        );
        assert_eq!(
            lend_key(true, false, true, true, 0).map_err(|r| r.code),
            Err("outsider_needs_id_and_deposit")
        );
        assert_eq!(
            lend_key(true, false, true, false, 5000).map_err(|r| r.code),
            Err("outsider_needs_id_and_deposit")
        );
        assert!(lend_key(true, false, true, true, 5000).is_ok());
        assert_eq!(
            lend_key(false, false, false, false, 0).map_err(|r| r.code),
            Err("key_inactive")
        );
        let t = Utc::now();
        assert_eq!(key_due(t, None).ok(), Some(t + Duration::hours(4)));
        assert!(key_due(t, Some(500)).is_err());
    }

    #[test]
    fn visitors_sign_out_once_and_texts_are_checked() {
        assert!(sign_out_visitor(None).is_ok());
        assert!(sign_out_visitor(Some(Utc::now())).is_err());
        assert_eq!(text("  张三 ", 10), Some("张三".into()));
        assert_eq!(text("   ", 10), None);
        assert_eq!(text("a\u{0007}", 10), None);
        assert_eq!(optional_text(Some(""), 5), Ok(None));
        assert!(optional_text(Some("toolong"), 3).is_err());
        assert_eq!(record_statuses("pet").map(|s| s[0]), Some("registered"));
        assert!(record_statuses("car").is_none());
    }
}
