//! Deposits, without I/O: a deposit goes back the way it came in. Cash taken into a drawer is
//! paid back in cash out of a drawer; money that came by card, transfer, WeChat Pay or Alipay
//! goes back through the same channel, never as cash out of the drawer (the drawer never held
//! it: paying it out in cash would turn a claim on a channel into cash in hand).

use std::collections::BTreeMap;

/// The one method whose money is in the drawer.
pub const CASH: &str = "cash";

/// A rule the request breaks, with its stable code and the words for the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub title: &'static str,
}

pub const NOT_AS_PAID: Refusal = Refusal {
    code: "refund_not_as_paid",
    title: "A deposit is refunded the way it was paid: cash for cash, online for online.",
};
pub const NOTHING_PAID: Refusal = Refusal {
    code: "deposit_not_paid",
    title: "Nothing was paid on this deposit, so nothing is refunded.",
};

/// How a refund goes out: the amount per method, as the deposit was paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundWay {
    pub by_method: BTreeMap<String, i64>,
}

impl RefundWay {
    /// What leaves the drawer in cash.
    pub fn cash_fen(&self) -> i64 {
        self.by_method.get(CASH).copied().unwrap_or(0)
    }

    pub fn total_fen(&self) -> i64 {
        self.by_method.values().sum()
    }

    /// The methods as recorded on the deposit: `cash`, `wechat`, or `cash+wechat` when it was
    /// paid in parts.
    pub fn label(&self) -> String {
        self.by_method
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("+")
    }
}

/// The refund of a deposit paid `paid_by` (fen per method, of the payments that stand). A
/// method `asked` by the desk must be the one it was paid with.
pub fn refund_way(
    paid_by: &BTreeMap<String, i64>,
    asked: Option<&str>,
) -> Result<RefundWay, Refusal> {
    let by_method: BTreeMap<String, i64> = paid_by
        .iter()
        .filter(|(_, fen)| **fen > 0)
        .map(|(m, fen)| (m.clone(), *fen))
        .collect();
    if by_method.is_empty() {
        return Err(NOTHING_PAID);
    }
    if let Some(asked) = asked.map(str::trim)
        && !(by_method.len() == 1 && by_method.contains_key(asked))
    {
        return Err(NOT_AS_PAID);
    }
    Ok(RefundWay { by_method })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paid(parts: &[(&str, i64)]) -> BTreeMap<String, i64> {
        parts.iter().map(|(m, f)| (m.to_string(), *f)).collect()
    }

    #[test]
    fn cash_taken_goes_back_in_cash_out_of_the_drawer() {
        let way = refund_way(&paid(&[("cash", 1000)]), None);
        assert_eq!(way.as_ref().map(RefundWay::cash_fen), Ok(1000));
        assert_eq!(way.map(|w| w.label()), Ok("cash".to_string()));
        assert!(refund_way(&paid(&[("cash", 1000)]), Some("cash")).is_ok());
    }

    #[test]
    fn money_paid_online_never_comes_back_as_cash() {
        let online = paid(&[("wechat", 1000)]);
        assert_eq!(refund_way(&online, Some("cash")), Err(NOT_AS_PAID));
        let way = refund_way(&online, None);
        assert_eq!(way.as_ref().map(RefundWay::cash_fen), Ok(0));
        assert_eq!(way.map(|w| w.label()), Ok("wechat".to_string()));
        assert_eq!(
            refund_way(&paid(&[("bank_transfer", 1000)]), Some("alipay")),
            Err(NOT_AS_PAID)
        );
    }

    #[test]
    fn a_deposit_paid_in_parts_goes_back_in_the_same_parts() {
        let mixed = paid(&[("cash", 300), ("alipay", 700)]);
        let way = refund_way(&mixed, None);
        assert_eq!(way.as_ref().map(RefundWay::cash_fen), Ok(300));
        assert_eq!(way.as_ref().map(RefundWay::total_fen), Ok(1000));
        assert_eq!(way.map(|w| w.label()), Ok("alipay+cash".to_string()));
        assert_eq!(refund_way(&mixed, Some("cash")), Err(NOT_AS_PAID));
    }

    #[test]
    fn nothing_paid_is_nothing_refunded() {
        assert_eq!(refund_way(&paid(&[]), None), Err(NOTHING_PAID));
        assert_eq!(refund_way(&paid(&[("cash", 0)]), None), Err(NOTHING_PAID));
    }
}
