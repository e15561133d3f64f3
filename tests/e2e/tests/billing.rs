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
    // Logged as a paid service, it is a paid repair (有偿维修), charged at completion.
    let (status, _) = p
        .post(
            &desk,
            &format!("{repairs}/work-orders/{id}/kind"),
            &json!({"kind": "paid_repair", "reason": "更换配件属有偿维修"}),
        )
        .await?;
    assert_eq!(status, 200);
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
    desk_e2e::repairs_has_the_units(&p, sun).await?;
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
    assert_eq!(receipt["prints"], 0);
    let (status, printed) = p
        .post(
            &cashier,
            &format!(
                "{billing}/payments/{}/prints",
                second["payment_id"].as_str().unwrap_or_default()
            ),
            &json!({}),
        )
        .await?;
    assert_eq!(
        (status, printed["copy"].as_bool()),
        (200, Some(false)),
        "the receipt prints as the original"
    );
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

    // The WeChat payment was a mistake: reversed with approval, the order owes 50.00 again.
    let second_id = second["payment_id"].as_str().unwrap_or_default();
    let (status, _) = p
        .post(
            &cashier,
            &format!("{billing}/payments/{second_id}/reversal"),
            &json!({"reason": "重复扣款"}),
        )
        .await?;
    assert_eq!(status, 201);
    let (status, _) = p
        .post(
            &supervisor,
            &format!("{billing}/payments/{second_id}/reversal/decision"),
            &json!({"decision": "approve"}),
        )
        .await?;
    assert_eq!(status, 200);
    let unsettled = eventually(WAIT, || async {
        let (_, b) = p
            .get(&supervisor, &format!("{repairs}/work-orders/{id}"))
            .await?;
        Ok((b["details"]["paid_fen"] == 3000).then_some(b))
    })
    .await?;
    assert!(unsettled["details"]["settled_at"].is_null(), "{unsettled}");
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

    // The estate's items: a monthly fixed item joins the next run; the desk charges a meeting
    // room by the hour and a top-up bought on the resident's behalf.
    let res = p
        .http
        .put(p.url(&format!("{billing}/fee-schedule")))
        .bearer_auth(&manager)
        .json(&json!({"management_fen_per_m2": 250, "items": [
            {"code": "garbage", "name": "垃圾清运费", "kind": "monthly", "price_fen": 1000},
            {"code": "meeting_room", "name": "会议室", "kind": "per_hour", "price_fen": 5000},
            {"code": "power", "name": "代购电", "kind": "top_up", "price_fen": 0}
        ]}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    let (_, run) = p
        .post(
            &manager,
            &format!("{billing}/management-fees"),
            &json!({"month": "2026-11"}),
        )
        .await?;
    assert_eq!(
        run["charged"], 48,
        "the new monthly item, once per unit; the fee not again"
    );
    let (status, room) = p
        .post(&cashier, &format!("{billing}/charges"), &json!({"unit_label": label, "item_code": "meeting_room", "quantity": 3, "note": "业委会"}))
        .await?;
    assert_eq!(
        (status, room["amount_fen"].as_i64()),
        (201, Some(15_000)),
        "{room}"
    );
    let (status, power) = p
        .post(
            &cashier,
            &format!("{billing}/charges"),
            &json!({"unit_label": label, "item_code": "power", "amount_fen": 20_000}),
        )
        .await?;
    assert_eq!(
        (status, power["amount_fen"].as_i64()),
        (201, Some(20_000)),
        "{power}"
    );
    let (status, bad) = p
        .post(
            &cashier,
            &format!("{billing}/charges"),
            &json!({"unit_label": label, "item_code": "power"}),
        )
        .await?;
    assert_eq!(
        (status, bad["code"].as_str()),
        (422, Some("validation_failed"))
    );
    let (status, _) = p
        .post(
            &cashier,
            &format!("{billing}/charges"),
            &json!({"unit_label": "99-9-999", "item_code": "meeting_room"}),
        )
        .await?;
    assert_eq!(status, 404, "no such unit");
    let (_, charges) = p
        .get(&cashier, &format!("{billing}/charges?unit_label={label}"))
        .await?;
    assert_eq!(
        charges["owed_fen"].as_i64(),
        Some(expected + 1000 + 15_000 + 20_000)
    );
    let (_, month) = p
        .get(
            &manager,
            &format!("{billing}/reports/monthly?month=2026-11"),
        )
        .await?;
    let kinds: Vec<&str> = month["by_kind"]
        .as_array()
        .map(|a| a.iter().filter_map(|k| k["source"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        kinds.contains(&"fixed") && kinds.contains(&"management_fee"),
        "{month}"
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
    let supervisor = p.login("sun.supervisor").await?;
    let units = ["1-1-101", "1-1-102", "2-1-201", "3-1-602"];
    let mut rng = Lcg(20261124);
    let mut paid_total = 0i64;
    let mut reversed_total = 0i64;
    let mut taken: Vec<(String, i64)> = Vec::new();
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
            let (status, body) = p
                .post(
                    &cashier,
                    &format!("{billing}/payments"),
                    &json!({"unit_label": unit, "method": method, "amount_fen": amount}),
                )
                .await?;
            if amount <= owed {
                assert_eq!(status, 201);
                paid_total += amount;
                taken.push((
                    body["payment_id"].as_str().unwrap_or_default().to_string(),
                    amount,
                ));
            } else {
                assert_eq!(status, 422);
            }
            // Now and then a payment taken in error is reversed: asked for, then approved.
            if rng.next(4) == 0 && !taken.is_empty() {
                let (id, fen) = taken.swap_remove(rng.next(taken.len() as u64) as usize);
                let (status, _) = p
                    .post(
                        &cashier,
                        &format!("{billing}/payments/{id}/reversal"),
                        &json!({"reason": "收错房号"}),
                    )
                    .await?;
                assert_eq!(status, 201);
                let (status, _) = p
                    .post(
                        &supervisor,
                        &format!("{billing}/payments/{id}/reversal/decision"),
                        &json!({"decision": "approve"}),
                    )
                    .await?;
                assert_eq!(status, 200);
                reversed_total += fen;
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
    let reversed = p.db.count(
        "SELECT coalesce(sum(amount_fen), 0)::bigint AS n FROM billing.reversals WHERE status = 'approved'",
    )?;
    assert_eq!(paid, paid_total);
    assert_eq!(reversed, reversed_total);
    assert!(reversed > 0, "the history reversed some payments");
    assert_eq!(
        charged,
        paid - reversed + owed,
        "charges = payments − reversals + arrears"
    );
    assert_eq!(
        p.db.count("SELECT coalesce(sum(amount_fen), 0)::bigint AS n FROM billing.allocations")?,
        paid
    );
    assert_eq!(
        p.db.count("SELECT count(*) AS n FROM billing.charges c WHERE paid_fen <> (SELECT coalesce(sum(a.amount_fen), 0) FROM billing.allocations a WHERE a.charge_id = c.charge_id AND NOT EXISTS (SELECT 1 FROM billing.reversals r WHERE r.payment_id = a.payment_id AND r.status = 'approved'))")?,
        0,
        "every charge's paid amount is what its standing allocations say"
    );
    // The month's figures kept as the books were written agree with the books.
    assert_eq!(
        p.db.count("SELECT count(*) AS n FROM (SELECT period, sum(amount_fen) AS c, sum(paid_fen) AS p, count(*) AS k FROM billing.charges GROUP BY period) t FULL JOIN billing.period_stats s USING (period) WHERE t.c IS DISTINCT FROM s.charged_fen OR t.p IS DISTINCT FROM s.collected_fen OR t.k IS DISTINCT FROM s.charges")?,
        0,
        "the monthly figures match the charges"
    );
    // The collection rate the managers read is collected over charged for the month.
    let (status, stats) = p
        .get(&manager, "/api/v1/billing/stats?month=2026-11")
        .await?;
    assert_eq!(status, 200, "{stats}");
    let row = &stats["items"][0];
    let (c, k) = (
        row["charged_fen"].as_i64().unwrap_or(0),
        row["collected_fen"].as_i64().unwrap_or(0),
    );
    assert!(c > 0);
    assert_eq!(row["collection_rate_bp"].as_i64(), Some(k * 10_000 / c));
    assert_eq!(
        row["arrears_fen"].as_i64(),
        Some(owed),
        "arrears to date are everything still owed"
    );
    let (_, arrears) = p
        .get(&manager, &format!("{billing}/reports/arrears"))
        .await?;
    assert_eq!(arrears["owed_fen"].as_i64(), Some(owed));
    // Receipts are numbered without gaps.
    assert_eq!(
        p.db.count("SELECT count(*) AS n FROM billing.payments")?,
        p.db.count("SELECT coalesce(max(split_part(receipt_no, '-', 3)::int), 0)::bigint AS n FROM billing.payments")?
    );
    p.stop().await;
    Ok(())
}

/// A unit's management fee for November, ready to pay: the fee schedule set, the accounts in,
/// the month run.
async fn november_fees(
    p: &Platform,
    manager: &str,
    cashier: &str,
    billing: &str,
) -> anyhow::Result<()> {
    let res = p
        .http
        .put(p.url(&format!("{billing}/fee-schedule")))
        .bearer_auth(manager)
        .json(&json!({"management_fen_per_m2": 250}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    eventually(WAIT, || async {
        let (_, b) = p
            .get(cashier, &format!("{billing}/accounts?limit=500"))
            .await?;
        Ok((b["items"].as_array().map(|a| a.len()) == Some(48)).then_some(()))
    })
    .await?;
    let (status, _) = p
        .post(
            manager,
            &format!("{billing}/management-fees"),
            &json!({"month": "2026-11"}),
        )
        .await?;
    assert_eq!(status, 200);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_payment_taken_in_error_is_reversed_with_a_supervisors_approval() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let manager = p.login("sun.manager").await?;
    let cashier = p.login("sun.cashier").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let billing = format!("/api/v1/billing/estates/{sun}");
    november_fees(&p, &manager, &cashier, &billing).await?;
    let (_, before) = p
        .get(&cashier, &format!("{billing}/charges?unit_label=1-1-101"))
        .await?;
    let owed = before["owed_fen"].as_i64().unwrap_or(0);
    assert!(owed > 0);

    let (_, session) = p
        .post(
            &cashier,
            &format!("{billing}/cash-sessions"),
            &json!({"opening_float_fen": 10000}),
        )
        .await?;
    let session_id = session["session_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (_, current) = p
        .get(&cashier, &format!("{billing}/cash-sessions/current"))
        .await?;
    assert_eq!(current["session_id"], session_id.as_str());
    // A double click sends the payment twice with one Idempotency-Key: it is taken once.
    let mut answers = Vec::new();
    for _ in 0..2 {
        let res = p
            .http
            .post(p.url(&format!("{billing}/payments")))
            .bearer_auth(&cashier)
            .header("Idempotency-Key", "pay-1-1-101-once")
            .json(&json!({"unit_label": "1-1-101", "method": "cash", "amount_fen": owed}))
            .send()
            .await?;
        answers.push((
            res.status().as_u16(),
            res.json::<serde_json::Value>().await?,
        ));
    }
    let (status, paid) = answers.remove(0);
    assert_eq!(status, 201, "{paid}");
    assert_eq!(answers[0].0, 200, "the retry finds the first payment");
    assert_eq!(answers[0].1["payment_id"], paid["payment_id"]);
    assert_eq!(answers[0].1["receipt_no"], paid["receipt_no"]);
    let pay_id = paid["payment_id"].as_str().unwrap_or_default().to_string();

    // The first print is the original, the next ones copies.
    let (_, first) = p
        .post(
            &cashier,
            &format!("{billing}/payments/{pay_id}/prints"),
            &json!({}),
        )
        .await?;
    let (_, second) = p
        .post(
            &cashier,
            &format!("{billing}/payments/{pay_id}/prints"),
            &json!({}),
        )
        .await?;
    assert_eq!(
        (first["copy"].as_bool(), second["copy"].as_bool()),
        (Some(false), Some(true))
    );

    // The payment is never edited: a reversal is asked for with a reason, and decided by a
    // supervisor — not by the cashier, and not by whoever asked.
    let (status, body) = p
        .post(
            &cashier,
            &format!("{billing}/payments/{pay_id}/reversal"),
            &json!({"reason": "x"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("validation_failed")),
        "{body}"
    );
    let (status, _) = p
        .post(
            &cashier,
            &format!("{billing}/payments/{pay_id}/reversal"),
            &json!({"reason": "收错房号,应为1-1-102"}),
        )
        .await?;
    assert_eq!(status, 201);
    let (status, _) = p
        .post(
            &cashier,
            &format!("{billing}/payments/{pay_id}/reversal/decision"),
            &json!({"decision": "approve"}),
        )
        .await?;
    assert_eq!(status, 403, "a cashier does not approve reversals");
    let (_, waiting) = p.get(&supervisor, &format!("{billing}/reversals")).await?;
    assert_eq!(waiting["items"][0]["payment_id"], pay_id.as_str());
    assert_eq!(waiting["items"][0]["unit_label"], "1-1-101");
    let (status, approved) = p
        .post(
            &supervisor,
            &format!("{billing}/payments/{pay_id}/reversal/decision"),
            &json!({"decision": "approve"}),
        )
        .await?;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(
        approved["session_id"],
        session_id.as_str(),
        "the cash goes back out of the open drawer"
    );
    let (status, body) = p
        .post(
            &supervisor,
            &format!("{billing}/payments/{pay_id}/reversal/decision"),
            &json!({"decision": "refuse"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("reversal_decided"))
    );

    // What it paid is owed again; the receipt shows the reversal; the day's list nets it out.
    let (_, after) = p
        .get(&cashier, &format!("{billing}/charges?unit_label=1-1-101"))
        .await?;
    assert_eq!(after["owed_fen"].as_i64(), Some(owed));
    let (_, receipt) = p
        .get(&cashier, &format!("{billing}/payments/{pay_id}"))
        .await?;
    assert_eq!(receipt["reversal"]["status"], "approved");
    assert_eq!(receipt["prints"], 2);
    let (_, day) = p.get(&supervisor, &format!("{billing}/payments")).await?;
    assert_eq!(day["summary"]["taken_fen"].as_i64(), Some(owed));
    assert_eq!(day["summary"]["net_fen"], 0);
    let csv = p
        .http
        .get(p.url(&format!("{billing}/receipts.csv")))
        .bearer_auth(&supervisor)
        .send()
        .await?;
    assert!(
        csv.headers()["content-type"]
            .to_str()?
            .starts_with("text/csv")
    );
    let text = csv.text().await?;
    assert!(
        text.contains(paid["receipt_no"].as_str().unwrap_or("?")) && text.contains("approved"),
        "{text}"
    );

    // Finance's calendar: with today and the next two days holidays, the takings are due at
    // 9:00 on the next working day, not at 17:00 today.
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let holidays: Vec<chrono::NaiveDate> =
        (0..3).map(|d| today + chrono::Duration::days(d)).collect();
    let res = p
        .http
        .put(p.url(&format!("{billing}/calendar")))
        .bearer_auth(&manager)
        .json(&json!({"holidays": holidays}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    let mut due_day = today + chrono::Duration::days(3);
    while matches!(
        chrono::Datelike::weekday(&due_day),
        chrono::Weekday::Sat | chrono::Weekday::Sun
    ) {
        due_day += chrono::Duration::days(1);
    }
    let due =
        (due_day.and_hms_opt(9, 0, 0).unwrap_or_default() - chrono::Duration::hours(8)).and_utc();

    // The drawer balances: the float only, the cash having gone back.
    let (status, closed) = p
        .post(
            &cashier,
            &format!("{billing}/cash-sessions/{session_id}/close"),
            &json!({"counted": {"cash": 10000}}),
        )
        .await?;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["expected"]["cash"], 10000);
    assert_eq!(closed["difference_fen"], 0);
    // The drawer's deadline was fixed when it opened: a later calendar does not move it...
    let (_, opened) = p
        .get(&cashier, &format!("{billing}/cash-sessions?day={today}"))
        .await?;
    assert!(
        opened["items"]
            .as_array()
            .is_some_and(|a| a.iter().any(|s| s["session_id"] == closed["session_id"]
                && s["hand_over_due"] == closed["hand_over_due"])),
        "{opened}"
    );
    // ...a drawer opened now owes its takings by 9:00 of the next working day.
    let (status, next) = p
        .post(&supervisor, &format!("{billing}/cash-sessions"), &json!({}))
        .await?;
    assert_eq!(status, 201, "{next}");
    let got: chrono::DateTime<chrono::Utc> =
        next["hand_over_due"].as_str().unwrap_or_default().parse()?;
    assert_eq!(got, due);
    p.stop().await;
    Ok(())
}

/// A resident's token for units of the demo group, as the gateway signs it at resident sign-in.
fn resident_token(p: &Platform, units: &[(&str, &str)]) -> String {
    let now = chrono::Utc::now().timestamp();
    let units: Vec<desk_auth::UnitRef> = units
        .iter()
        .map(|(e, u)| desk_auth::UnitRef {
            estate_id: estate(e),
            unit_label: u.to_string(),
        })
        .collect();
    let mut estates: Vec<uuid::Uuid> = units.iter().map(|u| u.estate_id).collect();
    estates.dedup();
    p.keys.signer.sign(&desk_auth::Claims {
        sub: uuid::Uuid::now_v7(),
        grp: desk_platform::demo::group_id(),
        roles: vec![desk_auth::Role::Resident],
        scope: desk_auth::EstateScope::Estates(estates),
        iat: now,
        exp: now + 3600,
        units,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_resident_sees_and_pays_only_their_own_charges() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let manager = p.login("sun.manager").await?;
    let cashier = p.login("sun.cashier").await?;
    let billing = format!("/api/v1/billing/estates/{sun}");
    november_fees(&p, &manager, &cashier, &billing).await?;
    let me = resident_token(&p, &[("SUN", "1-1-101")]);
    let neighbour = resident_token(&p, &[("SUN", "1-1-102")]);

    let (status, mine) = p.get(&me, "/api/v1/billing/resident/charges").await?;
    assert_eq!(status, 200, "{mine}");
    let items = mine["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty());
    assert!(items.iter().all(|c| c["unit_label"] == "1-1-101"), "{mine}");
    let owed = mine["owed_fen"].as_i64().unwrap_or(0);

    // Not the neighbour's unit, not a staff endpoint, not cash.
    let pay = |unit: &str, method: &str, fen: i64| json!({"estate_id": sun, "unit_label": unit, "method": method, "amount_fen": fen});
    let (status, _) = p
        .post(
            &me,
            "/api/v1/billing/resident/payments",
            &pay("1-1-102", "wechat", 100),
        )
        .await?;
    assert_eq!(status, 404);
    let (status, _) = p
        .get(&me, &format!("{billing}/charges?unit_label=1-1-101"))
        .await?;
    assert_eq!(status, 403, "a resident token opens no staff endpoint");
    let (status, _) = p
        .post(
            &me,
            "/api/v1/billing/resident/payments",
            &pay("1-1-101", "cash", 100),
        )
        .await?;
    assert_eq!(status, 422);

    // Paying online needs no drawer: recorded, numbered, and the charge is paid.
    let (status, paid) = p
        .post(
            &me,
            "/api/v1/billing/resident/payments",
            &pay("1-1-101", "alipay", owed),
        )
        .await?;
    assert_eq!(status, 201, "{paid}");
    assert!(paid["session_id"].is_null());
    let (_, after) = p.get(&me, "/api/v1/billing/resident/charges").await?;
    assert_eq!(after["owed_fen"], 0);
    let id = paid["payment_id"].as_str().unwrap_or_default();
    let (status, receipt) = p
        .get(
            &me,
            &format!("/api/v1/billing/resident/estates/{sun}/payments/{id}"),
        )
        .await?;
    assert_eq!(
        (status, receipt["payment"]["receipt_no"].clone()),
        (200, paid["receipt_no"].clone())
    );
    let (status, body) = p
        .get(
            &neighbour,
            &format!("/api/v1/billing/resident/estates/{sun}/payments/{id}"),
        )
        .await?;
    assert_eq!(status, 404, "the neighbour cannot open the receipt: {body}");
    assert!(body.get("payment").is_none());
    let (_, theirs) = p
        .get(&neighbour, "/api/v1/billing/resident/charges")
        .await?;
    assert!(
        theirs["owed_fen"].as_i64().unwrap_or(0) > 0,
        "the neighbour still owes theirs"
    );
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_demo_books_load_once_with_each_estates_own_collection_rate() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let pool = desk_platform::db::pool(&desk_platform::settings::DatabaseSettings {
        url: desk_platform::Secret::new(p.db.url_for("desk_billing")),
        pool_size: 1,
        connect_timeout_secs: 3,
    });
    let loader = pool.clone();
    let added = tokio::task::spawn_blocking(move || {
        desk_billing::demo::load(&loader, Duration::from_secs(60))
    })
    .await??;
    assert!(added > 50, "{added} payments");
    let again = tokio::task::spawn_blocking(move || {
        desk_billing::demo::load(&pool, Duration::from_secs(60))
    })
    .await??;
    assert_eq!(again, 0, "loading again adds nothing");

    let manager = p.login("sun.supervisor").await?;
    let last =
        (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive() - chrono::Months::new(1);
    let month = last.format("%Y-%m").to_string();
    let (status, stats) = p
        .get(&manager, &format!("/api/v1/billing/stats?month={month}"))
        .await?;
    assert_eq!(status, 200, "{stats}");
    let rates: Vec<i64> = stats["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["collection_rate_bp"].as_i64())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(rates.len(), 2, "the supervisor's two estates: {stats}");
    assert_ne!(rates[0], rates[1], "each estate pays in its own way");
    assert!(
        rates.iter().all(|r| (5_000..10_000).contains(r)),
        "{rates:?}"
    );
    // A month's fee is owed from its month, so units that skipped paying show older arrears.
    let lak = estate("LAK");
    let (_, arrears) = p
        .get(
            &manager,
            &format!("/api/v1/billing/estates/{lak}/reports/arrears"),
        )
        .await?;
    let a = &arrears["ageing"];
    let older: i64 = ["d31_60", "d61_90", "d91_180", "d180_plus"]
        .iter()
        .filter_map(|k| a[*k].as_i64())
        .sum();
    assert!(older > 0, "{arrears}");
    p.stop().await;
    Ok(())
}
