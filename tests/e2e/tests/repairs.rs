//! A repair from the desk's call to the follow-up visit, through the gateway: the appointment
//! read back, dispatch within the technician's skills and limit, the technician's own day, the
//! work started, paused and completed with the resident's sign-off, the follow-up from the next
//! day — and the desk's entry closes with the order.

use desk_e2e::{Platform, estate, eventually};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_repair_is_dispatched_worked_followed_up_and_closed() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let tech = p.login("sun.tech").await?;
    let tech_id = desk_platform::demo::id("staff", "sun.tech");
    let other_tech = uuid::Uuid::now_v7();
    let base = format!("/api/v1/repairs/estates/{sun}");

    // The roster: the demo technician (plumbing, at most one open order), and a second one.
    let (status, body) = p
        .http
        .put(p.url(&format!("{base}/technicians/{tech_id}")))
        .bearer_auth(&supervisor)
        .json(&json!({"name": "赵强", "skills": ["plumbing"], "max_open": 1}))
        .send()
        .await
        .map(|r| (r.status().as_u16(), r))?;
    assert_eq!(status, 200, "{:?}", body.text().await.ok());
    let res = p
        .http
        .put(p.url(&format!("{base}/technicians/{other_tech}")))
        .bearer_auth(&supervisor)
        .json(&json!({"name": "钱电工", "skills": ["electrical"]}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);

    let log = |request: &'static str| {
        let (p, desk) = (&p, &desk);
        async move {
            let (status, body) = p
                .post(desk, &format!("/api/v1/reception/estates/{sun}/intakes"), &json!({
                    "channel": "phone", "category": "repair", "caller": {"name": "李女士", "phone": "13911112222", "unit_label": "2-1-301"}, "request": request
                }))
                .await?;
            anyhow::ensure!(status == 201, "{status} {body}");
            let intake = body["intake_id"].as_str().unwrap_or_default().to_string();
            let order = eventually(WAIT, || async {
                let (_, b) = p
                    .get(
                        desk,
                        &format!("/api/v1/repairs/estates/{sun}/work-orders?intake_id={intake}"),
                    )
                    .await?;
                Ok(b["items"].as_array().and_then(|a| a.first().cloned()))
            })
            .await?;
            Ok::<_, anyhow::Error>((
                intake,
                order["work_order_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            ))
        }
    };
    let (intake, order) = log("厨房水龙头漏水").await?;
    let (_, second) = log("卫生间下水道堵").await?;

    // The appointment, read back; dispatch within skills and the open-order limit.
    let start = p.clock.now() + chrono::Duration::hours(2);
    let (status, body) = p.post(&desk, &format!("{base}/work-orders/{order}/appointment"), &json!({
        "start": start.to_rfc3339(), "end": (start + chrono::Duration::hours(2)).to_rfc3339(), "skill": "plumbing", "read_back": true
    })).await?;
    assert_eq!(status, 200, "{body}");
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/work-orders/{order}/dispatch"),
            &json!({"technician_id": other_tech}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("technician_lacks_skill"))
    );
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/work-orders/{order}/dispatch"),
            &json!({"technician_id": tech_id}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "dispatched");
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/work-orders/{second}/dispatch"),
            &json!({"technician_id": tech_id}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("technician_at_capacity"))
    );
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/work-orders/{second}/callback"),
            &json!({}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    let (_, roster) = p.get(&supervisor, &format!("{base}/technicians")).await?;
    let carried = roster["items"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|t| t["technician_id"] == tech_id.to_string().as_str())
                .cloned()
        })
        .unwrap_or_default();
    assert_eq!(
        carried["open_orders"], 1,
        "the roster shows what each technician carries"
    );
    let (_, callbacks) = p
        .get(&desk, &format!("{base}/work-orders?needs_callback=true"))
        .await?;
    assert_eq!(
        callbacks["items"].as_array().map(|a| a.len()),
        Some(1),
        "the desk calls the resident back with a time"
    );

    // The technician's day, then the work.
    let (status, mine) = p.get(&tech, "/api/v1/repairs/my-orders").await?;
    assert_eq!(status, 200);
    assert_eq!(mine["items"][0]["work_order_id"], order.as_str());
    assert_eq!(
        mine["items"][0]["contact_phone"], "13911112222",
        "the technician calls ahead"
    );
    let (status, body) = p
        .post(
            &tech,
            &format!("{base}/work-orders/{order}/start"),
            &json!({}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("invalid_transition")),
        "accept first"
    );
    for step in ["accept", "start"] {
        let (status, body) = p
            .post(
                &tech,
                &format!("{base}/work-orders/{order}/{step}"),
                &json!({}),
            )
            .await?;
        assert_eq!(status, 200, "{step}: {body}");
    }
    let (status, _) = p
        .post(
            &tech,
            &format!("{base}/work-orders/{order}/pause"),
            &json!({}),
        )
        .await?;
    assert_eq!(status, 422, "a pause says why");
    let (status, _) = p
        .post(
            &tech,
            &format!("{base}/work-orders/{order}/pause"),
            &json!({"reason": "缺配件,去仓库取"}),
        )
        .await?;
    assert_eq!(status, 200);
    let (status, _) = p
        .post(
            &tech,
            &format!("{base}/work-orders/{order}/start"),
            &json!({}),
        )
        .await?;
    assert_eq!(status, 200);
    let (status, body) = p
        .post(
            &tech,
            &format!("{base}/work-orders/{order}/complete"),
            &json!({"work_done": "更换水龙头阀芯", "fee_fen": 3000, "signoff_name": "李女士"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("fee_on_free_order")),
        "a free repair carries no fee"
    );
    let (status, done) = p.post(&tech, &format!("{base}/work-orders/{order}/complete"), &json!({"work_done": "更换水龙头阀芯", "materials": "阀芯 x1", "labour_minutes": 40, "signoff_name": "李女士"})).await?;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["status"], "completed");

    // The follow-up visit opens the next day.
    let good = json!({"punctuality": 5, "quality": 5, "fee_fair": 5, "attitude": 5, "overall": 5, "repaired": true, "told_via": "phone"});
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/work-orders/{order}/follow-up"),
            &good,
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("follow_up_too_early"))
    );
    p.clock.advance_hours(24);
    let (status, closed) = p
        .post(
            &desk,
            &format!("{base}/work-orders/{order}/follow-up"),
            &good,
        )
        .await?;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["status"], "closed");
    let (_, full) = p
        .get(&supervisor, &format!("{base}/work-orders/{order}"))
        .await?;
    let steps: Vec<&str> = full["trail"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["action"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        steps,
        vec![
            "appointment",
            "dispatch",
            "accept",
            "start",
            "pause",
            "start",
            "complete",
            "followup"
        ]
    );
    let entry = eventually(WAIT, || async {
        let (_, body) = p
            .get(
                &desk,
                &format!("/api/v1/reception/estates/{sun}/intakes/{intake}"),
            )
            .await?;
        Ok((body["status"] == "closed").then_some(body))
    })
    .await?;
    assert_eq!(entry["satisfaction"], "satisfied");

    // The technician now has room: the second order can go to them; another technician's order
    // cannot be worked by them.
    let (status, _) = p
        .post(
            &desk,
            &format!("{base}/work-orders/{second}/dispatch"),
            &json!({"technician_id": tech_id}),
        )
        .await?;
    assert_eq!(status, 200);
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/work-orders/{second}/dispatch"),
            &json!({"technician_id": other_tech}),
        )
        .await?;
    assert_eq!(status, 200, "reassigned: {body}");
    let (status, body) = p
        .post(
            &tech,
            &format!("{base}/work-orders/{second}/accept"),
            &json!({}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("not_your_order"))
    );
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn paid_work_is_charged_and_settled_and_the_supervisor_sees_the_week() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let tech = p.login("sun.tech").await?;
    let tech_id = desk_platform::demo::id("staff", "sun.tech");
    let base = format!("/api/v1/repairs/estates/{sun}");
    let res = p
        .http
        .put(p.url(&format!("{base}/technicians/{tech_id}")))
        .bearer_auth(&supervisor)
        .json(&json!({"name": "赵强", "skills": ["plumbing", "cleaning"]}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    let order_for = |category: &'static str, request: &'static str| {
        let (p, desk) = (&p, &desk);
        async move {
            let (_, body) = p
                .post(desk, &format!("/api/v1/reception/estates/{sun}/intakes"), &json!({
                    "channel": "visit", "category": category, "caller": {"unit_label": "1-1-201", "phone": "13700000001"}, "request": request
                }))
                .await?;
            let intake = body["intake_id"].as_str().unwrap_or_default().to_string();
            let order = eventually(WAIT, || async {
                let (_, b) = p
                    .get(
                        desk,
                        &format!("/api/v1/repairs/estates/{sun}/work-orders?intake_id={intake}"),
                    )
                    .await?;
                Ok(b["items"].as_array().and_then(|a| a.first().cloned()))
            })
            .await?;
            Ok::<_, anyhow::Error>(order)
        }
    };

    desk_e2e::repairs_has_the_units(&p, sun).await?;
    // A special service (家政保洁) with a fee, its items adding up.
    let order = order_for("paid_service", "全屋保洁").await?;
    assert_eq!(order["kind"], "special_service");
    let id = order["work_order_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    // 办理即收费: charged when ordered, before anyone is sent.
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/work-orders/{id}/charge"),
            &json!({"items": [{"name": "人工", "amount_fen": 16000}, {"name": "清洁剂", "amount_fen": 2000}]}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    p.post(
        &desk,
        &format!("{base}/work-orders/{id}/dispatch"),
        &json!({"technician_id": tech_id}),
    )
    .await?;
    p.post(
        &tech,
        &format!("{base}/work-orders/{id}/accept"),
        &json!({}),
    )
    .await?;
    p.post(&tech, &format!("{base}/work-orders/{id}/start"), &json!({}))
        .await?;
    let (status, body) = p.post(&tech, &format!("{base}/work-orders/{id}/complete"), &json!({
        "work_done": "全屋保洁3小时", "fee_fen": 18000, "items": [{"name": "人工", "amount_fen": 15000}, {"name": "清洁剂", "amount_fen": 2000}], "signoff_name": "王先生"
    })).await?;
    assert_eq!(status, 422, "the items must add up to the fee: {body}");
    let (status, done) = p.post(&tech, &format!("{base}/work-orders/{id}/complete"), &json!({
        "work_done": "全屋保洁3小时", "fee_fen": 18000, "items": [{"name": "人工", "amount_fen": 16000}, {"name": "清洁剂", "amount_fen": 2000}], "signoff_name": "王先生"
    })).await?;
    assert_eq!(status, 200, "{done}");
    assert_eq!(
        p.db.count(
            "SELECT count(*) AS n FROM repairs.outbox WHERE event_type = 'repairs.charge.requested'"
        )?,
        1,
        "billing is told the fee once, when ordered"
    );

    // Billing records the payment: the order is settled.
    {
        use desk_events::proto::desk::v1::billing::PaymentRecorded;
        let meta = desk_events::EventMeta {
            group_id: desk_platform::demo::group_id(),
            estate_id: sun,
            aggregate_id: uuid::Uuid::now_v7(),
            aggregate_version: 1,
            correlation_id: uuid::Uuid::now_v7(),
            causation_id: None,
            actor_kind: "staff",
            actor_id: String::new(),
        };
        let event = desk_events::envelope(
            &meta,
            "billing.payment.recorded",
            desk_events::Payload::PaymentRecorded(PaymentRecorded {
                payment_id: uuid::Uuid::now_v7().to_string(),
                work_order_id: id.clone(),
                amount_fen: 18000,
                method: "wechat".into(),
                receipt_no: "SUN-2026-000123".into(),
            }),
        );
        desk_events::outbox::Outbox::new("billing").enqueue(
            &mut p.db.admin()?,
            desk_events::topics::LEDGER,
            &event,
        )?;
    }
    let settled = eventually(WAIT, || async {
        let (_, b) = p
            .get(&supervisor, &format!("{base}/work-orders/{id}"))
            .await?;
        Ok(b["details"]["settled_at"].is_string().then_some(b))
    })
    .await?;
    assert_eq!(settled["details"]["receipt_no"], "SUN-2026-000123");

    // The month's follow-up rate is under the 60 % floor until the visit is made.
    let month = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m")
        .to_string();
    let (_, rate) = p
        .get(&supervisor, &format!("{base}/follow-up-rate?month={month}"))
        .await?;
    assert_eq!(
        (
            rate["completed"].as_i64(),
            rate["followed_up"].as_i64(),
            rate["below_floor"].as_bool()
        ),
        (Some(1), Some(0), Some(true))
    );
    p.clock.advance_hours(24);
    let (status, _) = p.post(&desk, &format!("{base}/work-orders/{id}/follow-up"), &json!({"punctuality": 4, "quality": 4, "fee_fair": 3, "attitude": 5, "overall": 4, "repaired": true})).await?;
    assert_eq!(status, 200);
    let (_, rate) = p
        .get(&supervisor, &format!("{base}/follow-up-rate?month={month}"))
        .await?;
    assert_eq!(
        (rate["rate"].as_f64(), rate["below_floor"].as_bool()),
        (Some(1.0), Some(false))
    );
    let monday = {
        use chrono::Datelike;
        let d = (p.clock.now() + chrono::Duration::hours(8)).date_naive();
        d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
    };
    let (status, approved) = p
        .post(
            &supervisor,
            &format!("{base}/weekly-approvals"),
            &json!({"week_start": monday}),
        )
        .await?;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["approved"], 1);
    let (_, again) = p
        .post(
            &supervisor,
            &format!("{base}/weekly-approvals"),
            &json!({"week_start": monday}),
        )
        .await?;
    assert_eq!(again["approved"], 0, "approved once");

    // After-sales: sent to the developer with a deadline, listed until returned.
    let defect = order_for("after_sales", "新房墙面开裂").await?;
    let did = defect["work_order_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let deadline = (p.clock.now() + chrono::Duration::days(3)).to_rfc3339();
    let (status, _) = p
        .post(
            &desk,
            &format!("{base}/work-orders/{did}/after-sales"),
            &json!({"developer_deadline": deadline, "note_no": "HX-0007"}),
        )
        .await?;
    assert_eq!(status, 200);
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/work-orders/{id}/after-sales"),
            &json!({"developer_deadline": deadline}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("not_after_sales"))
    );
    let (_, list) = p
        .get(&supervisor, &format!("{base}/after-sales/unreturned"))
        .await?;
    assert_eq!(list["items"].as_array().map(|a| a.len()), Some(1));
    assert_eq!(list["items"][0]["overdue"], false);
    p.clock.advance_hours(24 * 4);
    let (_, list) = p
        .get(&supervisor, &format!("{base}/after-sales/unreturned"))
        .await?;
    assert_eq!(
        list["items"][0]["overdue"], true,
        "past the developer's deadline"
    );
    let res = p
        .http
        .post(p.url(&format!("{base}/work-orders/{did}/developer-returned")))
        .bearer_auth(&desk)
        .json(&json!({"result": "已修补"}))
        .send()
        .await?;
    assert_eq!(res.status(), 204);
    let (_, list) = p
        .get(&supervisor, &format!("{base}/after-sales/unreturned"))
        .await?;
    assert_eq!(list["items"].as_array().map(|a| a.len()), Some(0));

    // An emergency is timed in minutes from the call to the work starting.
    let urgent = order_for("emergency", "水管爆裂").await?;
    let uid = urgent["work_order_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    p.post(
        &desk,
        &format!("{base}/work-orders/{uid}/dispatch"),
        &json!({"technician_id": tech_id}),
    )
    .await?;
    p.post(
        &tech,
        &format!("{base}/work-orders/{uid}/accept"),
        &json!({}),
    )
    .await?;
    let (_, started) = p
        .post(
            &tech,
            &format!("{base}/work-orders/{uid}/start"),
            &json!({}),
        )
        .await?;
    assert!(started["response_minutes"].as_i64().is_some(), "{started}");

    // A technician raises an order on patrol, with a photo of the fault.
    let (status, raised) = p
        .post(
            &tech,
            &format!("{base}/work-orders"),
            &json!({"kind": "repair", "unit_label": "b1", "problem": "地下车库照明线路老化"}),
        )
        .await?;
    assert_eq!(status, 201, "{raised}");
    let rid = raised["work_order_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let png: Vec<u8> = [
        &[0x89u8, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..],
        &[0u8; 64][..],
    ]
    .concat();
    let res = p
        .http
        .post(p.url(&format!("{base}/work-orders/{rid}/photos")))
        .bearer_auth(&tech)
        .header("content-type", "image/png")
        .body(png.clone())
        .send()
        .await?;
    assert_eq!(res.status(), 201);
    let photo: serde_json::Value = res.json().await?;
    let res = p
        .http
        .post(p.url(&format!("{base}/work-orders/{rid}/photos")))
        .bearer_auth(&tech)
        .header("content-type", "image/png")
        .body(b"not an image".to_vec())
        .send()
        .await?;
    assert_eq!(res.status(), 422, "only real images are kept");
    let back = p
        .http
        .get(p.url(&format!(
            "{base}/work-orders/{rid}/photos/{}",
            photo["photo_id"].as_str().unwrap_or_default()
        )))
        .bearer_auth(&desk)
        .send()
        .await?;
    assert_eq!(
        back.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/png")
    );
    assert_eq!(back.bytes().await?.to_vec(), png);

    // 办理即收费: a special service charged when ordered, not again at completion; the
    // technician takes it up without a dispatch.
    let ordered = order_for("paid_service", "家电清洗").await?;
    let oid = ordered["work_order_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (status, charged) = p
        .post(
            &desk,
            &format!("{base}/work-orders/{oid}/charge"),
            &json!({"items": [{"name": "油烟机清洗", "amount_fen": 12000}]}),
        )
        .await?;
    assert_eq!(status, 200, "{charged}");
    assert_eq!(charged["fee_fen"], 12000);
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/work-orders/{oid}/charge"),
            &json!({"items": [{"name": "x", "amount_fen": 1}]}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("fee_already_charged"))
    );
    assert_eq!(
        p.db.count(
            "SELECT count(*) AS n FROM repairs.outbox WHERE event_type = 'repairs.charge.requested'"
        )?,
        2,
        "this one and the first special service's"
    );
    let (status, taken) = p
        .post(
            &tech,
            &format!("{base}/work-orders/{oid}/accept"),
            &json!({}),
        )
        .await?;
    assert_eq!(status, 200, "{taken}");
    assert_eq!(taken["technician_id"], tech_id.to_string().as_str());
    p.post(
        &tech,
        &format!("{base}/work-orders/{oid}/start"),
        &json!({}),
    )
    .await?;
    let (status, body) = p
        .post(
            &tech,
            &format!("{base}/work-orders/{oid}/complete"),
            &json!({"work_done": "清洗完成", "fee_fen": 15000, "signoff_name": "王先生"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("fee_already_charged"))
    );
    let (status, _) = p
        .post(
            &tech,
            &format!("{base}/work-orders/{oid}/complete"),
            &json!({"work_done": "清洗完成", "signoff_name": "王先生"}),
        )
        .await?;
    assert_eq!(status, 200);
    assert_eq!(
        p.db.count(
            "SELECT count(*) AS n FROM repairs.outbox WHERE event_type = 'repairs.charge.requested'"
        )?,
        2,
        "charged when ordered, not again at completion (billing keeps one charge per work order)"
    );

    // The month's figures by kind and technician, with the paid revenue.
    let (status, stats) = p
        .get(&supervisor, &format!("{base}/stats?month={month}"))
        .await?;
    assert_eq!(status, 200);
    let service = stats["rows"]
        .as_array()
        .and_then(|r| {
            r.iter()
                .find(|x| x["by"] == "kind" && x["key"] == "special_service")
                .cloned()
        })
        .unwrap_or_default();
    assert_eq!(
        (
            service["orders"].as_i64(),
            service["revenue_fen"].as_i64(),
            service["followed_up"].as_i64()
        ),
        (Some(2), Some(18000), Some(1))
    );
    let csv = p
        .http
        .get(p.url(&format!("{base}/stats.csv?month={month}")))
        .bearer_auth(&supervisor)
        .send()
        .await?
        .text()
        .await?;
    assert!(csv.contains("special_service,2,2"), "{csv}");
    p.stop().await;
    Ok(())
}
