//! The cash rules as the seeds wrote them: a deposit goes back the way it was paid; a pass is
//! handed over only against finance's receipt, at the fees of the estate's schedule; each day's
//! takings are owed at finance by 17:00 (or 9:00 the next working day), late without anyone
//! acting, and confirmed by a second person; key deposits from outsiders pass the drawer.

use desk_e2e::{Platform, estate, eventually, unit_with};
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);
/// A well-formed sample resident ID (check digit computed, not a real person's).
const ID_NUMBER: &str = "11010519491231002X";

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// Issue a tenant pass for the unit's tenant; the pass as answered.
async fn tenant_pass(
    p: &Platform,
    desk: &str,
    estate_id: uuid::Uuid,
    unit: &str,
    tenant: &Value,
) -> anyhow::Result<Value> {
    let (status, pass) = p
        .post(
            desk,
            &format!("/api/v1/documents/estates/{estate_id}/passes"),
            &json!({
                "kind": "tenant", "unit_label": unit, "holder_name": tenant["name"],
                "holder_id_number": ID_NUMBER, "resident_id": tenant["resident_id"],
            }),
        )
        .await?;
    anyhow::ensure!(status == 201, "issue: {status} {pass}");
    Ok(pass)
}

/// Wait until the unit owes `fen` at billing.
async fn owes(
    p: &Platform,
    token: &str,
    billing: &str,
    unit: &str,
    fen: i64,
) -> anyhow::Result<Value> {
    eventually(WAIT, || async {
        let (_, b) = p
            .get(token, &format!("{billing}/charges?unit_label={unit}"))
            .await?;
        Ok((b["owed_fen"] == fen).then_some(b))
    })
    .await
}

/// The deposit of `pass_id` once it is in `status`.
async fn deposit_in(
    p: &Platform,
    token: &str,
    billing: &str,
    pass_id: &str,
    status: &str,
) -> anyhow::Result<Value> {
    eventually(WAIT, || async {
        let (_, b) = p.get(token, &format!("{billing}/deposits")).await?;
        Ok(b["items"].as_array().and_then(|a| {
            a.iter()
                .find(|d| d["pass_id"] == pass_id && d["status"] == status)
                .cloned()
        }))
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_deposit_paid_online_is_refunded_online_and_cash_comes_back_as_cash() -> anyhow::Result<()>
{
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let cashier = p.login("sun.cashier").await?;
    let billing = format!("/api/v1/billing/estates/{sun}");
    let passes = format!("/api/v1/documents/estates/{sun}/passes");
    let (unit, tenant) = unit_with(&p, &desk, sun, "rented", "tenant").await?;

    let (status, session) = p
        .post(
            &cashier,
            &format!("{billing}/cash-sessions"),
            &json!({"opening_float_fen": 0}),
        )
        .await?;
    assert_eq!(status, 201, "{session}");
    let session_id = s(&session["session_id"]);

    // One pass paid by WeChat Pay at the desk, one in cash.
    let online = tenant_pass(&p, &desk, sun, &unit, &tenant).await?;
    owes(&p, &cashier, &billing, &unit, 1500).await?;
    let (status, paid_online) = p
        .post(
            &cashier,
            &format!("{billing}/payments"),
            &json!({"unit_label": unit, "method": "wechat", "amount_fen": 1500}),
        )
        .await?;
    assert_eq!(status, 201, "{paid_online}");
    let cash = tenant_pass(&p, &desk, sun, &unit, &tenant).await?;
    owes(&p, &cashier, &billing, &unit, 1500).await?;
    let (status, paid_cash) = p
        .post(
            &cashier,
            &format!("{billing}/payments"),
            &json!({"unit_label": unit, "method": "cash", "amount_fen": 1500}),
        )
        .await?;
    assert_eq!(status, 201, "{paid_cash}");

    for pass in [&online, &cash] {
        let pass_id = s(&pass["pass_id"]);
        deposit_in(&p, &cashier, &billing, &pass_id, "held").await?;
        let (status, back) = p
            .post(&desk, &format!("{passes}/{pass_id}/return"), &json!({}))
            .await?;
        assert_eq!(status, 200, "{back}");
    }

    // Money that came by WeChat Pay never leaves the drawer as cash.
    let d = deposit_in(&p, &cashier, &billing, &s(&online["pass_id"]), "refund_due").await?;
    let refund = format!("{billing}/deposits/{}/refund", s(&d["deposit_id"]));
    let (status, body) = p
        .post(
            &cashier,
            &refund,
            &json!({"receipt_no": paid_online["receipt_no"], "method": "cash"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("refund_not_as_paid")),
        "{body}"
    );
    let (status, body) = p
        .post(
            &cashier,
            &refund,
            &json!({"receipt_no": paid_online["receipt_no"]}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["refund_method"], "wechat", "{body}");
    assert_eq!(body["refund_cash_fen"], 0, "{body}");
    assert_eq!(body["refund_session"], Value::Null, "{body}");

    // Cash taken comes back as cash, out of the drawer.
    let d = deposit_in(&p, &cashier, &billing, &s(&cash["pass_id"]), "refund_due").await?;
    let (status, body) = p
        .post(
            &cashier,
            &format!("{billing}/deposits/{}/refund", s(&d["deposit_id"])),
            &json!({"receipt_no": paid_cash["receipt_no"], "method": "cash"}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["refund_method"], "cash", "{body}");
    assert_eq!(body["refund_cash_fen"], 1000, "{body}");

    // The drawer expects 15 yuan cash in less 10 out, and all 15 by WeChat Pay.
    let (_, current) = p
        .get(&cashier, &format!("{billing}/cash-sessions/current"))
        .await?;
    assert_eq!(current["session_id"], session_id.as_str());
    assert_eq!(
        (
            current["takings"]["cash"].as_i64(),
            current["takings"]["wechat"].as_i64()
        ),
        (Some(500), Some(1500)),
        "{current}"
    );
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_days_takings_are_owed_at_its_deadline_whatever_the_drawer_does() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let cashier = p.login("sun.cashier").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let billing = format!("/api/v1/billing/estates/{sun}");
    let (unit, tenant) = unit_with(&p, &desk, sun, "rented", "tenant").await?;
    tenant_pass(&p, &desk, sun, &unit, &tenant).await?;
    owes(&p, &cashier, &billing, &unit, 1500).await?;

    let (status, session) = p
        .post(
            &cashier,
            &format!("{billing}/cash-sessions"),
            &json!({"opening_float_fen": 1000}),
        )
        .await?;
    assert_eq!(status, 201, "{session}");
    assert!(
        session["hand_over_due"].is_string(),
        "fixed at opening: {session}"
    );
    assert_eq!(session["late"], false);
    let session_id = s(&session["session_id"]);
    let (status, body_first) = p
        .post(
            &cashier,
            &format!("{billing}/payments"),
            &json!({"unit_label": unit, "method": "cash", "amount_fen": 500}),
        )
        .await?;
    assert_eq!(status, 201, "{body_first}");

    // Nobody closes the drawer; days go by. It is late without anyone acting...
    p.clock.advance_hours(100);
    let (status, late) = p
        .get(&supervisor, &format!("{billing}/cash-sessions/late"))
        .await?;
    assert_eq!(status, 200, "{late}");
    assert!(
        late["items"].as_array().is_some_and(|a| a
            .iter()
            .any(|s| s["session_id"] == session_id.as_str() && s["late"] == true)),
        "{late}"
    );
    // ...and it takes no other day's money.
    let (status, body) = p
        .post(
            &cashier,
            &format!("{billing}/payments"),
            &json!({"unit_label": unit, "method": "cash", "amount_fen": 500}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("drawer_past_hand_over")),
        "{body}"
    );

    // A reversal approved now pays nothing out of that drawer: its day is gone.
    let paid_id = s(&body_first["payment_id"]);
    let (status, asked) = p
        .post(
            &cashier,
            &format!("{billing}/payments/{paid_id}/reversal"),
            &json!({"reason": "收错户号"}),
        )
        .await?;
    assert_eq!(status, 201, "{asked}");
    let (status, approved) = p
        .post(
            &supervisor,
            &format!("{billing}/payments/{paid_id}/reversal/decision"),
            &json!({"decision": "approve"}),
        )
        .await?;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["session_id"], Value::Null, "{approved}");

    // Closed 50 fen short and handed over late.
    let (status, closed) = p
        .post(
            &cashier,
            &format!("{billing}/cash-sessions/{session_id}/close"),
            &json!({"counted": {"cash": 1450}}),
        )
        .await?;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["difference_fen"], -50);
    assert_eq!(
        closed["hand_over_due"], session["hand_over_due"],
        "closing does not move it"
    );
    let confirm = format!("{billing}/cash-sessions/{session_id}/confirm");
    let (status, body) = p.post(&supervisor, &confirm, &json!({})).await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("hand_over_not_received")),
        "{body}"
    );
    let (status, handed) = p
        .post(
            &cashier,
            &format!("{billing}/cash-sessions/{session_id}/hand-over"),
            &json!({}),
        )
        .await?;
    assert_eq!(status, 200, "{handed}");
    assert_eq!(
        (
            handed["handed_over_late"].as_bool(),
            handed["late"].as_bool()
        ),
        (Some(true), Some(true))
    );

    // Finance confirms: a second person, and the 50 fen short explained.
    let (status, body) = p.post(&supervisor, &confirm, &json!({})).await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("difference_unresolved")),
        "{body}"
    );
    let (status, confirmed) = p
        .post(
            &supervisor,
            &confirm,
            &json!({"resolution": "explained", "note": "找零多给 0.5 元"}),
        )
        .await?;
    assert_eq!(status, 200, "{confirmed}");
    assert_eq!(confirmed["resolution"], "explained");
    assert!(confirmed["confirmed_by"].is_string(), "{confirmed}");
    let (status, body) = p.post(&supervisor, &confirm, &json!({})).await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("hand_over_confirmed")),
        "{body}"
    );
    let (_, late) = p
        .get(&supervisor, &format!("{billing}/cash-sessions/late"))
        .await?;
    assert!(
        late["items"]
            .as_array()
            .is_some_and(|a| a.iter().all(|s| s["session_id"] != session_id.as_str())),
        "handed over: no longer owed {late}"
    );
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_cashier_cannot_confirm_their_own_hand_over() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let supervisor = p.login("sun.supervisor").await?;
    let billing = format!("/api/v1/billing/estates/{sun}");
    // The supervisor keeps a drawer too: then finance's confirmation is another person's.
    let (status, session) = p
        .post(&supervisor, &format!("{billing}/cash-sessions"), &json!({}))
        .await?;
    assert_eq!(status, 201, "{session}");
    let id = s(&session["session_id"]);
    let (status, _) = p
        .post(
            &supervisor,
            &format!("{billing}/cash-sessions/{id}/close"),
            &json!({"counted": {}}),
        )
        .await?;
    assert_eq!(status, 200);
    let (status, _) = p
        .post(
            &supervisor,
            &format!("{billing}/cash-sessions/{id}/hand-over"),
            &json!({}),
        )
        .await?;
    assert_eq!(status, 200);
    let (status, body) = p
        .post(
            &supervisor,
            &format!("{billing}/cash-sessions/{id}/confirm"),
            &json!({}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("own_hand_over")),
        "{body}"
    );
    let manager = p.login("sun.manager").await?;
    let (status, body) = p
        .post(
            &manager,
            &format!("{billing}/cash-sessions/{id}/confirm"),
            &json!({}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_pass_is_handed_over_only_against_the_receipt_at_the_schedules_prices()
-> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let cashier = p.login("sun.cashier").await?;
    let manager = p.login("sun.manager").await?;
    let billing = format!("/api/v1/billing/estates/{sun}");
    let passes = format!("/api/v1/documents/estates/{sun}/passes");
    let (unit, owner) = unit_with(&p, &desk, sun, "occupied", "owner").await?;

    // The estate's schedule prices passes: a 20-yuan deposit and an 8-yuan card.
    let res = p
        .http
        .put(p.url(&format!("{billing}/fee-schedule")))
        .bearer_auth(&manager)
        .json(&json!({"management_fen_per_m2": 250, "items": [
            {"code": "pass_deposit", "name": "出入证押金", "kind": "per_use", "price_fen": 2000},
            {"code": "pass_card_fee", "name": "出入证工本费", "kind": "per_use", "price_fen": 800},
        ]}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);

    // A resident pass costs nothing and is handed over at once.
    let (status, resident) = p
        .post(
            &desk,
            &passes,
            &json!({"kind": "resident", "unit_label": unit, "holder_name": owner["name"],
                    "holder_id_number": ID_NUMBER, "resident_id": owner["resident_id"]}),
        )
        .await?;
    assert_eq!(
        (status, resident["status"].as_str()),
        (201, Some("active")),
        "{resident}"
    );

    // A worker's temporary pass waits for finance's receipt.
    let (status, pass) = p
        .post(
            &desk,
            &passes,
            &json!({"kind": "temporary", "unit_label": unit, "holder_name": "王师傅",
                    "holder_id_number": ID_NUMBER, "owner_resident_id": owner["resident_id"]}),
        )
        .await?;
    assert_eq!(status, 201, "{pass}");
    assert_eq!(pass["status"], "pending", "{pass}");
    let pass_id = s(&pass["pass_id"]);
    owes(&p, &cashier, &billing, &unit, 2800).await?;
    let (_, pending) = p.get(&desk, &format!("{passes}?status=pending")).await?;
    assert!(
        pending["items"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["pass_id"] == pass_id.as_str())),
        "{pending}"
    );

    // Part of it paid: still pending.
    let (status, _) = p
        .post(&cashier, &format!("{billing}/cash-sessions"), &json!({}))
        .await?;
    assert_eq!(status, 201);
    let (status, first) = p
        .post(
            &cashier,
            &format!("{billing}/payments"),
            &json!({"unit_label": unit, "method": "cash", "amount_fen": 800}),
        )
        .await?;
    assert_eq!(status, 201, "{first}");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let (_, still) = p.get(&desk, &format!("{passes}/{pass_id}")).await?;
    assert_eq!(still["status"], "pending", "{still}");
    // Paid in full: active, with the receipt and the schedule's amounts.
    let (status, rest) = p
        .post(
            &cashier,
            &format!("{billing}/payments"),
            &json!({"unit_label": unit, "method": "cash", "amount_fen": 2000}),
        )
        .await?;
    assert_eq!(status, 201, "{rest}");
    let active = eventually(WAIT, || async {
        let (_, b) = p.get(&desk, &format!("{passes}/{pass_id}")).await?;
        Ok((b["status"] == "active").then_some(b))
    })
    .await?;
    assert_eq!(active["paid_receipt_no"], rest["receipt_no"], "{active}");
    assert_eq!(
        (
            active["deposit_fen"].as_i64(),
            active["card_fee_fen"].as_i64()
        ),
        (Some(2000), Some(800))
    );

    // Three months later it has lapsed: renewed for the card fee, the deposit kept.
    p.clock.advance_hours(24 * 95);
    let (_, lapsed) = p.get(&desk, &format!("{passes}/{pass_id}")).await?;
    assert_eq!(lapsed["status"], "expired", "{lapsed}");
    let (status, renewed) = p
        .post(&desk, &format!("{passes}/{pass_id}/renew"), &json!({}))
        .await?;
    assert_eq!(status, 200, "{renewed}");
    assert_eq!(renewed["status"], "active");
    assert!(
        s(&renewed["valid_until"]) > s(&lapsed["valid_until"]),
        "{renewed}"
    );
    owes(&p, &cashier, &billing, &unit, 800).await?;
    let (_, deposits) = p
        .get(&cashier, &format!("{billing}/deposits?unit_label={unit}"))
        .await?;
    let of_pass: Vec<&Value> = deposits["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|d| d["pass_id"] == pass_id.as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(of_pass.len(), 1, "no second deposit: {deposits}");
    assert_eq!(of_pass[0]["amount_fen"], 2000);
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_outsiders_key_deposit_goes_through_the_drawer_and_comes_back_out_of_it()
-> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let cashier = p.login("sun.cashier").await?;
    let reception = format!("/api/v1/reception/estates/{sun}");
    let billing = format!("/api/v1/billing/estates/{sun}");
    let (status, key) = p
        .post(
            &desk,
            &format!("{reception}/keys"),
            &json!({"kind": "plant_room", "label": "B2 配电房"}),
        )
        .await?;
    assert_eq!(status, 201, "{key}");
    let lend = format!("{reception}/keys/{}/lend", s(&key["key_id"]));
    let loan = |id: &str| {
        json!({"borrower_name": "外包电工", "outsider": true, "borrower_id_number": id,
               "deposit_fen": 5000, "signature": "王"})
    };

    // The ID is checked for a document's form, not just cut to four characters.
    for bad in ["110105194912310021", "1234", "ABCDEFGH"] {
        let (status, body) = p.post(&desk, &lend, &loan(bad)).await?;
        assert_eq!(
            (status, body["code"].as_str()),
            (422, Some("validation_failed")),
            "{bad}: {body}"
        );
    }
    let (status, lent) = p.post(&desk, &lend, &loan("E12345678")).await?;
    assert_eq!(status, 201, "{lent}");
    assert_eq!(lent["borrower_id"], "**************5678", "{lent}");

    // The deposit is owed at the cash desk, on the loan's own account.
    let deposit = eventually(WAIT, || async {
        let (_, b) = p
            .get(&cashier, &format!("{billing}/deposits?status=unpaid"))
            .await?;
        Ok(b["items"]
            .as_array()
            .and_then(|a| a.iter().find(|d| d["pass_no"] == "B2 配电房").cloned()))
    })
    .await?;
    let account = s(&deposit["unit_label"]);
    assert!(account.starts_with("KEY-"), "{deposit}");
    assert_eq!(deposit["amount_fen"], 5000);

    // Taken in cash into the drawer, against a receipt.
    let (status, session) = p
        .post(&cashier, &format!("{billing}/cash-sessions"), &json!({}))
        .await?;
    assert_eq!(status, 201, "{session}");
    let (status, paid) = p
        .post(
            &cashier,
            &format!("{billing}/payments"),
            &json!({"unit_label": account, "method": "cash", "amount_fen": 5000}),
        )
        .await?;
    assert_eq!(status, 201, "{paid}");
    let held = eventually(WAIT, || async {
        let (_, b) = p
            .get(
                &cashier,
                &format!("{billing}/deposits?unit_label={account}"),
            )
            .await?;
        Ok(b["items"]
            .as_array()
            .and_then(|a| a.iter().find(|d| d["status"] == "held").cloned()))
    })
    .await?;
    assert_eq!(held["receipt_no"], paid["receipt_no"]);

    // The key comes back: the deposit is due, and goes back out of the drawer in cash.
    let (status, back) = p
        .post(
            &desk,
            &format!("{reception}/keys/{}/return", s(&key["key_id"])),
            &json!({}),
        )
        .await?;
    assert_eq!(status, 200, "{back}");
    let due = eventually(WAIT, || async {
        let (_, b) = p
            .get(
                &cashier,
                &format!("{billing}/deposits?unit_label={account}"),
            )
            .await?;
        Ok(b["items"]
            .as_array()
            .and_then(|a| a.iter().find(|d| d["status"] == "refund_due").cloned()))
    })
    .await?;
    let (status, refunded) = p
        .post(
            &cashier,
            &format!("{billing}/deposits/{}/refund", s(&due["deposit_id"])),
            &json!({"receipt_no": paid["receipt_no"]}),
        )
        .await?;
    assert_eq!(status, 200, "{refunded}");
    assert_eq!(refunded["refund_cash_fen"], 5000);
    assert_eq!(refunded["refund_session"], session["session_id"]);
    let (_, current) = p
        .get(&cashier, &format!("{billing}/cash-sessions/current"))
        .await?;
    assert_eq!(current["takings"]["cash"], 0, "in and out again: {current}");
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_days_receipts_are_the_estates_own_day() -> anyhow::Result<()> {
    use chrono::Timelike;
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let admin = p.login("admin").await?;
    let cashier = p.login("sun.cashier").await?;
    let res = p
        .http
        .patch(p.url(&format!("/api/v1/documents/estates/{sun}")))
        .bearer_auth(&admin)
        .json(&json!({"time_zone": "Asia/Urumqi"}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    // 16:xx UTC: already tomorrow in Beijing, still today in Ürümqi (UTC+6).
    let hours = (16 - i64::from(p.clock.now().hour())).rem_euclid(24);
    p.clock.advance_hours(hours);
    let today = p.clock.now().date_naive().to_string();
    // Once billing has the estate's zone, "today's receipts" are Ürümqi's today.
    let list = eventually(WAIT, || async {
        let (_, list) = p
            .get(&cashier, &format!("/api/v1/billing/estates/{sun}/payments"))
            .await?;
        Ok((list["summary"]["from"].as_str() == Some(today.as_str())).then_some(list))
    })
    .await?;
    assert_eq!(
        list["summary"]["to"].as_str(),
        Some(today.as_str()),
        "{list}"
    );
    p.stop().await;
    Ok(())
}
