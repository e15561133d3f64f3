//! The estate's fee items and what a use of one costs.

use serde::{Deserialize, Serialize};

/// How an item is charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Every unit, every month, with the management fee (e.g. 垃圾清运费).
    Monthly,
    /// Each use, at the desk (e.g. 钥匙复制, 特约服务).
    PerUse,
    /// By the hour, at the desk (e.g. 会议室).
    PerHour,
    /// An amount bought on the resident's behalf (代购电、气), plus the item's price as a fee.
    TopUp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeItem {
    /// Short code the desk types, e.g. "meeting_room".
    pub code: String,
    pub name: String,
    pub kind: ItemKind,
    /// Price per month, use or hour; the fee on a top-up. In fen.
    pub price_fen: i64,
}

/// Why a list of items is refused.
pub fn check_items(items: &[FeeItem]) -> Result<(), String> {
    if items.len() > 50 {
        return Err("items: at most 50".into());
    }
    for (i, it) in items.iter().enumerate() {
        let code_ok = !it.code.is_empty()
            && it.code.len() <= 30
            && it
                .code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !code_ok {
            return Err(format!("items[{i}].code: 1–30 of a–z, 0–9, _"));
        }
        if it.name.trim().is_empty() || it.name.chars().count() > 40 {
            return Err(format!("items[{i}].name: 1–40 characters"));
        }
        if !(0..=10_000_000).contains(&it.price_fen) {
            return Err(format!("items[{i}].price_fen: 0 to 10000000"));
        }
        if items[..i].iter().any(|o| o.code == it.code) {
            return Err(format!("items[{i}].code: used twice"));
        }
    }
    Ok(())
}

/// What one use of `item` costs: `quantity` uses or hours, or for a top-up the `amount_fen`
/// bought plus the fee. `None` when the request does not fit the item.
pub fn price(item: &FeeItem, quantity: i64, amount_fen: Option<i64>) -> Option<i64> {
    let total = match item.kind {
        ItemKind::Monthly | ItemKind::PerUse | ItemKind::PerHour => {
            if amount_fen.is_some() || !(1..=1000).contains(&quantity) {
                return None;
            }
            item.price_fen.checked_mul(quantity)?
        }
        ItemKind::TopUp => {
            let a = amount_fen.filter(|a| (1..=10_000_000).contains(a))?;
            a.checked_add(item.price_fen)?
        }
    };
    (total > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: ItemKind, price_fen: i64) -> FeeItem {
        FeeItem {
            code: "x".into(),
            name: "X".into(),
            kind,
            price_fen,
        }
    }

    #[test]
    fn uses_hours_and_top_ups_are_priced_exactly() {
        assert_eq!(price(&item(ItemKind::PerHour, 5000), 3, None), Some(15_000));
        assert_eq!(price(&item(ItemKind::PerUse, 1500), 1, None), Some(1500));
        assert_eq!(price(&item(ItemKind::PerUse, 1500), 0, None), None);
        assert_eq!(price(&item(ItemKind::PerUse, 1500), 1, Some(10)), None);
        assert_eq!(
            price(&item(ItemKind::TopUp, 0), 1, Some(20_000)),
            Some(20_000)
        );
        assert_eq!(
            price(&item(ItemKind::TopUp, 200), 1, Some(20_000)),
            Some(20_200)
        );
        assert_eq!(price(&item(ItemKind::TopUp, 0), 1, None), None);
        assert_eq!(
            price(&item(ItemKind::PerUse, 0), 1, None),
            None,
            "nothing to charge"
        );
    }

    #[test]
    fn item_lists_are_checked() {
        let ok = vec![FeeItem {
            code: "meeting_room".into(),
            name: "会议室".into(),
            kind: ItemKind::PerHour,
            price_fen: 5000,
        }];
        assert!(check_items(&ok).is_ok());
        let mut twice = ok.clone();
        twice.push(ok[0].clone());
        assert!(check_items(&twice).is_err());
        let mut bad = ok.clone();
        bad[0].code = "Meeting Room".into();
        assert!(check_items(&bad).is_err());
        bad = ok;
        bad[0].price_fen = -1;
        assert!(check_items(&bad).is_err());
    }
}
