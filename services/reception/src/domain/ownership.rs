//! 首问责任制: the person who took an entry owns it until it is closed. Others of the desk add
//! notes; only the owner, or a supervisor, closes it; it passes on only explicitly (the shift
//! handover once acknowledged, or a supervisor's reassignment), and the trail shows who owned
//! it when. Emergencies go first in every list until their work is done. Praise goes to the
//! staff member's record and suggestions to the estate manager (major ones to HQ), each closing
//! with what was done.

use super::intake::{Category, Refusal, Status};
use chrono::{DateTime, Utc};
use uuid::Uuid;

const fn refuse(code: &'static str, message: &'static str) -> Refusal {
    Refusal { code, message }
}

/// The steps of an entry's trail.
pub mod step {
    /// Logged: the taker owns it.
    pub const TAKEN: &str = "taken";
    /// Another member of the desk added a note; the owner stays.
    pub const NOTE: &str = "note";
    /// Passed to the next shift when it acknowledged the handover.
    pub const HANDED_OVER: &str = "handed_over";
    /// A supervisor gave it to someone else.
    pub const REASSIGNED: &str = "reassigned";
    /// Praise or a suggestion passed on to whoever acts on it.
    pub const REFERRED: &str = "referred";
    /// What was done with the praise or suggestion.
    pub const OUTCOME: &str = "outcome";
    /// An emergency's work is done: it leaves the top of the lists.
    pub const HANDLED: &str = "handled";
    pub const CLOSED: &str = "closed";
}

/// Who is acting, as far as the desk's ownership rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Who {
    pub id: Uuid,
    /// A receptionist, supervisor or estate manager: someone who owns desk entries.
    pub desk: bool,
    /// A supervisor or estate manager: closes and reassigns any entry of the estate.
    pub overseer: bool,
    pub estate_manager: bool,
    pub hq: bool,
}

/// Who owns a newly logged entry: its taker when the taker works the desk; an entry passed on
/// by someone else (a technician or guard on patrol) belongs to whoever holds the desk's open
/// shift, else to its taker until a supervisor gives it to someone.
pub fn owner_on_logging(taker: Who, on_duty: Option<Uuid>) -> Uuid {
    if taker.desk {
        taker.id
    } else {
        on_duty.unwrap_or(taker.id)
    }
}

/// Only the owner or a supervisor closes an entry (技术员 and anyone outside the desk never).
pub fn may_close_as(owner: Uuid, who: Who) -> Result<(), Refusal> {
    if who.overseer || (who.desk && who.id == owner) {
        Ok(())
    } else {
        Err(refuse(
            "not_entry_owner",
            "Only the entry's owner or a supervisor closes it; add a note instead.",
        ))
    }
}

/// Notes go on entries not yet closed.
pub fn may_note(status: Status) -> Result<(), Refusal> {
    if status == Status::Closed {
        Err(refuse("intake_closed", "The intake is closed."))
    } else {
        Ok(())
    }
}

/// A supervisor gives an open entry to someone else, with a reason: only to someone who works
/// this estate's desk (`to_desk`: reception has seen them at it, in a desk role), never a
/// technician or a colleague of another estate.
pub fn may_reassign(status: Status, owner: Uuid, to: Uuid, to_desk: bool) -> Result<(), Refusal> {
    if status == Status::Closed {
        return Err(refuse("intake_closed", "The intake is closed."));
    }
    if owner == to {
        return Err(refuse(
            "already_entry_owner",
            "The entry already belongs to that person.",
        ));
    }
    if !to_desk {
        return Err(refuse(
            "not_desk_staff",
            "An entry goes only to someone who works this estate's desk.",
        ));
    }
    Ok(())
}

/// At an acknowledged handover, an open entry listed in it passes to the one who acknowledged
/// when it belonged to the outgoing shift (who opened it or handed it over); entries of others
/// (a supervisor's, another desk's) stay theirs.
pub fn passes_at_handover(status: Status, owner: Uuid, outgoing: &[Uuid]) -> bool {
    status != Status::Closed && outgoing.contains(&owner)
}

/// An emergency stays at the top of every list until it is closed or its work is done.
pub fn pinned(category: Category, status: Status, handled_at: Option<DateTime<Utc>>) -> bool {
    category == Category::Emergency && status != Status::Closed && handled_at.is_none()
}

/// Where praise and suggestions go (4.6: 表扬查证属实按《员工手册》执行; 建议收集上报项目经理,
/// 重大整改建议上报总经理).
pub mod referral {
    /// Praise: verified and put on the staff member's record.
    pub const STAFF_RECORD: &str = "staff_record";
    /// A suggestion: to the estate manager.
    pub const ESTATE_MANAGER: &str = "estate_manager";
    /// A major suggestion (重大整改建议): to head office.
    pub const HQ: &str = "hq";
}

/// Whether the category closes only once what was done with it is recorded.
pub fn needs_outcome(category: Category) -> bool {
    matches!(category, Category::Praise | Category::Suggestion)
}

/// Praise goes to the staff member's record (naming them); a suggestion to the estate manager,
/// a major one to HQ. Once only, while the entry is open.
pub fn may_refer(
    status: Status,
    category: Category,
    to: &str,
    subject: Option<&str>,
    already: bool,
) -> Result<(), Refusal> {
    if status == Status::Closed {
        return Err(refuse("intake_closed", "The intake is closed."));
    }
    if already {
        return Err(refuse(
            "already_referred",
            "The entry has already been passed on.",
        ));
    }
    match (category, to) {
        (Category::Praise, referral::STAFF_RECORD) if subject.is_some() => Ok(()),
        (Category::Praise, referral::STAFF_RECORD) => Err(refuse(
            "staff_member_required",
            "Praise names the staff member whose record it goes to.",
        )),
        (Category::Suggestion, referral::ESTATE_MANAGER | referral::HQ) => Ok(()),
        (Category::Praise | Category::Suggestion, _) => Err(refuse(
            "wrong_referral",
            "Praise goes to the staff member's record; a suggestion to the estate manager or, a major one, to HQ.",
        )),
        _ => Err(refuse(
            "not_praise_or_suggestion",
            "Only praise and suggestions are passed on this way.",
        )),
    }
}

/// Who records the outcome: a supervisor or the estate manager puts verified praise on the
/// record; the estate manager answers a suggestion; HQ a major one.
pub fn may_record_outcome(
    status: Status,
    referred_to: Option<&str>,
    outcome_recorded: bool,
    who: Who,
) -> Result<(), Refusal> {
    if status == Status::Closed {
        return Err(refuse("intake_closed", "The intake is closed."));
    }
    let allowed = match referred_to {
        None => {
            return Err(refuse(
                "not_referred",
                "Pass the entry on first; its recipient records the outcome.",
            ));
        }
        Some(referral::STAFF_RECORD) => who.overseer,
        Some(referral::ESTATE_MANAGER) => who.estate_manager,
        Some(_) => who.hq,
    };
    if outcome_recorded {
        return Err(refuse(
            "outcome_recorded",
            "The outcome has already been recorded.",
        ));
    }
    if allowed {
        Ok(())
    } else {
        Err(refuse(
            "not_the_recipient",
            "Only the one the entry was passed to records its outcome.",
        ))
    }
}

/// Praise and suggestions close only with their outcome recorded.
pub fn may_close_with_outcome(category: Category, outcome_recorded: bool) -> Result<(), Refusal> {
    if needs_outcome(category) && !outcome_recorded {
        Err(refuse(
            "outcome_required",
            "Praise and suggestions close once what was done with them is recorded.",
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(desk: bool, overseer: bool) -> Who {
        Who {
            id: Uuid::now_v7(),
            desk,
            overseer,
            estate_manager: false,
            hq: false,
        }
    }

    #[test]
    fn the_owner_or_a_supervisor_closes_an_entry_and_nobody_else() {
        let owner = who(true, false);
        let colleague = who(true, false);
        let supervisor = who(true, true);
        let technician = who(false, false);
        assert!(may_close_as(owner.id, owner).is_ok());
        assert!(may_close_as(owner.id, supervisor).is_ok());
        assert_eq!(
            may_close_as(owner.id, colleague).map_err(|r| r.code),
            Err("not_entry_owner")
        );
        assert_eq!(
            may_close_as(technician.id, technician).map_err(|r| r.code),
            Err("not_entry_owner")
        );
    }

    #[test]
    fn a_patrol_referral_belongs_to_the_desk_on_duty() {
        let receptionist = who(true, false);
        let technician = who(false, false);
        let on_duty = Uuid::now_v7();
        assert_eq!(
            owner_on_logging(receptionist, Some(on_duty)),
            receptionist.id
        );
        assert_eq!(owner_on_logging(technician, Some(on_duty)), on_duty);
        assert_eq!(owner_on_logging(technician, None), technician.id);
    }

    #[test]
    fn ownership_passes_only_explicitly() {
        let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        assert!(passes_at_handover(Status::Open, a, &[a, b]));
        assert!(passes_at_handover(Status::Forwarded, b, &[a, b]));
        assert!(!passes_at_handover(Status::Open, c, &[a, b]));
        assert!(!passes_at_handover(Status::Closed, a, &[a]));
        assert!(may_reassign(Status::Open, a, b, true).is_ok());
        assert_eq!(
            may_reassign(Status::Open, a, b, false).map_err(|r| r.code),
            Err("not_desk_staff")
        );
        assert_eq!(
            may_reassign(Status::Open, a, a, true).map_err(|r| r.code),
            Err("already_entry_owner")
        );
        assert_eq!(
            may_reassign(Status::Closed, a, b, true).map_err(|r| r.code),
            Err("intake_closed")
        );
        assert_eq!(
            may_note(Status::Closed).map_err(|r| r.code),
            Err("intake_closed")
        );
    }

    #[test]
    fn an_emergency_stays_on_top_until_its_work_is_done() {
        let now = Utc::now();
        assert!(pinned(Category::Emergency, Status::Forwarded, None));
        assert!(!pinned(Category::Emergency, Status::Forwarded, Some(now)));
        assert!(!pinned(Category::Emergency, Status::Closed, None));
        assert!(!pinned(Category::Repair, Status::Open, None));
    }

    #[test]
    fn praise_goes_to_the_staff_record_and_suggestions_up_the_line() {
        let open = Status::Open;
        assert!(
            may_refer(
                open,
                Category::Praise,
                "staff_record",
                Some("李师傅"),
                false
            )
            .is_ok()
        );
        assert_eq!(
            may_refer(open, Category::Praise, "staff_record", None, false).map_err(|r| r.code),
            Err("staff_member_required")
        );
        assert_eq!(
            may_refer(open, Category::Praise, "hq", Some("李"), false).map_err(|r| r.code),
            Err("wrong_referral")
        );
        assert!(may_refer(open, Category::Suggestion, "estate_manager", None, false).is_ok());
        assert!(may_refer(open, Category::Suggestion, "hq", None, false).is_ok());
        assert_eq!(
            may_refer(open, Category::Inquiry, "hq", None, false).map_err(|r| r.code),
            Err("not_praise_or_suggestion")
        );
        assert_eq!(
            may_refer(open, Category::Suggestion, "hq", None, true).map_err(|r| r.code),
            Err("already_referred")
        );
    }

    #[test]
    fn only_the_recipient_records_the_outcome() {
        let supervisor = who(true, true);
        let manager = Who {
            estate_manager: true,
            ..who(true, true)
        };
        let hq = Who {
            hq: true,
            ..who(false, false)
        };
        let open = Status::Open;
        assert!(may_record_outcome(open, Some("staff_record"), false, supervisor).is_ok());
        assert_eq!(
            may_record_outcome(open, Some("estate_manager"), false, supervisor).map_err(|r| r.code),
            Err("not_the_recipient")
        );
        assert!(may_record_outcome(open, Some("estate_manager"), false, manager).is_ok());
        assert!(may_record_outcome(open, Some("hq"), false, hq).is_ok());
        assert_eq!(
            may_record_outcome(open, Some("hq"), false, manager).map_err(|r| r.code),
            Err("not_the_recipient")
        );
        assert_eq!(
            may_record_outcome(open, None, false, manager).map_err(|r| r.code),
            Err("not_referred")
        );
        assert_eq!(
            may_record_outcome(open, Some("hq"), true, hq).map_err(|r| r.code),
            Err("outcome_recorded")
        );
    }

    #[test]
    fn praise_and_suggestions_close_only_with_something_done() {
        assert_eq!(
            may_close_with_outcome(Category::Praise, false).map_err(|r| r.code),
            Err("outcome_required")
        );
        assert_eq!(
            may_close_with_outcome(Category::Suggestion, false).map_err(|r| r.code),
            Err("outcome_required")
        );
        assert!(may_close_with_outcome(Category::Suggestion, true).is_ok());
        assert!(may_close_with_outcome(Category::Inquiry, false).is_ok());
    }
}
