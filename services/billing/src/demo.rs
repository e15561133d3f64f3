//! Demo books for the demo group: each estate's fee schedule and items, finance's calendar, six
//! months of fees, and payments with each estate's own paying habits, so that the monthly
//! summary, the arrears and head office's collection rates show something worth reading.
//! Loaded once the registry's units have reached billing; loading again adds nothing, and two
//! loaders at once load each estate once (each estate in one transaction that holds the
//! estate's demo lock).

use crate::book::{self, Payment};
use crate::db::fees;
use crate::domain::calendar::WorkingDays;
use crate::domain::fees::{FeeItem, ItemKind};
use chrono::{Datelike, Duration, Months, NaiveDate, Utc};
use desk_platform::demo;
use diesel::prelude::*;
use uuid::Uuid;

/// (estate code, management fee per m², share of units that pay each month in %).
const HABITS: [(&str, i64, u64); 3] = [("SUN", 250, 93), ("LAK", 180, 76), ("TWR", 320, 85)];

fn items() -> Vec<FeeItem> {
    let item = |code: &str, name: &str, kind, price_fen| FeeItem {
        code: code.into(),
        name: name.into(),
        kind,
        price_fen,
    };
    vec![
        item("garbage", "垃圾清运费", ItemKind::Monthly, 1000),
        item("meeting_room", "会议室", ItemKind::PerHour, 5000),
        item("key_copy", "钥匙复制", ItemKind::PerUse, 1500),
        item("power", "代购电", ItemKind::TopUp, 0),
        item("gas", "代购气", ItemKind::TopUp, 0),
    ]
}

/// The public holidays of 2026 and the weekend days worked instead.
fn calendar_2026() -> WorkingDays {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
    let span = |a: &str, n: i64| {
        let first = d(a);
        (0..n).map(move |i| first + Duration::days(i))
    };
    WorkingDays {
        holidays: [
            span("2026-01-01", 3).collect::<Vec<_>>(),
            span("2026-02-15", 9).collect(),
            span("2026-04-04", 3).collect(),
            span("2026-05-01", 5).collect(),
            span("2026-06-19", 3).collect(),
            span("2026-09-25", 3).collect(),
            span("2026-10-01", 7).collect(),
        ]
        .concat(),
        make_up_days: [
            "2026-01-04",
            "2026-02-14",
            "2026-02-28",
            "2026-05-09",
            "2026-09-20",
            "2026-10-10",
        ]
        .iter()
        .map(|s| d(s))
        .collect(),
    }
}

/// Load the demo books; the number of payments added.
pub fn load(pool: &desk_platform::db::Pool, wait: std::time::Duration) -> anyhow::Result<usize> {
    let mut conn = pool.get()?;
    let group = demo::group_id();
    let today = desk_platform::local::Zone::default().date(Utc::now());
    let this_month = today.with_day(1).unwrap_or(today);
    let mut added = 0;
    for (code, rate, pays) in HABITS {
        let estate = demo::estate_id(code);
        let by = demo::id("staff", &format!("{}.manager", code.to_lowercase()));
        let cashier = demo::id("staff", &format!("{}.cashier", code.to_lowercase()));
        // The units arrive from the registry's events; wait until they stop arriving.
        let deadline = std::time::Instant::now() + wait;
        let mut units: Vec<String> = Vec::new();
        let mut steady = 0;
        while std::time::Instant::now() < deadline && steady < 4 {
            use crate::db::schema::unit_accounts;
            let now: Vec<String> = unit_accounts::table
                .filter(unit_accounts::group_id.eq(group))
                .filter(unit_accounts::estate_id.eq(estate))
                .order(unit_accounts::unit_label.asc())
                .select(unit_accounts::unit_label)
                .load(&mut conn)?;
            steady = if !now.is_empty() && now.len() == units.len() {
                steady + 1
            } else {
                0
            };
            units = now;
            std::thread::sleep(std::time::Duration::from_millis(500));
        }
        if units.is_empty() {
            anyhow::bail!("no units of {code} reached billing; is the registry loaded?");
        }
        conn.transaction::<_, anyhow::Error, _>(|conn| {
            // Another loader at work on the estate (a second replica, a restart) finishes
            // first; its payments are then there and this one takes none.
            fees::lock_job_of_estate(conn, "demo", estate)?;
            let already: i64 = {
                use crate::db::schema::payments;
                payments::table
                    .filter(payments::group_id.eq(group))
                    .filter(payments::estate_id.eq(estate))
                    .count()
                    .get_result(conn)?
            };
            fees::save_schedule(conn, group, estate, rate, &items(), by)?;
            crate::db::drawer::save_calendar(
                conn,
                group,
                estate,
                &calendar_2026(),
                by,
                Utc::now(),
            )?;
            let monthly: Vec<FeeItem> = items()
                .into_iter()
                .filter(|i| i.kind == ItemKind::Monthly)
                .collect();
            for back in (0..6).rev() {
                let first = this_month - Months::new(back);
                fees::run_month(
                    conn,
                    group,
                    estate,
                    (&first.format("%Y-%m").to_string(), Utc::now()),
                    rate,
                    &monthly,
                )?;
            }
            if already > 0 {
                return Ok(());
            }
            // Each unit pays the month's bill on some day of the month, or not.
            for back in (0..6).rev() {
                let month = this_month - Months::new(back);
                for unit in &units {
                    let roll = demo::dice(&[code, unit, &month.to_string()]);
                    if roll % 100 >= pays {
                        continue;
                    }
                    let owed: i64 = crate::db::ledger::lock_open_by_group_estate_unit(
                        conn, group, estate, unit,
                    )?
                    .iter()
                    .filter(|c| c.period.as_str() <= month.format("%Y-%m").to_string().as_str())
                    .map(|c| c.amount_fen - c.paid_fen)
                    .sum();
                    if owed <= 0 {
                        continue;
                    }
                    let at = desk_platform::local::Zone::default()
                        .day_start(month + Duration::days((roll % 25) as i64))
                        + Duration::hours(1 + (roll % 8) as i64);
                    // This month's payers who have not come yet.
                    if at > Utc::now() {
                        continue;
                    }
                    let method = ["wechat", "alipay", "cash", "bank_transfer", "card"]
                        [(roll / 100 % 5) as usize];
                    book::take_payment(
                        conn,
                        Payment {
                            group_id: group,
                            estate_id: estate,
                            unit_label: unit.clone(),
                            method: method.into(),
                            amount_fen: owed,
                            charge_ids: vec![],
                            taken_by: cashier,
                            session_id: None,
                            correlation_id: Uuid::now_v7(),
                            actor_kind: "staff",
                            idempotency_key: None,
                        },
                        at,
                    )
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                    added += 1;
                }
            }
            Ok(())
        })?;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_calendar_knows_national_day() {
        let cal = super::calendar_2026();
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        assert!(!cal.is_working(d("2026-10-05")));
        assert!(cal.is_working(d("2026-10-10")));
        assert_ne!(
            desk_platform::demo::dice(&["SUN", "1-1-101"]),
            desk_platform::demo::dice(&["SUN", "1-1-102"])
        );
    }
}
