//! The desk logs a call through the gateway; reception's outbox publishes it; complaints or
//! repairs opens its own record; reception learns of it; everything reads back through the
//! gateway. Then: a redelivered event has no second effect.

use desk_e2e::{Platform, estate, eventually};
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

async fn complaint_for(
    p: &Platform,
    token: &str,
    estate_id: uuid::Uuid,
    intake: &str,
) -> anyhow::Result<Option<Value>> {
    let (status, body) = p
        .get(
            token,
            &format!("/api/v1/complaints/estates/{estate_id}/complaints?intake_id={intake}"),
        )
        .await?;
    anyhow::ensure!(status == 200, "complaints list: {status} {body}");
    Ok(body["items"].as_array().and_then(|a| a.first().cloned()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_complaint_call_becomes_a_complaint_and_the_ledger_follows_it() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let desk = p.login("sun.desk").await?;
    let sun = estate("SUN");

    let (status, intake) = p
        .post(
            &desk,
            &format!("/api/v1/reception/estates/{sun}/intakes"),
            &json!({
                "channel": "phone",
                "category": "complaint",
                "caller": {"name": "王先生", "phone": "13812345678", "unit_label": "3-1-602"},
                "request": "楼上装修噪音,晚上十点还在施工",
            }),
        )
        .await?;
    assert_eq!(status, 201, "{intake}");
    assert_eq!(intake["status"], "open");
    assert_eq!(
        intake["caller"]["phone"], "13812345678",
        "the desk sees the number to call back"
    );
    let intake_id = intake["intake_id"].as_str().unwrap_or_default().to_string();

    let complaint = eventually(WAIT, || complaint_for(&p, &desk, sun, &intake_id)).await?;
    assert_eq!(complaint["status"], "received");
    assert_eq!(complaint["severity"], "general");
    assert_eq!(complaint["description"], "楼上装修噪音,晚上十点还在施工");
    assert_eq!(
        complaint["complainant_phone"], "138****5678",
        "lists mask the number"
    );
    let number = complaint["complaint_no"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(number.starts_with("TS"), "{number}");

    // Reception consumed the outcome: the ledger entry now points at the complaint.
    let ledger = eventually(WAIT, || async {
        let (_, body) = p
            .get(
                &desk,
                &format!("/api/v1/reception/estates/{sun}/intakes/{intake_id}"),
            )
            .await?;
        Ok((body["status"] == "forwarded").then_some(body))
    })
    .await?;
    assert_eq!(ledger["downstream"]["kind"], "complaint");
    assert_eq!(ledger["downstream"]["number"], number.as_str());

    // A repair call becomes a work order the same way.
    let (status, repair) = p
        .post(
            &desk,
            &format!("/api/v1/reception/estates/{sun}/intakes"),
            &json!({
                "channel": "visit",
                "category": "repair",
                "caller": {"unit_label": "1-1-101"},
                "request": "卫生间地漏堵塞",
            }),
        )
        .await?;
    assert_eq!(status, 201, "{repair}");
    let repair_id = repair["intake_id"].as_str().unwrap_or_default().to_string();
    let order = eventually(WAIT, || async {
        let (_, body) = p
            .get(
                &desk,
                &format!("/api/v1/repairs/estates/{sun}/work-orders?intake_id={repair_id}"),
            )
            .await?;
        Ok(body["items"].as_array().and_then(|a| a.first().cloned()))
    })
    .await?;
    assert_eq!(order["kind"], "repair");
    assert_eq!(order["status"], "awaiting_dispatch");

    // An inquiry stays at the desk: no complaint and no order.
    let (status, inquiry) = p
        .post(
            &desk,
            &format!("/api/v1/reception/estates/{sun}/intakes"),
            &json!({"channel": "phone", "category": "inquiry", "request": "停水几点恢复?"}),
        )
        .await?;
    assert_eq!(status, 201, "{inquiry}");

    // The registry's units reached billing through the events: every demo unit has an account.
    let cashier = p.login("sun.cashier").await?;
    let accounts = eventually(WAIT, || async {
        let (_, body) = p
            .get(
                &cashier,
                &format!("/api/v1/billing/estates/{sun}/accounts?limit=500"),
            )
            .await?;
        let n = body["items"].as_array().map(|a| a.len()).unwrap_or(0);
        Ok((n == 48).then_some(body))
    })
    .await?;
    assert_eq!(accounts["items"][0]["balance_yuan"], "0.00");

    // A later complaint on the same estate (same partition) is consumed after the inquiry, so
    // once it is in, complaints and repairs have seen the inquiry and opened nothing for it.
    let (status, marker) = p
        .post(
            &desk,
            &format!("/api/v1/reception/estates/{sun}/intakes"),
            &json!({"channel": "phone", "category": "complaint",
                    "caller": {"unit_label": "2-1-402"}, "request": "楼道灯不亮,报了三次"}),
        )
        .await?;
    assert_eq!(status, 201, "{marker}");
    let marker_id = marker["intake_id"].as_str().unwrap_or_default().to_string();
    eventually(WAIT, || complaint_for(&p, &desk, sun, &marker_id)).await?;
    assert_eq!(
        p.db.count("SELECT count(*) AS n FROM complaints.complaints")?,
        2
    );
    assert_eq!(
        p.db.count("SELECT count(*) AS n FROM repairs.work_orders")?,
        1
    );
    let inquiry_id = inquiry["intake_id"].as_str().unwrap_or_default();
    let (_, ledger) = p
        .get(
            &desk,
            &format!("/api/v1/reception/estates/{sun}/intakes/{inquiry_id}"),
        )
        .await?;
    assert_eq!(ledger["status"], "open", "an inquiry stays with the desk");
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_redelivered_event_has_no_second_effect() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let desk = p.login("sun.desk").await?;
    let sun = estate("SUN");
    let log = |request: &'static str| {
        let p = &p;
        let desk = &desk;
        async move {
            let (status, body) = p
                .post(
                    desk,
                    &format!("/api/v1/reception/estates/{sun}/intakes"),
                    &json!({"channel": "phone", "category": "complaint",
                            "caller": {"phone": "13900001111"}, "request": request}),
                )
                .await?;
            anyhow::ensure!(status == 201, "{status} {body}");
            Ok::<String, anyhow::Error>(body["intake_id"].as_str().unwrap_or_default().to_string())
        }
    };
    let first = log("电梯困人,物业半小时才到").await?;
    eventually(WAIT, || complaint_for(&p, &desk, sun, &first)).await?;

    // The relay crashed after publishing and before marking: the same event goes out again.
    let mut admin = p.db.admin()?;
    let republished = diesel::RunQueryDsl::execute(
        diesel::sql_query(
            "UPDATE reception.outbox SET published_at = NULL WHERE event_type = 'reception.intake.logged'",
        ),
        &mut admin,
    )?;
    assert_eq!(republished, 1);
    eventually(WAIT, || async {
        let n =
            p.db.count("SELECT count(*) AS n FROM reception.outbox WHERE published_at IS NULL")?;
        Ok((n == 0).then_some(()))
    })
    .await?;

    // A later event on the same estate (same partition) is applied after the duplicate, so once
    // it is in, the duplicate has been seen.
    let second = log("垃圾清运不及时").await?;
    eventually(WAIT, || complaint_for(&p, &desk, sun, &second)).await?;

    assert_eq!(
        p.db.count(&format!(
            "SELECT count(*) AS n FROM complaints.complaints WHERE intake_id = '{first}'"
        ))?,
        1,
        "the redelivered intake opened no second complaint"
    );
    assert_eq!(
        p.db.count("SELECT count(*) AS n FROM complaints.complaints")?,
        2
    );
    assert_eq!(
        p.db.count("SELECT count(*) AS n FROM complaints.outbox WHERE event_type = 'complaints.complaint.opened'")?,
        2,
        "and announced no second complaint"
    );
    p.stop().await;
    Ok(())
}
