//! A work order (派工单) as the desk hands it over.

use chrono::{DateTime, Utc};
use desk_platform::local::Zone;
use uuid::Uuid;

/// The kinds of work order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 报修
    Repair,
    /// 有偿维修: the resident pays for parts and labour.
    PaidRepair,
    /// 特约服务 (家政、保洁…): charged when ordered (办理即收费).
    SpecialService,
    /// 售后: a defect for the developer's after-sales team.
    AfterSales,
    /// 紧急求援: handled at once, paperwork after.
    Emergency,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Repair => "repair",
            Kind::PaidRepair => "paid_repair",
            Kind::SpecialService => "special_service",
            Kind::AfterSales => "after_sales",
            Kind::Emergency => "emergency",
        }
    }

    /// The kind of order a desk intake category becomes; `None` for categories repairs does
    /// not take.
    pub fn from_intake_category(category: &str) -> Option<Kind> {
        match category {
            "repair" => Some(Kind::Repair),
            // 有偿维修 logged as such, should the desk's ledger name it.
            "paid_repair" => Some(Kind::PaidRepair),
            "paid_service" => Some(Kind::SpecialService),
            "after_sales" => Some(Kind::AfterSales),
            "emergency" => Some(Kind::Emergency),
            _ => None,
        }
    }
}

/// The order's number as the technician and desk say it: `WX` + the estate's date + eight hex
/// digits from the random part of its UUID v7.
pub fn order_no(id: Uuid, zone: Zone, at: DateTime<Utc>) -> String {
    let hex = id.simple().to_string();
    format!(
        "WX{}-{}",
        zone.date(at).format("%Y%m%d"),
        &hex[24..32].to_uppercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desk_categories_become_order_kinds() {
        assert_eq!(Kind::from_intake_category("repair"), Some(Kind::Repair));
        assert_eq!(
            Kind::from_intake_category("paid_service"),
            Some(Kind::SpecialService)
        );
        assert_eq!(
            Kind::from_intake_category("after_sales"),
            Some(Kind::AfterSales)
        );
        assert_eq!(
            Kind::from_intake_category("emergency"),
            Some(Kind::Emergency)
        );
        assert_eq!(
            Kind::from_intake_category("paid_repair"),
            Some(Kind::PaidRepair)
        );
        assert_eq!(Kind::from_intake_category("complaint"), None);
        assert_eq!(Kind::from_intake_category("inquiry"), None);
    }

    #[test]
    fn numbers_carry_the_date() {
        let n = order_no(Uuid::now_v7(), Zone::default(), Utc::now());
        assert!(n.starts_with("WX"));
        assert_eq!(n.len(), "WX20261124-".len() + 8);
    }

    #[test]
    fn an_order_taken_after_midnight_in_beijing_carries_that_day() {
        let late = DateTime::parse_from_rfc3339("2026-11-24T17:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default();
        assert!(order_no(Uuid::now_v7(), Zone::default(), late).starts_with("WX20261125-"));
        let urumqi: Zone = "Asia/Urumqi".parse().unwrap_or_default();
        assert!(
            order_no(Uuid::now_v7(), urumqi, late).starts_with("WX20261124-"),
            "the estate's own zone"
        );
    }
}
