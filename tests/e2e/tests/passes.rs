//! Passes from the desk to the cash desk: a tenant pass raises its card fee and deposit on the
//! unit, the cashier takes them with a receipt, the pass is handed back and the deposit is
//! refunded against that receipt only. And the pass rules: a pass is handed over once its charges
//! are paid, temporary passes run at most three months, tenant passes are renewed (for a fee)
//! once paid for, ID numbers are shown masked.

use desk_e2e::{Platform, estate, eventually, unit_with};
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);
/// A well-formed sample resident ID (check digit computed, not a real person's).
const ID_NUMBER: &str = "11010519491231002X";

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_tenant_pass_deposit_is_taken_and_refunded_against_its_receipt() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let cashier = p.login("sun.cashier").await?;
    let passes = format!("/api/v1/documents/estates/{sun}/passes");
    let billing = format!("/api/v1/billing/estates/{sun}");
    let (unit, tenant) = unit_with(&p, &desk, sun, "rented", "tenant").await?;

    // The desk issues the tenant's pass: a year at most, not past the lease.
    let (status, pass) = p
        .post(
            &desk,
            &passes,
            &json!({
                "kind": "tenant", "unit_label": unit, "holder_name": tenant["name"],
                "holder_phone": "138 0013 8000", "holder_id_number": ID_NUMBER,
                "resident_id": tenant["resident_id"],
            }),
        )
        .await?;
    assert_eq!(status, 201, "{pass}");
    assert!(s(&pass["pass_no"]).starts_with("SUN-P-"), "{pass}");
    assert_eq!(
        pass["valid_until"], tenant["lease_end"],
        "the lease ends first"
    );
    assert_eq!(
        (pass["deposit_fen"].as_i64(), pass["card_fee_fen"].as_i64()),
        (Some(1000), Some(500))
    );
    assert_eq!(pass["holder_id_number"], "**************002X");
    assert_eq!(pass["holder_phone"], "13800138000", "normalised");
    assert_eq!(pass["status"], "pending", "handed over against the receipt");
    let pass_id = s(&pass["pass_id"]);

    // Billing shows the card fee and the deposit on the unit.
    let charges = eventually(WAIT, || async {
        let (_, b) = p
            .get(&cashier, &format!("{billing}/charges?unit_label={unit}"))
            .await?;
        Ok((b["owed_fen"] == 1500).then_some(b))
    })
    .await?;
    let mut amounts: Vec<i64> = charges["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["amount_fen"].as_i64()).collect())
        .unwrap_or_default();
    amounts.sort_unstable();
    assert_eq!(amounts, vec![500, 1000], "{charges}");

    // The cashier opens an empty drawer and takes the 15 yuan in cash.
    let (status, session) = p
        .post(
            &cashier,
            &format!("{billing}/cash-sessions"),
            &json!({"opening_float_fen": 0}),
        )
        .await?;
    assert_eq!(status, 201, "{session}");
    let (status, payment) = p
        .post(
            &cashier,
            &format!("{billing}/payments"),
            &json!({"unit_label": unit, "method": "cash", "amount_fen": 1500}),
        )
        .await?;
    assert_eq!(status, 201, "{payment}");
    let receipt = s(&payment["receipt_no"]);
    let deposits = format!("{billing}/deposits?unit_label={unit}");
    let deposit = eventually(WAIT, || async {
        let (_, b) = p.get(&cashier, &deposits).await?;
        Ok(b["items"]
            .as_array()
            .and_then(|a| a.iter().find(|d| d["pass_id"] == pass_id.as_str()).cloned()))
    })
    .await?;
    assert_eq!(deposit["status"], "held", "{deposit}");
    assert_eq!(deposit["receipt_no"], receipt.as_str());
    eventually(WAIT, || async {
        let (_, b) = p.get(&desk, &format!("{passes}/{pass_id}")).await?;
        Ok((b["status"] == "active" && b["paid_receipt_no"] == receipt.as_str()).then_some(()))
    })
    .await?;
    let deposit_id = s(&deposit["deposit_id"]);

    // Before the pass is back, there is nothing to refund.
    let refund = format!("{billing}/deposits/{deposit_id}/refund");
    let (status, body) = p
        .post(&cashier, &refund, &json!({"receipt_no": receipt}))
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("pass_not_returned")),
        "{body}"
    );

    // The pass is handed back at the desk, once.
    let (status, back) = p
        .post(&desk, &format!("{passes}/{pass_id}/return"), &json!({}))
        .await?;
    assert_eq!(
        (status, back["status"].as_str()),
        (200, Some("returned")),
        "{back}"
    );
    let (status, body) = p
        .post(&desk, &format!("{passes}/{pass_id}/return"), &json!({}))
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("pass_returned"))
    );
    eventually(WAIT, || async {
        let (_, b) = p.get(&cashier, &deposits).await?;
        Ok(b["items"]
            .as_array()
            .is_some_and(|a| {
                a.iter()
                    .any(|d| d["deposit_id"] == deposit_id.as_str() && d["status"] == "refund_due")
            })
            .then_some(()))
    })
    .await?;

    // Only the receipt the deposit was paid with gets the money back.
    let (status, body) = p
        .post(
            &cashier,
            &refund,
            &json!({"receipt_no": format!("{receipt}9")}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("receipt_mismatch")),
        "{body}"
    );
    let (status, body) = p
        .post(&cashier, &refund, &json!({"receipt_no": receipt}))
        .await?;
    assert!(status == 200 || status == 201, "{status} {body}");
    let (_, b) = p.get(&cashier, &deposits).await?;
    assert_eq!(b["items"][0]["status"], "refunded", "{b}");

    // The drawer: 15 yuan in, 10 yuan out.
    let (status, closed) = p
        .post(
            &cashier,
            &format!(
                "{billing}/cash-sessions/{}/close",
                s(&session["session_id"])
            ),
            &json!({"counted": {"cash": 500}}),
        )
        .await?;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["difference_fen"], 0, "{closed}");
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn passes_keep_their_rules_and_their_holders_numbers_masked() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let manager = p.login("sun.manager").await?;
    let cashier = p.login("sun.cashier").await?;
    let passes = format!("/api/v1/documents/estates/{sun}/passes");
    let billing = format!("/api/v1/billing/estates/{sun}");
    let cst = chrono::FixedOffset::east_opt(8 * 3600).ok_or_else(|| anyhow::anyhow!("UTC+8"))?;
    let today = chrono::Utc::now().with_timezone(&cst).date_naive();
    let day = |months: u32, days: i64| {
        (today + chrono::Months::new(months) + chrono::Duration::days(days)).to_string()
    };
    let (owned, owner) = unit_with(&p, &desk, sun, "occupied", "owner").await?;
    let (rented, tenant) = unit_with(&p, &desk, sun, "rented", "tenant").await?;

    // Decoration workers: at most three months, brought by the owner.
    let worker = |until: String| {
        json!({
            "kind": "temporary", "unit_label": owned, "holder_name": "王师傅",
            "holder_id_number": ID_NUMBER, "owner_resident_id": owner["resident_id"],
            "valid_until": until,
        })
    };
    let (status, body) = p.post(&desk, &passes, &worker(day(4, -1))).await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("temporary_pass_too_long")),
        "{body}"
    );
    let (status, temporary) = p.post(&desk, &passes, &worker(day(3, -1))).await?;
    assert_eq!(status, 201, "{temporary}");
    // A retried issue (same Idempotency-Key) finds the pass instead of issuing a second one.
    let mut retried = None;
    for _ in 0..2 {
        let res = p
            .http
            .post(p.url(&passes))
            .bearer_auth(&desk)
            .header("Idempotency-Key", "worker-wang-1")
            .json(&worker(day(2, 0)))
            .send()
            .await?;
        let status = res.status().as_u16();
        let body: Value = res.json().await?;
        match &retried {
            None => assert_eq!(status, 201, "{body}"),
            Some(first) => {
                assert_eq!(status, 200, "{body}");
                assert_eq!(body["pass_id"], *first);
            }
        }
        retried = Some(body["pass_id"].clone());
    }
    let mut no_owner = worker(day(1, 0));
    no_owner["owner_resident_id"] = Value::Null;
    let (status, body) = p.post(&desk, &passes, &no_owner).await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("validation_failed")),
        "the owner who brought the workers is named"
    );

    // No tenant in the registry, no tenant pass.
    let (status, body) = p
        .post(
            &desk,
            &passes,
            &json!({"kind": "tenant", "unit_label": owned, "holder_name": "租客", "holder_id_number": ID_NUMBER}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("no_tenant_lease")),
        "{body}"
    );
    // Nor past the lease end.
    let tenant_pass = |until: Value| {
        json!({
            "kind": "tenant", "unit_label": rented, "holder_name": tenant["name"],
            "holder_id_number": ID_NUMBER, "resident_id": tenant["resident_id"], "valid_until": until,
        })
    };
    let lease_end = chrono::NaiveDate::parse_from_str(&s(&tenant["lease_end"]), "%Y-%m-%d")?;
    let (status, body) = p
        .post(
            &desk,
            &passes,
            &tenant_pass(json!((lease_end + chrono::Duration::days(1)).to_string())),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("pass_beyond_lease_end")),
        "{body}"
    );

    // A short tenant pass, renewed within the lease for 2 yuan.
    let (status, short) = p
        .post(&desk, &passes, &tenant_pass(json!(day(0, 20))))
        .await?;
    assert_eq!(status, 201, "{short}");
    let seq = |v: &Value| {
        s(&v["pass_no"])
            .rsplit('-')
            .next()
            .and_then(|n| n.parse::<i64>().ok())
    };
    assert_eq!(
        seq(&short),
        seq(&temporary).map(|n| n + 2),
        "pass numbers have no gaps"
    );
    let short_id = s(&short["pass_id"]);
    // Not renewed before it is paid for; paid at the cash desk, it is handed over.
    let (status, body) = p
        .post(&desk, &format!("{passes}/{short_id}/renew"), &json!({}))
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("pass_not_paid")),
        "{body}"
    );
    eventually(WAIT, || async {
        let (_, b) = p
            .get(&cashier, &format!("{billing}/charges?unit_label={rented}"))
            .await?;
        Ok((b["owed_fen"] == 1500).then_some(()))
    })
    .await?;
    let (status, body) = p
        .post(&cashier, &format!("{billing}/cash-sessions"), &json!({}))
        .await?;
    assert_eq!(status, 201, "{body}");
    let (status, body) = p
        .post(
            &cashier,
            &format!("{billing}/payments"),
            &json!({"unit_label": rented, "method": "cash", "amount_fen": 1500}),
        )
        .await?;
    assert_eq!(status, 201, "{body}");
    eventually(WAIT, || async {
        let (_, b) = p.get(&desk, &format!("{passes}/{short_id}")).await?;
        Ok((b["status"] == "active").then_some(()))
    })
    .await?;
    let (_, expiring) = p
        .get(&desk, &format!("{passes}?expiring_within_days=30"))
        .await?;
    assert!(
        expiring["items"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["pass_id"] == short_id.as_str())),
        "{expiring}"
    );
    let (status, renewed) = p
        .post(&desk, &format!("{passes}/{short_id}/renew"), &json!({}))
        .await?;
    assert_eq!(status, 200, "{renewed}");
    assert_eq!(renewed["valid_until"], tenant["lease_end"]);
    assert_eq!(renewed["renewals"], 1);
    let (status, body) = p
        .post(&desk, &format!("{passes}/{short_id}/renew"), &json!({}))
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("nothing_to_renew"))
    );
    let (status, body) = p
        .post(
            &desk,
            &format!("{passes}/{}/renew", s(&temporary["pass_id"])),
            &json!({}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("pass_not_paid")),
        "an unpaid temporary pass is not renewed either"
    );
    eventually(WAIT, || async {
        let (_, b) = p
            .get(&cashier, &format!("{billing}/charges?unit_label={rented}"))
            .await?;
        Ok((b["owed_fen"] == 200).then_some(()))
    })
    .await?;

    // The register, by unit and status; the holder's ID number only ever masked.
    let (status, list) = p
        .get(&manager, &format!("{passes}?unit_label={rented}"))
        .await?;
    assert_eq!(status, 200);
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(list["items"][0]["holder_id_number"], "**************002X");
    let (_, all) = p.get(&desk, &passes).await?;
    assert_eq!(all["items"].as_array().map(Vec::len), Some(3));
    assert!(
        !all.to_string().contains("1101051949"),
        "ID numbers never in clear"
    );
    let (_, one) = p.get(&desk, &format!("{passes}/{short_id}")).await?;
    assert!(!one.to_string().contains("1101051949"));
    let (_, returned) = p.get(&desk, &format!("{passes}?status=returned")).await?;
    assert_eq!(returned["items"].as_array().map(Vec::len), Some(0));

    // The estate manager reads the register but does not issue passes.
    let (status, _) = p.post(&manager, &passes, &worker(day(1, 0))).await?;
    assert_eq!(status, 403);
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_pass_starts_on_the_estates_own_date() -> anyhow::Result<()> {
    use chrono::Timelike;
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let admin = p.login("admin").await?;
    let desk = p.login("sun.desk").await?;
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
    let (unit, tenant) = unit_with(&p, &desk, sun, "rented", "tenant").await?;
    let (status, pass) = p
        .post(
            &desk,
            &format!("/api/v1/documents/estates/{sun}/passes"),
            &json!({
                "kind": "tenant", "unit_label": unit, "holder_name": tenant["name"],
                "holder_phone": "138 0013 8000", "holder_id_number": ID_NUMBER,
                "resident_id": tenant["resident_id"],
            }),
        )
        .await?;
    assert_eq!(status, 201, "{pass}");
    assert_eq!(
        s(&pass["valid_from"]),
        p.clock.now().date_naive().to_string(),
        "the pass starts on Ürümqi's date"
    );
    p.stop().await;
    Ok(())
}
