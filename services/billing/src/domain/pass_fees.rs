//! What a pass costs, from the estate's fee schedule: the deposit and the card fee (工本费) of a
//! tenant or temporary pass, and the fee of a renewal. The schedule names them by item code;
//! an estate that names none charges the seeds' amounts (deposit 10 yuan, card fee 5 yuan,
//! tenant renewal 2 yuan). A resident pass is free. A lapsed temporary pass is renewed for the
//! card fee, with the deposit it already holds: no second deposit.

use super::fees::FeeItem;

/// Item codes in the fee schedule.
pub const DEPOSIT_CODE: &str = "pass_deposit";
pub const CARD_FEE_CODE: &str = "pass_card_fee";
pub const RENEWAL_CODE: &str = "pass_renewal_fee";

pub const DEFAULT_DEPOSIT_FEN: i64 = 1_000;
pub const DEFAULT_CARD_FEE_FEN: i64 = 500;
pub const DEFAULT_RENEWAL_FEE_FEN: i64 = 200;

/// The estate's pass prices, in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassFees {
    pub deposit_fen: i64,
    pub card_fee_fen: i64,
    pub renewal_fee_fen: i64,
}

impl Default for PassFees {
    fn default() -> Self {
        Self {
            deposit_fen: DEFAULT_DEPOSIT_FEN,
            card_fee_fen: DEFAULT_CARD_FEE_FEN,
            renewal_fee_fen: DEFAULT_RENEWAL_FEE_FEN,
        }
    }
}

impl PassFees {
    /// The prices the schedule's items set, the defaults for those it does not name.
    pub fn from_items(items: &[FeeItem]) -> Self {
        let price = |code: &str, default: i64| {
            items
                .iter()
                .find(|i| i.code == code)
                .map_or(default, |i| i.price_fen)
        };
        Self {
            deposit_fen: price(DEPOSIT_CODE, DEFAULT_DEPOSIT_FEN),
            card_fee_fen: price(CARD_FEE_CODE, DEFAULT_CARD_FEE_FEN),
            renewal_fee_fen: price(RENEWAL_CODE, DEFAULT_RENEWAL_FEE_FEN),
        }
    }

    /// A new pass of `kind`: (deposit, card fee).
    pub fn on_issue(&self, kind: &str) -> (i64, i64) {
        match kind {
            "resident" => (0, 0),
            _ => (self.deposit_fen, self.card_fee_fen),
        }
    }

    /// A renewal of a pass of `kind`: a tenant pass for the renewal fee, a temporary pass for
    /// a new card; `announced` for an event that does not say the kind (older publishers).
    pub fn on_renewal(&self, kind: &str, announced: i64) -> i64 {
        match kind {
            "tenant" => self.renewal_fee_fen,
            "temporary" => self.card_fee_fen,
            "resident" => 0,
            _ => announced,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fees::ItemKind;

    fn item(code: &str, price_fen: i64) -> FeeItem {
        FeeItem {
            code: code.into(),
            name: code.into(),
            kind: ItemKind::PerUse,
            price_fen,
        }
    }

    #[test]
    fn an_estate_without_pass_items_charges_ten_five_and_two_yuan() {
        let fees = PassFees::from_items(&[item("garbage", 1000)]);
        assert_eq!(fees, PassFees::default());
        assert_eq!(fees.on_issue("tenant"), (1_000, 500));
        assert_eq!(fees.on_issue("temporary"), (1_000, 500));
        assert_eq!(fees.on_issue("resident"), (0, 0));
        assert_eq!(fees.on_renewal("tenant", 999), 200);
    }

    #[test]
    fn the_schedule_sets_the_pass_prices() {
        let fees = PassFees::from_items(&[item(DEPOSIT_CODE, 2_000), item(CARD_FEE_CODE, 800)]);
        assert_eq!(fees.on_issue("tenant"), (2_000, 800));
        assert_eq!(fees.renewal_fee_fen, 200, "not named: the default");
    }

    #[test]
    fn a_lapsed_temporary_pass_is_renewed_for_the_card_fee_without_a_new_deposit() {
        let fees = PassFees::default();
        assert_eq!(fees.on_renewal("temporary", 0), 500);
        assert_eq!(fees.on_renewal("", 300), 300, "an older event's own amount");
    }
}
