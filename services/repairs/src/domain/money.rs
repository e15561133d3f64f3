//! The money of a work order, without I/O: a fee is charged once (a special service when it is
//! ordered, 办理即收费; a paid repair at completion), the charge follows the fee when a reopened
//! order is completed again, paid work waits for its charge before it closes, a free repair
//! found to be paid work is turned into paid work before completion, and a technician's fee
//! above the estate's ceiling needs a supervisor's approval.

use super::flow::Refusal;

/// The fee a technician may set without a supervisor's approval, when the estate has set none:
/// 500 yuan.
pub const DEFAULT_FEE_CEILING_FEN: i64 = 50_000;

/// Kinds of order that carry a fee.
pub const PAID_KINDS: [&str; 2] = ["paid_repair", "special_service"];

/// Statuses after the work is done: the kind and the fee are settled by then.
const DONE: [&str; 3] = ["completed", "awaiting_settlement", "closed"];

const fn refuse(code: &'static str, message: &'static str) -> Refusal {
    Refusal { code, message }
}

pub fn carries_fee(kind: &str) -> bool {
    PAID_KINDS.contains(&kind)
}

/// A special service is charged when it is ordered, before anyone is sent (办理即收费).
pub fn may_dispatch(kind: &str, charged_on_order: bool) -> Result<(), Refusal> {
    if kind == "special_service" && !charged_on_order {
        return Err(refuse(
            "charge_on_order_first",
            "A special service is charged when it is ordered, before a technician is sent.",
        ));
    }
    Ok(())
}

/// Charging a special service when it is ordered: only a special service, only once, and only
/// before its work is done (an order already billed at completion is not charged again).
pub fn may_charge_on_order(kind: &str, status: &str, billed_fen: i64) -> Result<(), Refusal> {
    if kind != "special_service" {
        return Err(refuse(
            "not_special_service",
            "Only special services are charged when ordered.",
        ));
    }
    if billed_fen > 0 || DONE.contains(&status) {
        return Err(refuse(
            "fee_already_charged",
            "The work order's fee has already been charged.",
        ));
    }
    Ok(())
}

/// What the technician's completion may put on the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeAsked {
    pub kind: &'static str,
    /// The fee charged when the special service was ordered, if it was.
    pub charged_on_order: Option<i64>,
    /// The fee asked at completion (0 for none).
    pub fee_fen: i64,
    /// What billing's payments have paid on the order so far.
    pub paid_fen: i64,
    /// The estate's ceiling.
    pub ceiling_fen: i64,
    /// A supervisor's approval of a fee up to this amount, if given.
    pub approved_up_to: Option<i64>,
}

/// The order's fee after completion, or why the fee asked is refused.
pub fn completion_fee(a: &FeeAsked) -> Result<i64, Refusal> {
    if a.fee_fen > 0 && !carries_fee(a.kind) {
        return Err(refuse(
            "fee_on_free_order",
            "A free repair carries no fee: turn it into paid work first (with the reason).",
        ));
    }
    if let Some(charged) = a.charged_on_order {
        if a.fee_fen != 0 && a.fee_fen != charged {
            return Err(refuse(
                "fee_already_charged",
                "The special service was charged when ordered.",
            ));
        }
        return Ok(charged);
    }
    if a.fee_fen > a.ceiling_fen && a.approved_up_to.is_none_or(|up_to| a.fee_fen > up_to) {
        return Err(refuse(
            "fee_above_ceiling",
            "The fee is above the estate's ceiling: a supervisor approves it first.",
        ));
    }
    if a.fee_fen < a.paid_fen {
        return Err(refuse(
            "fee_below_paid",
            "More than this fee has already been paid; refund through billing first.",
        ));
    }
    Ok(a.fee_fen)
}

/// What billing must be told when the order's fee becomes `fee_fen`, billing's charge being
/// `billed_fen` (0: no charge yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToBilling {
    Nothing,
    /// Raise the charge (`repairs.work_order.completed` with the fee).
    Charge(i64),
    /// Correct the charge to the new fee (`repairs.work_order.fee_adjusted`); 0 cancels it.
    Adjust {
        from: i64,
        to: i64,
    },
}

pub fn to_billing(billed_fen: i64, fee_fen: i64) -> ToBilling {
    match (billed_fen, fee_fen) {
        (b, f) if b == f => ToBilling::Nothing,
        (0, f) => ToBilling::Charge(f),
        (b, f) => ToBilling::Adjust { from: b, to: f },
    }
}

/// The order's fee is not fully paid.
pub fn owes(fee_fen: i64, paid_fen: i64) -> bool {
    fee_fen > 0 && paid_fen < fee_fen
}

/// Turning an order into another kind: a free repair found to be paid work (有偿维修), a paid
/// service the desk logged that is a paid repair, or a paid repair found to be free (under
/// warranty). Before the work is done, never once a fee was charged.
pub fn may_change_kind(from: &str, to: &str, status: &str, billed_fen: i64) -> Result<(), Refusal> {
    if DONE.contains(&status) {
        return Err(refuse(
            "kind_locked_after_completion",
            "The work is done: its kind and fee are settled.",
        ));
    }
    if billed_fen > 0 {
        return Err(refuse(
            "fee_already_charged",
            "The work order's fee has already been charged.",
        ));
    }
    match (from, to) {
        ("repair", "paid_repair")
        | ("special_service", "paid_repair")
        | ("paid_repair", "repair") => Ok(()),
        _ => Err(refuse(
            "kind_change_not_allowed",
            "Only a repair and a paid repair turn into each other, or a paid service into a paid repair.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(kind: &'static str, fee_fen: i64) -> FeeAsked {
        FeeAsked {
            kind,
            charged_on_order: None,
            fee_fen,
            paid_fen: 0,
            ceiling_fen: DEFAULT_FEE_CEILING_FEN,
            approved_up_to: None,
        }
    }

    #[test]
    fn a_special_service_is_charged_when_ordered_before_anyone_is_sent() {
        assert_eq!(
            may_dispatch("special_service", false).map_err(|r| r.code),
            Err("charge_on_order_first")
        );
        assert!(may_dispatch("special_service", true).is_ok());
        assert!(may_dispatch("repair", false).is_ok());
        assert!(may_dispatch("paid_repair", false).is_ok());
    }

    #[test]
    fn a_special_service_is_charged_once() {
        assert!(may_charge_on_order("special_service", "awaiting_dispatch", 0).is_ok());
        assert_eq!(
            may_charge_on_order("special_service", "awaiting_dispatch", 12_000).map_err(|r| r.code),
            Err("fee_already_charged")
        );
        assert_eq!(
            may_charge_on_order("special_service", "completed", 0).map_err(|r| r.code),
            Err("fee_already_charged"),
            "done work is billed at completion, not charged again"
        );
        assert_eq!(
            may_charge_on_order("paid_repair", "awaiting_dispatch", 0).map_err(|r| r.code),
            Err("not_special_service")
        );
        let mut a = asked("special_service", 15_000);
        a.charged_on_order = Some(12_000);
        assert_eq!(
            completion_fee(&a).map_err(|r| r.code),
            Err("fee_already_charged"),
            "a different fee at completion would charge it twice"
        );
        a.fee_fen = 0;
        assert_eq!(completion_fee(&a), Ok(12_000), "the fee charged stays");
        assert_eq!(to_billing(12_000, 12_000), ToBilling::Nothing);
    }

    #[test]
    fn a_free_repair_carries_no_fee_until_it_is_turned_into_paid_work() {
        assert_eq!(
            completion_fee(&asked("repair", 3_000)).map_err(|r| r.code),
            Err("fee_on_free_order")
        );
        assert!(may_change_kind("repair", "paid_repair", "in_progress", 0).is_ok());
        assert!(may_change_kind("special_service", "paid_repair", "awaiting_dispatch", 0).is_ok());
        assert!(may_change_kind("paid_repair", "repair", "accepted", 0).is_ok());
        assert_eq!(
            may_change_kind("repair", "paid_repair", "completed", 0).map_err(|r| r.code),
            Err("kind_locked_after_completion")
        );
        assert_eq!(
            may_change_kind("repair", "paid_repair", "reopened", 8_000).map_err(|r| r.code),
            Err("fee_already_charged")
        );
        assert_eq!(
            may_change_kind("repair", "emergency", "dispatched", 0).map_err(|r| r.code),
            Err("kind_change_not_allowed")
        );
        assert_eq!(completion_fee(&asked("paid_repair", 3_000)), Ok(3_000));
    }

    #[test]
    fn a_fee_above_the_estates_ceiling_needs_a_supervisors_approval() {
        let mut a = asked("paid_repair", 60_000);
        assert_eq!(
            completion_fee(&a).map_err(|r| r.code),
            Err("fee_above_ceiling")
        );
        a.approved_up_to = Some(55_000);
        assert_eq!(
            completion_fee(&a).map_err(|r| r.code),
            Err("fee_above_ceiling"),
            "approved up to less"
        );
        a.approved_up_to = Some(60_000);
        assert_eq!(completion_fee(&a), Ok(60_000));
        let mut at_ceiling = asked("paid_repair", DEFAULT_FEE_CEILING_FEN);
        assert_eq!(completion_fee(&at_ceiling), Ok(DEFAULT_FEE_CEILING_FEN));
        at_ceiling.ceiling_fen = 20_000;
        assert_eq!(
            completion_fee(&at_ceiling).map_err(|r| r.code),
            Err("fee_above_ceiling"),
            "the estate's own ceiling"
        );
    }

    #[test]
    fn a_recompleted_order_corrects_billings_charge() {
        assert_eq!(to_billing(0, 0), ToBilling::Nothing);
        assert_eq!(to_billing(0, 8_000), ToBilling::Charge(8_000));
        assert_eq!(to_billing(8_000, 8_000), ToBilling::Nothing);
        assert_eq!(
            to_billing(8_000, 5_000),
            ToBilling::Adjust {
                from: 8_000,
                to: 5_000
            }
        );
        assert_eq!(
            to_billing(8_000, 0),
            ToBilling::Adjust { from: 8_000, to: 0 }
        );
        let mut a = asked("paid_repair", 5_000);
        a.paid_fen = 8_000;
        assert_eq!(
            completion_fee(&a).map_err(|r| r.code),
            Err("fee_below_paid")
        );
    }

    #[test]
    fn paid_work_owes_until_its_fee_is_paid() {
        assert!(owes(8_000, 0));
        assert!(owes(8_000, 7_999));
        assert!(!owes(8_000, 8_000));
        assert!(!owes(0, 0), "free work owes nothing");
    }
}
