//! Demo work orders: six months of orders at each demo estate, each estate with its own habits
//! (阳光花园 punctual and well followed up, 华苑大厦 late and under the 60 % follow-up floor), so
//! that head office's ranking shows differing figures. Identifiers come from the estate, the
//! month and the order's number, so loading twice in a month changes nothing.

use crate::db::work_orders::WorkOrderRow;
use crate::domain::flow::follow_up_window;
use crate::domain::stats::month_of;
use crate::domain::work_order::order_no;
use chrono::{DateTime, Datelike, Duration, Months, Utc};
use uuid::Uuid;

/// How an estate's orders tend to go: shares of arrivals on time, of follow-ups made, of
/// satisfied residents, and the orders per month.
#[derive(Debug, Clone, Copy)]
pub struct Habits {
    pub on_time: f64,
    pub followed_up: f64,
    pub satisfied: f64,
    pub per_month: u32,
}

/// The demo estates' habits, by estate code.
pub fn habits(code: &str) -> Habits {
    match code {
        "SUN" => Habits {
            on_time: 0.92,
            followed_up: 0.85,
            satisfied: 0.93,
            per_month: 14,
        },
        "LAK" => Habits {
            on_time: 0.75,
            followed_up: 0.68,
            satisfied: 0.8,
            per_month: 10,
        },
        _ => Habits {
            on_time: 0.55,
            followed_up: 0.45,
            satisfied: 0.62,
            per_month: 8,
        },
    }
}

const PROBLEMS: [&str; 6] = [
    "厨房水龙头漏水",
    "卫生间下水道堵塞",
    "客厅灯不亮",
    "门锁损坏",
    "空调不制冷",
    "阳台推拉门卡住",
];
const NAMES: [&str; 5] = ["李女士", "王先生", "张女士", "刘先生", "陈女士"];

/// A number in [0, 1) drawn from an identifier.
fn draw(id: Uuid, salt: u32) -> f64 {
    let bits = id.as_u128().rotate_left(salt * 17) as u64;
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// The demo orders of one estate over the six months up to `now`, with `technician` doing the
/// work. Orders of the last two days are still waiting for a technician.
pub fn orders(
    group_id: Uuid,
    estate_id: Uuid,
    code: &str,
    technician: Uuid,
    reported_by: Uuid,
    now: DateTime<Utc>,
) -> Vec<WorkOrderRow> {
    let h = habits(code);
    let this_month = month_of(super::default_zone(), now);
    let mut out = Vec::new();
    for back in 0..6u32 {
        let month = this_month
            .checked_sub_months(Months::new(back))
            .unwrap_or(this_month);
        let count = h.per_month + (back * 3 + u32::from(code.as_bytes()[0])) % 5;
        for i in 0..count {
            let name = format!("{code}/{}/{i}", month.format("%Y-%m"));
            let id = desk_platform::demo::id("work_order", &name);
            // Spread over the month's days, 9:00 to 17:00 in Beijing.
            let day = (draw(id, 1) * 28.0) as u32;
            let hour = 9 + (draw(id, 2) * 8.0) as i64;
            let Some(created_at) = month
                .with_day(1 + day)
                .map(|d| super::default_zone().day_start(d) + Duration::hours(hour))
            else {
                continue;
            };
            if created_at >= now {
                continue;
            }
            let kind = if i % 5 == 4 { "paid_repair" } else { "repair" };
            let mut row = WorkOrderRow {
                group_id,
                estate_id,
                work_order_id: id,
                order_no: order_no(id, super::default_zone(), created_at),
                intake_id: None,
                kind: kind.to_string(),
                status: "awaiting_dispatch".to_string(),
                contact_name: Some(NAMES[i as usize % NAMES.len()].to_string()),
                contact_phone: None,
                unit_label: Some(format!(
                    "{}-{}-{}0{}",
                    1 + i % 3,
                    1 + i % 2,
                    1 + i % 9,
                    1 + i % 4
                )),
                problem: PROBLEMS[i as usize % PROBLEMS.len()].to_string(),
                reported_by,
                version: 1,
                created_at,
                updated_at: created_at,
                skill: None,
                technician_id: None,
                appointment_start: None,
                appointment_end: None,
                dispatched_at: None,
                started_at: None,
                completed_at: None,
                fee_fen: 0,
                follow_up_due: None,
                overall_rating: None,
                closed_at: None,
                needs_callback: false,
                callback_due: None,
                details: serde_json::json!({ "demo": true }),
            };
            if now - created_at < Duration::days(2) {
                out.push(row);
                continue;
            }
            let window = created_at + Duration::hours(2);
            row.appointment_start = Some(window);
            row.appointment_end = Some(window + Duration::hours(2));
            row.technician_id = Some(technician);
            row.dispatched_at = Some(created_at + Duration::minutes(20));
            let started = if draw(id, 3) < h.on_time {
                window + Duration::minutes(30)
            } else {
                window + Duration::hours(5)
            };
            let completed = started + Duration::minutes(40 + (draw(id, 4) * 120.0) as i64);
            row.started_at = Some(started);
            row.completed_at = Some(completed);
            row.status = "completed".to_string();
            row.follow_up_due = Some(follow_up_window(super::default_zone(), completed).1);
            let mut details = serde_json::json!({
                "demo": true,
                "work_done": "已修复",
                "signoff": { "name": row.contact_name, "at": completed },
            });
            if kind == "paid_repair" {
                row.fee_fen = 3000 + 1000 * i64::from(i % 7);
                details["fee_items"] =
                    serde_json::json!([{ "name": "材料及人工", "amount_fen": row.fee_fen }]);
                if draw(id, 5) < 0.85 {
                    details["paid_fen"] = serde_json::json!(row.fee_fen);
                    details["settled_at"] = serde_json::json!(completed + Duration::hours(1));
                }
            }
            let visit = completed + Duration::days(1);
            if visit < now && draw(id, 6) < h.followed_up {
                let overall = if draw(id, 7) < h.satisfied {
                    4 + i32::from(draw(id, 8) < 0.6)
                } else {
                    2
                };
                details["follow_up"] = serde_json::json!({
                    "at": visit, "punctuality": overall, "quality": overall, "fee_fair": 4, "attitude": 5,
                    "overall": overall, "repaired": overall >= 3, "told_via": "phone"
                });
                row.overall_rating = Some(overall);
                if overall >= 3 {
                    row.status = "closed".to_string();
                    row.closed_at = Some(visit);
                } else {
                    row.status = "reopened".to_string();
                    row.completed_at = None;
                    row.technician_id = None;
                    details["reopen_count"] = serde_json::json!(1);
                }
            }
            row.details = details;
            row.updated_at = row.closed_at.or(row.completed_at).unwrap_or(completed);
            out.push(row);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::estate_stats::facts;
    use crate::domain::stats::{ESTATE, contributions};

    fn rates(code: &str, now: DateTime<Utc>) -> (f64, f64) {
        let rows = orders(
            Uuid::nil(),
            Uuid::nil(),
            code,
            Uuid::nil(),
            Uuid::nil(),
            now,
        );
        let (mut on_time, mut appointed, mut done, mut visited) = (0, 0, 0, 0);
        for r in &rows {
            for (l, c) in contributions(&facts(r, crate::domain::default_zone())) {
                if l.dim == ESTATE {
                    on_time += c.arrived_on_time;
                    appointed += c.with_appointment;
                    done += c.done;
                    visited += c.done_followed_up;
                }
            }
        }
        (
            f64::from(on_time) / f64::from(appointed),
            f64::from(visited) / f64::from(done),
        )
    }

    #[test]
    fn the_estates_differ_and_loading_twice_gives_the_same_orders() {
        let now = DateTime::parse_from_rfc3339("2026-11-24T06:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default();
        let (sun, twr) = (rates("SUN", now), rates("TWR", now));
        assert!(sun.0 > twr.0 && sun.1 > twr.1, "{sun:?} {twr:?}");
        assert!(
            twr.1 < 0.6,
            "华苑大厦 is under the follow-up floor: {twr:?}"
        );
        let a = orders(
            Uuid::nil(),
            Uuid::nil(),
            "LAK",
            Uuid::nil(),
            Uuid::nil(),
            now,
        );
        let b = orders(
            Uuid::nil(),
            Uuid::nil(),
            "LAK",
            Uuid::nil(),
            Uuid::nil(),
            now,
        );
        assert_eq!(
            a.iter().map(|r| r.work_order_id).collect::<Vec<_>>(),
            b.iter().map(|r| r.work_order_id).collect::<Vec<_>>()
        );
        assert!(a.iter().all(|r| r.created_at < now));
        assert!(
            a.iter()
                .any(|r| r.status == "awaiting_dispatch" || r.status == "closed")
        );
    }
}
