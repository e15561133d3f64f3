//! The month's report (投诉情况月汇总表): counted by the 25th–27th and handed in by the 28th
//! (004: 每月25日前统计 / 每月27日统计量化 / 当月28日上报). Once handed in, the month is frozen:
//! its figures stay as handed in, and whatever moves later is shown beside them.

use super::flow::Refusal;
use chrono::{Datelike, NaiveDate};

/// The first day of the month on which its report can be handed in.
pub const HAND_IN_FROM_DAY: u32 = 25;

/// Whether the report of the month starting `month` can be frozen on the estate's date `today`:
/// from the 25th of that month on (a late report can still be handed in after the month).
pub fn may_freeze(today: NaiveDate, month: NaiveDate) -> Result<(), Refusal> {
    let from = month.with_day(HAND_IN_FROM_DAY).unwrap_or(month);
    if today < from {
        return Err(Refusal {
            code: "report_not_due",
            message: "The month's report is handed in from the 25th.",
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn a_month_is_handed_in_from_the_25th_on() {
        let m = d("2026-12-01");
        assert_eq!(
            may_freeze(d("2026-12-24"), m).map_err(|r| r.code),
            Err("report_not_due")
        );
        assert_eq!(may_freeze(d("2026-12-25"), m), Ok(()));
        assert_eq!(may_freeze(d("2026-12-28"), m), Ok(()));
        assert_eq!(may_freeze(d("2027-01-05"), m), Ok(()), "a late report");
    }
}
