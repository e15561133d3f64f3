//! The front desk's day through the gateway: an estate imported from CSV gets its own desk
//! staff; calls logged there as a repair and a complaint are forwarded and followed to closure;
//! the shift hands over its open entries; visitors, parcels, keys and records keep their rules.

use desk_e2e::{Platform, eventually};
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

const CSV: &str = "building,unit,floor,area_m2,status,resident_name,relation,phone\n\
A座,A-1-101,1,90,occupied,诸葛亮,owner,13600001111\n\
A座,A-1-102,1,90,occupied,黄月英,owner,13600002222\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_imported_estate_logs_calls_forwards_them_and_hands_the_shift_over() -> anyhow::Result<()>
{
    let p = Platform::start().await?;
    let admin = p.login("admin").await?;
    let (_, estate) = p
        .post(&admin, "/api/v1/documents/estates", &json!({
            "code": "OAK", "name": "橡树湾", "service_centre_name": "橡树湾服务中心", "service_phone": "02088880010"
        }))
        .await?;
    let oak = estate["estate_id"].as_str().unwrap_or_default().to_string();
    let res = p
        .http
        .post(p.url(&format!("/api/v1/documents/estates/{oak}/import")))
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body(CSV)
        .send()
        .await?;
    assert_eq!(res.status(), 201);

    // Two receptionists for the new estate.
    for (user, name) in [("oak.day", "日班 甲"), ("oak.night", "夜班 乙")] {
        let (status, body) = p
            .post(
                &admin,
                "/api/v1/auth/staff",
                &json!({
                    "username": user, "display_name": name, "password": "oak-desk-2026",
                    "roles": ["receptionist"], "estate_ids": [oak]
                }),
            )
            .await?;
        assert_eq!(status, 201, "{body}");
    }
    let (status, body) = p
        .post(&admin, "/api/v1/auth/staff", &json!({
            "username": "OAK.DAY", "display_name": "x", "password": "oak-desk-2026", "roles": ["receptionist"], "estate_ids": [oak]
        }))
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("username_taken"))
    );
    let login = |user: &'static str| {
        let p = &p;
        async move {
            let res = p
                .http
                .post(p.url("/api/v1/auth/login"))
                .json(&json!({"username": user, "password": "oak-desk-2026"}))
                .send()
                .await?;
            let body: Value = res.json().await?;
            Ok::<String, anyhow::Error>(body["token"].as_str().unwrap_or_default().to_string())
        }
    };
    let day = login("oak.day").await?;
    let night = login("oak.night").await?;

    // Reception knows the imported units and residents once the registry's events are in.
    let resident = eventually(WAIT, || async {
        let (_, body) = p
            .get(
                &day,
                &format!("/api/v1/reception/estates/{oak}/callers?phone=13600001111"),
            )
            .await?;
        Ok(body["residents"]
            .as_array()
            .and_then(|a| a.first().cloned()))
    })
    .await?;
    assert_eq!(resident["name"], "诸葛亮");
    assert_eq!(resident["unit_label"], "A-1-101");
    let resident_id = resident["resident_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    let (status, shift) = p
        .post(
            &night,
            &format!("/api/v1/reception/estates/{oak}/shifts"),
            &json!({"kind": "night"}),
        )
        .await?;
    assert_eq!(status, 201, "{shift}");
    let shift_id = shift["shift_id"].as_str().unwrap_or_default().to_string();
    let (status, body) = p
        .post(
            &day,
            &format!("/api/v1/reception/estates/{oak}/shifts"),
            &json!({"kind": "day"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("shift_already_open"))
    );

    // A repair picked from the registry, and a complaint; both forwarded.
    let (status, repair) = p
        .post(
            &night,
            &format!("/api/v1/reception/estates/{oak}/intakes"),
            &json!({
                "channel": "phone", "category": "repair",
                "caller": {"resident_id": resident_id}, "request": "厨房水管爆裂"
            }),
        )
        .await?;
    assert_eq!(status, 201, "{repair}");
    assert_eq!(
        repair["caller"]["unit_label"], "A-1-101",
        "filled from the registry"
    );
    assert_eq!(repair["caller"]["name"], "诸葛亮");
    let (status, complaint) = p
        .post(
            &night,
            &format!("/api/v1/reception/estates/{oak}/intakes"),
            &json!({
                "channel": "visit", "category": "complaint",
                "caller": {"unit_label": "a-1-102", "name": "黄女士"}, "request": "保安夜间脱岗"
            }),
        )
        .await?;
    assert_eq!(status, 201, "{complaint}");
    assert!(
        complaint["caller"]["unit_id"].is_string(),
        "a typed unit number the registry knows is linked"
    );
    let (status, body) = p
        .post(&night, &format!("/api/v1/reception/estates/{oak}/intakes"), &json!({
            "channel": "phone", "category": "repair", "caller": {"unit_id": uuid::Uuid::now_v7()}, "request": "x"
        }))
        .await?;
    assert_eq!((status, body["code"].as_str()), (422, Some("unknown_unit")));

    let repair_id = repair["intake_id"].as_str().unwrap_or_default().to_string();
    let complaint_id = complaint["intake_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    for (id, kind) in [(&repair_id, "work_order"), (&complaint_id, "complaint")] {
        let entry = eventually(WAIT, || async {
            let (_, body) = p
                .get(
                    &night,
                    &format!("/api/v1/reception/estates/{oak}/intakes/{id}"),
                )
                .await?;
            Ok((body["status"] == "forwarded").then_some(body))
        })
        .await?;
        assert_eq!(entry["downstream"]["kind"], kind);
    }
    assert_eq!(p.db.count(&format!("SELECT count(*) AS n FROM repairs.work_orders WHERE intake_id = '{repair_id}' AND unit_label = 'A-1-101'"))?, 1);
    assert_eq!(
        p.db.count(&format!(
            "SELECT count(*) AS n FROM complaints.complaints WHERE intake_id = '{complaint_id}'"
        ))?,
        1
    );

    // Not closable before the work order is; the category is locked once forwarded.
    let close = json!({"result": "已修好", "told_via": "phone", "satisfaction": "satisfied"});
    let (status, body) = p
        .post(
            &night,
            &format!("/api/v1/reception/estates/{oak}/intakes/{repair_id}/close"),
            &close,
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("downstream_still_open"))
    );
    let res = p
        .http
        .patch(p.url(&format!(
            "/api/v1/reception/estates/{oak}/intakes/{repair_id}"
        )))
        .bearer_auth(&night)
        .json(&json!({"category": "inquiry"}))
        .send()
        .await?;
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await?;
    assert_eq!(body["code"], "category_locked_after_forwarding");

    // The night log and handover: notes and every open entry.
    let (status, _) = p
        .post(
            &night,
            &format!("/api/v1/reception/estates/{oak}/shifts/{shift_id}/notes"),
            &json!({"body": "A-1-101 水管已关阀,待维修", "important": true}),
        )
        .await?;
    assert_eq!(status, 201);
    let (status, handed) = p
        .post(
            &night,
            &format!("/api/v1/reception/estates/{oak}/shifts/{shift_id}/handover"),
            &json!({}),
        )
        .await?;
    assert_eq!(status, 200, "{handed}");
    let listed: Vec<&str> = handed["handover"]["open_entries"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["intake_id"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        listed.contains(&repair_id.as_str()) && listed.contains(&complaint_id.as_str()),
        "{listed:?}"
    );
    assert_eq!(
        handed["handover"]["notes"][0]["body"],
        "A-1-101 水管已关阀,待维修"
    );
    let (status, body) = p
        .post(
            &night,
            &format!("/api/v1/reception/estates/{oak}/shifts/{shift_id}/notes"),
            &json!({"body": "late"}),
        )
        .await?;
    assert_eq!((status, body["code"].as_str()), (409, Some("shift_closed")));
    let (status, body) = p
        .post(
            &night,
            &format!("/api/v1/reception/estates/{oak}/shifts/{shift_id}/acknowledge"),
            &json!({"kind": "day"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("acknowledge_own_handover"))
    );
    let (status, taken) = p
        .post(
            &day,
            &format!("/api/v1/reception/estates/{oak}/shifts/{shift_id}/acknowledge"),
            &json!({"kind": "day"}),
        )
        .await?;
    assert_eq!(status, 200, "{taken}");
    assert_eq!(taken["shift"]["status"], "open");
    let (_, current) = p
        .get(
            &day,
            &format!("/api/v1/reception/estates/{oak}/shifts/current"),
        )
        .await?;
    assert_eq!(
        current["previous"]["shift_id"],
        shift_id.as_str(),
        "the night log shows at the morning handover"
    );
    assert_eq!(current["previous"]["notes"][0]["important"], true);

    // The work order closes downstream (its event, as repairs publishes it); then the desk tells
    // the person and closes the entry.
    publish_work_order_closed(&p, &oak, &repair_id)?;
    eventually(WAIT, || async {
        let (_, body) = p
            .get(
                &day,
                &format!("/api/v1/reception/estates/{oak}/intakes/{repair_id}"),
            )
            .await?;
        Ok(body["downstream"]["closed_at"].is_string().then_some(()))
    })
    .await?;
    let (status, closed) = p
        .post(
            &day,
            &format!("/api/v1/reception/estates/{oak}/intakes/{repair_id}/close"),
            &close,
        )
        .await?;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["satisfaction"], "satisfied");
    let (status, body) = p
        .post(
            &day,
            &format!("/api/v1/reception/estates/{oak}/intakes/{repair_id}/close"),
            &close,
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("intake_closed"))
    );
    assert_eq!(p.db.count("SELECT count(*) AS n FROM reception.outbox WHERE event_type = 'reception.intake.closed'")?, 1);

    // An inquiry that turns out to be a repair goes to repairs when recategorised.
    let (_, inquiry) = p
        .post(&day, &format!("/api/v1/reception/estates/{oak}/intakes"), &json!({
            "channel": "phone", "category": "inquiry", "caller": {"phone": "13600002222"}, "request": "门铃不响是谁负责?"
        }))
        .await?;
    let inquiry_id = inquiry["intake_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let res = p
        .http
        .patch(p.url(&format!(
            "/api/v1/reception/estates/{oak}/intakes/{inquiry_id}"
        )))
        .bearer_auth(&day)
        .json(&json!({"category": "repair"}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    eventually(WAIT, || async {
        let n = p.db.count(&format!(
            "SELECT count(*) AS n FROM repairs.work_orders WHERE intake_id = '{inquiry_id}'"
        ))?;
        Ok((n == 1).then_some(()))
    })
    .await?;

    // Lists: open, due and overdue.
    let (_, open) = p
        .get(
            &day,
            &format!("/api/v1/reception/estates/{oak}/intakes?view=open"),
        )
        .await?;
    assert_eq!(
        open["items"].as_array().map(|a| a.len()),
        Some(2),
        "the complaint and the recategorised inquiry"
    );
    let (_, overdue) = p
        .get(
            &day,
            &format!("/api/v1/reception/estates/{oak}/intakes?view=overdue"),
        )
        .await?;
    assert_eq!(overdue["items"].as_array().map(|a| a.len()), Some(0));
    p.stop().await;
    Ok(())
}

/// What repairs publishes when it closes an order, written to its outbox as repairs would.
fn publish_work_order_closed(p: &Platform, estate: &str, intake_id: &str) -> anyhow::Result<()> {
    use desk_events::proto::desk::v1::repairs::WorkOrderClosed;
    let meta = desk_events::EventMeta {
        group_id: desk_platform::demo::group_id(),
        estate_id: estate.parse()?,
        aggregate_id: uuid::Uuid::now_v7(),
        aggregate_version: 5,
        correlation_id: uuid::Uuid::now_v7(),
        causation_id: None,
        actor_kind: "staff",
        actor_id: String::new(),
    };
    let event = desk_events::envelope(
        &meta,
        "repairs.work_order.closed",
        desk_events::Payload::WorkOrderClosed(WorkOrderClosed {
            work_order_id: uuid::Uuid::now_v7().to_string(),
            intake_id: intake_id.to_string(),
            result: "换了三通阀".into(),
            ..Default::default()
        }),
    );
    let mut conn = p.db.admin()?;
    let outbox = desk_events::outbox::Outbox::new("repairs");
    outbox.enqueue(&mut conn, desk_events::topics::WORK_ORDER, &event)?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn visitors_parcels_keys_and_records_keep_their_rules() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let desk = p.login("sun.desk").await?;
    let sun = desk_e2e::estate("SUN");
    let base = format!("/api/v1/reception/estates/{sun}");

    // Visitors sign in and out once.
    let (status, visitor) = p.post(&desk, &format!("{base}/visitors"), &json!({"name": "快递员小李", "company": "顺丰", "visiting": "3-1-602 王先生", "phone": "13500001111"})).await?;
    assert_eq!(status, 201, "{visitor}");
    assert_eq!(visitor["phone"], "135****1111");
    let vid = visitor["visitor_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (_, on_site) = p
        .get(&desk, &format!("{base}/visitors?on_site=true"))
        .await?;
    assert_eq!(on_site["items"].as_array().map(|a| a.len()), Some(1));
    let (status, _) = p
        .post(
            &desk,
            &format!("{base}/visitors/{vid}/sign-out"),
            &json!({}),
        )
        .await?;
    assert_eq!(status, 200);
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/visitors/{vid}/sign-out"),
            &json!({}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("visitor_already_left"))
    );

    // Parcels: signed in with damage noted, notified, collected once against a signature.
    let (status, parcel) = p.post(&desk, &format!("{base}/parcels"), &json!({"kind": "express", "carrier": "中通", "tracking_no": "ZT123", "recipient_name": "王先生", "damage_note": "外箱一角破损"})).await?;
    assert_eq!(status, 201, "{parcel}");
    let pid = parcel["parcel_id"].as_str().unwrap_or_default().to_string();
    let (_, notified) = p
        .post(&desk, &format!("{base}/parcels/{pid}/notify"), &json!({}))
        .await?;
    assert_eq!(notified["notify_count"], 1);
    let (_, held) = p.get(&desk, &format!("{base}/parcels?status=held")).await?;
    assert_eq!(held["items"][0]["age_days"], 0);
    assert_eq!(held["items"][0]["return_due"], false);
    let (status, _) = p
        .post(
            &desk,
            &format!("{base}/parcels/{pid}/collect"),
            &json!({"collector_name": "王先生", "signature": "王"}),
        )
        .await?;
    assert_eq!(status, 200);
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/parcels/{pid}/collect"),
            &json!({"collector_name": "别人", "signature": "x"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("parcel_already_collected"))
    );
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/parcels/{pid}/return"),
            &json!({"reason": "无人领取"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("parcel_already_collected"))
    );

    // Keys: lent once; outsiders leave an ID and a deposit; the count finds what is missing.
    let (status, key) = p
        .post(
            &desk,
            &format!("{base}/keys"),
            &json!({"kind": "plant_room", "label": "B1 水泵房", "building": "1栋", "floor": -1}),
        )
        .await?;
    assert_eq!(status, 201, "{key}");
    let (_, spare) = p
        .post(
            &desk,
            &format!("{base}/keys"),
            &json!({"kind": "vacant_unit", "label": "2-1-501 户门"}),
        )
        .await?;
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/keys"),
            &json!({"kind": "other", "label": "B1 水泵房"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("key_label_taken"))
    );
    let kid = key["key_id"].as_str().unwrap_or_default().to_string();
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/keys/{kid}/lend"),
            &json!({"borrower_name": "外包水电工", "outsider": true, "signature": "张"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("outsider_needs_id_and_deposit"))
    );
    let (status, loan) = p.post(&desk, &format!("{base}/keys/{kid}/lend"), &json!({
        "borrower_name": "外包水电工", "outsider": true, "borrower_id_number": "11010519491231002X",
        "deposit_fen": 10000, "signature": "张", "hours": 2
    })).await?;
    assert_eq!(status, 201, "{loan}");
    assert_eq!(loan["borrower_id"], "**************002X");
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/keys/{kid}/lend"),
            &json!({"borrower_name": "另一人", "signature": "李"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("key_already_lent"))
    );
    let (_, board) = p.get(&desk, &format!("{base}/keys")).await?;
    let out = board["items"]
        .as_array()
        .and_then(|a| a.iter().find(|k| k["key_id"] == kid.as_str()).cloned())
        .unwrap_or_default();
    assert_eq!(out["loan"]["borrower_name"], "外包水电工");
    let (status, counted) = p
        .post(
            &desk,
            &format!("{base}/key-counts"),
            &json!({"present": []}),
        )
        .await?;
    assert_eq!(status, 201);
    assert_eq!(
        (counted["total"].as_i64(), counted["lent"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        counted["missing"][0]["key_id"], spare["key_id"],
        "not on the board and not lent"
    );
    let (status, _) = p
        .post(&desk, &format!("{base}/keys/{kid}/return"), &json!({}))
        .await?;
    assert_eq!(status, 200);
    let (status, body) = p
        .post(&desk, &format!("{base}/keys/{kid}/return"), &json!({}))
        .await?;
    assert_eq!((status, body["code"].as_str()), (409, Some("key_not_lent")));

    // Records: a major incident opened and closed, with its history kept.
    let (status, incident) = p.post(&desk, &format!("{base}/records/incidents"), &json!({"title": "2号电梯困人", "details": {"kind": "equipment", "actions": "通知维保,20分钟解救"}})).await?;
    assert_eq!(status, 201, "{incident}");
    assert_eq!(incident["status"], "open");
    let rid = incident["record_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (status, closed) = p
        .post(
            &desk,
            &format!("{base}/records/incidents/{rid}/status"),
            &json!({"status": "closed", "note": "维保报告已归档"}),
        )
        .await?;
    assert_eq!(status, 200);
    assert_eq!(closed["details"]["history"][0]["to"], "closed");
    let (status, _) = p
        .post(
            &desk,
            &format!("{base}/records/cars"),
            &json!({"title": "x"}),
        )
        .await?;
    assert_eq!(status, 404);
    let (status, _) = p
        .post(
            &desk,
            &format!("{base}/records/pets/{rid}/status"),
            &json!({"status": "removed"}),
        )
        .await?;
    assert_eq!(status, 404, "an incident is not a pet");
    p.stop().await;
    Ok(())
}
