//! Paid work through to the cash desk: a completed special service becomes a charge on the unit,
//! the cashier takes the payment against it with a numbered receipt, and the work order is
//! settled by the payment's event.

use desk_e2e::{Platform, estate, eventually};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn paid_work_is_charged_paid_at_the_desk_and_settled() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let tech = p.login("sun.tech").await?;
    let cashier = p.login("sun.cashier").await?;
    let tech_id = desk_platform::demo::id("staff", "sun.tech");
    let repairs = format!("/api/v1/repairs/estates/{sun}");
    let billing = format!("/api/v1/billing/estates/{sun}");
    let res = p
        .http
        .put(p.url(&format!("{repairs}/technicians/{tech_id}")))
        .bearer_auth(&supervisor)
        .json(&json!({"name": "赵强"}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);

    let (_, intake) = p
        .post(&desk, &format!("/api/v1/reception/estates/{sun}/intakes"), &json!({
            "channel": "phone", "category": "paid_service", "caller": {"unit_label": "4-1-602", "phone": "13600009999"}, "request": "更换卫生间水箱配件"
        }))
        .await?;
    let intake_id = intake["intake_id"].as_str().unwrap_or_default().to_string();
    let order = eventually(WAIT, || async {
        let (_, b) = p
            .get(
                &desk,
                &format!("{repairs}/work-orders?intake_id={intake_id}"),
            )
            .await?;
        Ok(b["items"].as_array().and_then(|a| a.first().cloned()))
    })
    .await?;
    let id = order["work_order_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    p.post(
        &desk,
        &format!("{repairs}/work-orders/{id}/dispatch"),
        &json!({"technician_id": tech_id}),
    )
    .await?;
    p.post(
        &tech,
        &format!("{repairs}/work-orders/{id}/accept"),
        &json!({}),
    )
    .await?;
    p.post(
        &tech,
        &format!("{repairs}/work-orders/{id}/start"),
        &json!({}),
    )
    .await?;
    let (status, _) = p
        .post(&tech, &format!("{repairs}/work-orders/{id}/complete"), &json!({
            "work_done": "更换进水阀", "fee_fen": 8000, "items": [{"name": "进水阀", "amount_fen": 5000}, {"name": "人工", "amount_fen": 3000}], "signoff_name": "住户"
        }))
        .await?;
    assert_eq!(status, 200);

    // The charge reaches the unit's account once.
    let charges = eventually(WAIT, || async {
        let (_, b) = p
            .get(&cashier, &format!("{billing}/charges?unit_label=4-1-602"))
            .await?;
        Ok((b["owed_fen"] == 8000).then_some(b))
    })
    .await?;
    assert_eq!(charges["items"][0]["description"], "进水阀、人工");
    assert_eq!(charges["owed_yuan"], "80.00");

    // No drawer, no payment; then the cashier opens the drawer with 200.00 of change.
    let (status, body) = p
        .post(
            &cashier,
            &format!("{billing}/payments"),
            &json!({"unit_label": "4-1-602", "method": "cash", "amount_fen": 1000}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("drawer_not_open"))
    );
    let (status, session) = p
        .post(
            &cashier,
            &format!("{billing}/cash-sessions"),
            &json!({"opening_float_fen": 20000}),
        )
        .await?;
    assert_eq!(status, 201, "{session}");
    let (status, body) = p
        .post(&cashier, &format!("{billing}/cash-sessions"), &json!({}))
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("drawer_already_open"))
    );
    let session_id = session["session_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    // The cashier cannot take more than is owed; then takes it in two payments.
    let (status, body) = p
        .post(
            &cashier,
            &format!("{billing}/payments"),
            &json!({"unit_label": "4-1-602", "method": "wechat", "amount_fen": 9000}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("amount_exceeds_owed"))
    );
    let (status, first) = p
        .post(
            &cashier,
            &format!("{billing}/payments"),
            &json!({"unit_label": "4-1-602", "method": "cash", "amount_fen": 3000}),
        )
        .await?;
    assert_eq!(status, 201, "{first}");
    let (status, second) = p
        .post(
            &cashier,
            &format!("{billing}/payments"),
            &json!({"unit_label": "4-1-602", "method": "wechat", "amount_fen": 5000}),
        )
        .await?;
    assert_eq!(status, 201, "{second}");
    let n = |r: &serde_json::Value| {
        r["receipt_no"]
            .as_str()
            .and_then(|s| s.rsplit('-').next())
            .and_then(|s| s.parse::<i32>().ok())
            .unwrap_or(0)
    };
    assert_eq!(n(&second), n(&first) + 1, "receipt numbers have no gaps");
    let (_, receipt) = p
        .get(
            &cashier,
            &format!(
                "{billing}/payments/{}",
                second["payment_id"].as_str().unwrap_or_default()
            ),
        )
        .await?;
    assert_eq!(receipt["amount_yuan"], "50.00");
    assert_eq!(receipt["lines"][0]["source_id"], id.as_str());
    let (_, after) = p
        .get(&cashier, &format!("{billing}/charges?unit_label=4-1-602"))
        .await?;
    assert_eq!(after["owed_fen"], 0);

    // The drawer closes 0.50 short in cash; the takings go to finance.
    let (status, closed) = p
        .post(
            &cashier,
            &format!("{billing}/cash-sessions/{session_id}/close"),
            &json!({"counted": {"cash": 22950, "wechat": 5000}}),
        )
        .await?;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(
        closed["expected"]["cash"], 23000,
        "the float and the cash taken"
    );
    assert_eq!(closed["difference_fen"], -50);
    assert!(closed["hand_over_due"].is_string());
    let (status, handed) = p
        .post(
            &cashier,
            &format!("{billing}/cash-sessions/{session_id}/hand-over"),
            &json!({}),
        )
        .await?;
    assert_eq!(status, 200, "{handed}");
    assert!(handed["handed_over_late"].is_boolean());
    let (status, body) = p
        .post(
            &cashier,
            &format!("{billing}/cash-sessions/{session_id}/hand-over"),
            &json!({}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("already_handed_over"))
    );

    // Fully paid: the work order is settled by billing's events.
    let settled = eventually(WAIT, || async {
        let (_, b) = p
            .get(&supervisor, &format!("{repairs}/work-orders/{id}"))
            .await?;
        Ok(b["details"]["settled_at"].is_string().then_some(b))
    })
    .await?;
    assert_eq!(settled["details"]["paid_fen"], 8000);
    assert_eq!(p.db.count("SELECT count(*) AS n FROM billing.charges")?, 1);
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_monthly_management_fee_is_charged_once_per_unit() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let manager = p.login("sun.manager").await?;
    let cashier = p.login("sun.cashier").await?;
    let billing = format!("/api/v1/billing/estates/{sun}");
    let (status, body) = p
        .post(
            &manager,
            &format!("{billing}/management-fees"),
            &json!({"month": "2026-11"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("no_fee_schedule"))
    );
    let res = p
        .http
        .put(p.url(&format!("{billing}/fee-schedule")))
        .bearer_auth(&manager)
        .json(&json!({"management_fen_per_m2": 250}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    // Every demo unit has its account once the registry's events are in.
    let accounts = eventually(WAIT, || async {
        let (_, b) = p
            .get(&cashier, &format!("{billing}/accounts?limit=500"))
            .await?;
        Ok((b["items"].as_array().map(|a| a.len()) == Some(48)).then_some(b))
    })
    .await?;
    let (status, run) = p
        .post(
            &manager,
            &format!("{billing}/management-fees"),
            &json!({"month": "2026-11"}),
        )
        .await?;
    assert_eq!(status, 200, "{run}");
    assert_eq!(run["charged"], 48);
    let (_, again) = p
        .post(
            &manager,
            &format!("{billing}/management-fees"),
            &json!({"month": "2026-11"}),
        )
        .await?;
    assert_eq!(
        again["charged"], 0,
        "running the month again charges nobody twice"
    );
    let first = &accounts["items"][0];
    let label = first["unit_label"].as_str().unwrap_or_default();
    let area: f64 = first["area_m2"].as_str().unwrap_or("0").parse()?;
    let (_, charges) = p
        .get(&cashier, &format!("{billing}/charges?unit_label={label}"))
        .await?;
    let expected = (area * 250.0).round() as i64;
    assert_eq!(
        charges["owed_fen"].as_i64(),
        Some(expected),
        "area × rate, to the fen"
    );
    p.stop().await;
    Ok(())
}

/// A small deterministic generator, so a failing history can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_history_balances_charges_against_payments_and_arrears() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let manager = p.login("sun.manager").await?;
    let cashier = p.login("sun.cashier").await?;
    let billing = format!("/api/v1/billing/estates/{sun}");
    let res = p
        .http
        .put(p.url(&format!("{billing}/fee-schedule")))
        .bearer_auth(&manager)
        .json(&json!({"management_fen_per_m2": 333}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    eventually(WAIT, || async {
        let (_, b) = p
            .get(&cashier, &format!("{billing}/accounts?limit=500"))
            .await?;
        Ok((b["items"].as_array().map(|a| a.len()) == Some(48)).then_some(()))
    })
    .await?;
    p.post(&cashier, &format!("{billing}/cash-sessions"), &json!({}))
        .await?;
    let units = ["1-1-101", "1-1-102", "2-1-201", "3-1-602"];
    let mut rng = Lcg(20261124);
    let mut paid_total = 0i64;
    for (month, m) in ["2026-08", "2026-09", "2026-10", "2026-11"].iter().zip(0..) {
        let (status, _) = p
            .post(
                &manager,
                &format!("{billing}/management-fees"),
                &json!({"month": month}),
            )
            .await?;
        assert_eq!(status, 200);
        for _ in 0..(6 + m) {
            let unit = units[rng.next(units.len() as u64) as usize];
            let (_, owed) = p
                .get(&cashier, &format!("{billing}/charges?unit_label={unit}"))
                .await?;
            let owed = owed["owed_fen"].as_i64().unwrap_or(0);
            // Sometimes more than is owed (refused, nothing written), mostly a part of it.
            let amount = if rng.next(5) == 0 {
                owed + 1 + rng.next(500) as i64
            } else {
                1 + rng.next(owed.max(1) as u64) as i64
            };
            let method =
                ["cash", "card", "wechat", "alipay", "bank_transfer"][rng.next(5) as usize];
            let (status, _) = p
                .post(
                    &cashier,
                    &format!("{billing}/payments"),
                    &json!({"unit_label": unit, "method": method, "amount_fen": amount}),
                )
                .await?;
            if amount <= owed {
                assert_eq!(status, 201);
                paid_total += amount;
            } else {
                assert_eq!(status, 422);
            }
        }
    }
    // charges = payments + arrears, over the whole estate and for each unit; allocations add up.
    let charged =
        p.db.count("SELECT coalesce(sum(amount_fen), 0)::bigint AS n FROM billing.charges")?;
    let paid =
        p.db.count("SELECT coalesce(sum(amount_fen), 0)::bigint AS n FROM billing.payments")?;
    let owed = p.db.count(
        "SELECT coalesce(sum(amount_fen - paid_fen), 0)::bigint AS n FROM billing.charges",
    )?;
    assert_eq!(paid, paid_total);
    assert_eq!(charged, paid + owed, "charges = payments + arrears");
    assert_eq!(
        p.db.count("SELECT coalesce(sum(amount_fen), 0)::bigint AS n FROM billing.allocations")?,
        paid
    );
    assert_eq!(
        p.db.count("SELECT count(*) AS n FROM billing.charges c WHERE paid_fen <> (SELECT coalesce(sum(amount_fen), 0) FROM billing.allocations a WHERE a.charge_id = c.charge_id)")?,
        0,
        "every charge's paid amount is what its allocations say"
    );
    // Receipts are numbered without gaps.
    assert_eq!(
        p.db.count("SELECT count(*) AS n FROM billing.payments")?,
        p.db.count("SELECT coalesce(max(split_part(receipt_no, '-', 3)::int), 0)::bigint AS n FROM billing.payments")?
    );
    p.stop().await;
    Ok(())
}
