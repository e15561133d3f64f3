//! 首问责任制 through the gateway: the person who took an entry owns it until it is passed on
//! explicitly (the acknowledged handover, a supervisor's reassignment), others add notes, only
//! the owner or a supervisor closes it, and the trail shows who owned it when; emergencies head
//! every list until their work is done; praise and suggestions close with something done; and
//! the desk's lateness follows the platform's one clock.

use desk_e2e::{Platform, eventually};
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

fn sun() -> String {
    desk_e2e::estate("SUN").to_string()
}

fn id(v: &Value, field: &str) -> String {
    v[field].as_str().unwrap_or_default().to_string()
}

/// A second receptionist of 阳光花园, signed in.
async fn second_receptionist(p: &Platform) -> anyhow::Result<(String, String)> {
    let admin = p.login("admin").await?;
    let (status, body) = p
        .post(
            &admin,
            "/api/v1/auth/staff",
            &json!({
                "username": "sun.desk2", "display_name": "前台 许诺", "password": "sun-desk-2026",
                "roles": ["receptionist"], "estate_ids": [sun()]
            }),
        )
        .await?;
    assert_eq!(status, 201, "{body}");
    let res = p
        .http
        .post(p.url("/api/v1/auth/login"))
        .json(&json!({"username": "sun.desk2", "password": "sun-desk-2026"}))
        .send()
        .await?;
    let login: Value = res.json().await?;
    Ok((id(&login, "token"), id(&login["staff"], "staff_id")))
}

async fn log(p: &Platform, token: &str, category: &str, request: &str) -> anyhow::Result<Value> {
    let (status, body) = p
        .post(
            token,
            &format!("/api/v1/reception/estates/{}/intakes", sun()),
            &json!({
                "channel": "phone", "category": category,
                "caller": {"name": "王先生", "phone": "13800001234", "unit_label": "1-1-101"},
                "request": request
            }),
        )
        .await?;
    assert_eq!(status, 201, "{body}");
    Ok(body)
}

fn actions(entry: &Value) -> Vec<(String, String)> {
    entry["trail"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| (id(s, "action"), id(s, "owner_id")))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_taker_owns_an_entry_until_it_is_passed_on_explicitly() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let estate = sun();
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let tech = p.login("sun.tech").await?;
    let (desk2, desk2_id) = second_receptionist(&p).await?;
    let base = format!("/api/v1/reception/estates/{estate}/intakes");

    let entry = log(&p, &desk, "inquiry", "停水几点恢复?").await?;
    let entry_id = id(&entry, "intake_id");
    let desk_id = id(&entry, "taken_by");
    assert_eq!(id(&entry, "owner_id"), desk_id, "the taker owns it");

    // Another receptionist adds a note; the owner stays the owner.
    let (status, noted) = p
        .post(
            &desk2,
            &format!("{base}/{entry_id}/notes"),
            &json!({"body": "已联系供水公司,预计下午三点恢复"}),
        )
        .await?;
    assert_eq!(status, 200, "{noted}");
    assert_eq!(id(&noted, "owner_id"), desk_id);

    // Only the owner or a supervisor closes it: not a colleague, never a technician.
    let close = json!({"result": "已告知恢复时间", "told_via": "phone"});
    let (status, body) = p
        .post(&desk2, &format!("{base}/{entry_id}/close"), &close)
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("not_entry_owner")),
        "{body}"
    );
    for outsider in [
        &tech,
        &p.login("sun.cashier").await?,
        &p.login("admin").await?,
    ] {
        let (status, body) = p
            .post(outsider, &format!("{base}/{entry_id}/close"), &close)
            .await?;
        assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    }
    let (status, body) = p
        .post(
            &tech,
            &format!("{base}/{entry_id}/notes"),
            &json!({"body": "x"}),
        )
        .await?;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));

    // The shift handover passes the outgoing shift's entries once it is acknowledged.
    let shifts = format!("/api/v1/reception/estates/{estate}/shifts");
    let (status, shift) = p.post(&desk, &shifts, &json!({"kind": "day"})).await?;
    assert_eq!(status, 201, "{shift}");
    let shift_id = id(&shift, "shift_id");
    let (status, handed) = p
        .post(&desk, &format!("{shifts}/{shift_id}/handover"), &json!({}))
        .await?;
    assert_eq!(status, 200, "{handed}");
    let (_, still) = p.get(&desk, &format!("{base}/{entry_id}")).await?;
    assert_eq!(
        id(&still, "owner_id"),
        desk_id,
        "handing over alone passes nothing"
    );
    let (status, taken) = p
        .post(
            &desk2,
            &format!("{shifts}/{shift_id}/acknowledge"),
            &json!({"kind": "night"}),
        )
        .await?;
    assert_eq!(status, 200, "{taken}");
    let (_, passed) = p.get(&desk, &format!("{base}/{entry_id}")).await?;
    assert_eq!(id(&passed, "owner_id"), desk2_id);
    let (status, body) = p
        .post(&desk, &format!("{base}/{entry_id}/close"), &close)
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("not_entry_owner")),
        "the former owner no longer closes it"
    );

    // A supervisor gives it back, with a reason; a receptionist cannot.
    let (status, body) = p
        .post(
            &desk2,
            &format!("{base}/{entry_id}/reassign"),
            &json!({"owner_id": desk_id, "reason": "x"}),
        )
        .await?;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    let (status, back) = p
        .post(
            &supervisor,
            &format!("{base}/{entry_id}/reassign"),
            &json!({"owner_id": desk_id, "reason": "林晓熟悉此事,由她回复"}),
        )
        .await?;
    assert_eq!(status, 200, "{back}");
    assert_eq!(id(&back, "owner_id"), desk_id);
    let (status, body) = p
        .post(
            &supervisor,
            &format!("{base}/{entry_id}/reassign"),
            &json!({"owner_id": desk_id, "reason": "again"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("already_entry_owner"))
    );

    // The trail shows who owned it when.
    assert_eq!(
        actions(&back),
        vec![
            ("taken".to_string(), desk_id.clone()),
            ("note".to_string(), desk_id.clone()),
            ("handed_over".to_string(), desk2_id.clone()),
            ("reassigned".to_string(), desk_id.clone()),
        ]
    );
    assert_eq!(back["trail"][1]["note"], "已联系供水公司,预计下午三点恢复");
    assert_eq!(back["trail"][3]["note"], "林晓熟悉此事,由她回复");

    // The owner closes it; another entry of the colleague's is closed by a supervisor.
    let (status, closed) = p
        .post(&desk, &format!("{base}/{entry_id}/close"), &close)
        .await?;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["trail"][4]["action"], "closed");
    let other = log(&p, &desk2, "help", "帮忙搬运快递").await?;
    let (status, _) = p
        .post(
            &supervisor,
            &format!("{base}/{}/close", id(&other, "intake_id")),
            &close,
        )
        .await?;
    assert_eq!(status, 200);

    // The desk's own list: what each one owns.
    let (_, mine) = p
        .get(&desk2, &format!("{base}?view=open&owner_id={desk2_id}"))
        .await?;
    assert!(
        mine["items"]
            .as_array()
            .is_some_and(|a| a.iter().all(|i| id(i, "owner_id") == desk2_id)),
        "{mine}"
    );

    // A technician's patrol referral belongs to the desk on duty.
    let (status, referral) = p
        .post(
            &tech,
            &base,
            &json!({"channel": "patrol", "category": "inquiry", "request": "3栋大堂灯不亮,住户询问"}),
        )
        .await?;
    assert_eq!(status, 201, "{referral}");
    assert_eq!(id(&referral, "owner_id"), desk2_id);
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn lateness_follows_the_one_clock() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let desk = p.login("sun.desk").await?;
    let base = format!("/api/v1/reception/estates/{}/intakes", sun());
    let entry = log(&p, &desk, "inquiry", "物业费发票怎么开?").await?;
    let entry_id = id(&entry, "intake_id");
    assert_eq!(entry["urgency"], "on_track");
    let overdue = || async {
        let (_, list) = p.get(&desk, &format!("{base}?view=overdue")).await?;
        Ok::<Vec<String>, anyhow::Error>(
            list["items"]
                .as_array()
                .map(|a| a.iter().map(|i| id(i, "intake_id")).collect())
                .unwrap_or_default(),
        )
    };
    assert!(!overdue().await?.contains(&entry_id));
    // "By the end of the next day": a day on, it is on today's list of the estate ...
    p.clock.advance_hours(24);
    let (_, today) = p.get(&desk, &format!("{base}?view=due")).await?;
    assert!(
        today["items"]
            .as_array()
            .is_some_and(|a| a.iter().any(|i| id(i, "intake_id") == entry_id)),
        "{today}"
    );
    assert!(!overdue().await?.contains(&entry_id));
    // ... and two days on, it is late.
    p.clock.advance_hours(24);
    assert!(overdue().await?.contains(&entry_id));
    let (_, late) = p.get(&desk, &format!("{base}/{entry_id}")).await?;
    assert_eq!(late["urgency"], "overdue");
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn praise_and_suggestions_close_with_something_done() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let manager = p.login("sun.manager").await?;
    let hq = p.login("hq").await?;
    let base = format!("/api/v1/reception/estates/{}/intakes", sun());
    let close = json!({"result": "已告知", "told_via": "phone"});

    // Praise goes to the staff member's record, verified by a supervisor.
    let praise = log(&p, &desk, "praise", "表扬维修员赵师傅上门及时").await?;
    let praise_id = id(&praise, "intake_id");
    let (status, body) = p
        .post(&desk, &format!("{base}/{praise_id}/close"), &close)
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("outcome_required"))
    );
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/{praise_id}/refer"),
            &json!({"to": "staff_record"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("staff_member_required"))
    );
    let (status, referred) = p
        .post(
            &desk,
            &format!("{base}/{praise_id}/refer"),
            &json!({"to": "staff_record", "staff_member": "维修员 赵强"}),
        )
        .await?;
    assert_eq!(status, 200, "{referred}");
    assert_eq!(referred["referral"]["to"], "staff_record");
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/{praise_id}/outcome"),
            &json!({"outcome": "x"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("not_the_recipient"))
    );
    let (status, done) = p
        .post(
            &supervisor,
            &format!("{base}/{praise_id}/outcome"),
            &json!({"outcome": "查证属实,记入赵强员工档案,月度嘉奖"}),
        )
        .await?;
    assert_eq!(status, 200, "{done}");
    assert!(done["referral"]["outcome_at"].is_string());
    let (status, closed) = p
        .post(&desk, &format!("{base}/{praise_id}/close"), &close)
        .await?;
    assert_eq!(status, 200, "{closed}");

    // A suggestion to the estate manager; a major one to HQ.
    for (to, answerer, wrong) in [("estate_manager", &manager, &hq), ("hq", &hq, &manager)] {
        let s = log(&p, &desk, "suggestion", "建议小区增设电动车充电桩").await?;
        let sid = id(&s, "intake_id");
        let (status, body) = p
            .post(
                &desk,
                &format!("{base}/{sid}/outcome"),
                &json!({"outcome": "x"}),
            )
            .await?;
        assert_eq!((status, body["code"].as_str()), (409, Some("not_referred")));
        let (status, _) = p
            .post(&desk, &format!("{base}/{sid}/refer"), &json!({"to": to}))
            .await?;
        assert_eq!(status, 200);
        let (status, _) = p
            .post(
                wrong,
                &format!("{base}/{sid}/outcome"),
                &json!({"outcome": "x"}),
            )
            .await?;
        assert_eq!(status, 403, "{to}");
        let (status, _) = p
            .post(
                answerer,
                &format!("{base}/{sid}/outcome"),
                &json!({"outcome": "列入下季度工作计划"}),
            )
            .await?;
        assert_eq!(status, 200, "{to}");
        let (status, closed) = p
            .post(&desk, &format!("{base}/{sid}/close"), &close)
            .await?;
        assert_eq!(status, 200, "{closed}");
        let steps: Vec<String> = actions(&closed).into_iter().map(|(a, _)| a).collect();
        assert_eq!(steps, ["taken", "referred", "outcome", "closed"]);
    }
    p.stop().await;
    Ok(())
}

fn time(v: &Value) -> chrono::DateTime<chrono::Utc> {
    v.as_str()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn emergencies_head_every_list_until_their_work_is_done() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let estate = sun();
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let tech = p.login("sun.tech").await?;
    let tech_id = desk_platform::demo::id("staff", "sun.tech");
    let base = format!("/api/v1/reception/estates/{estate}/intakes");
    let repairs = format!("/api/v1/repairs/estates/{estate}");
    // The platform's clock is hours ahead of the wall clock: every service reads it.
    p.clock.advance_hours(3);

    log(&p, &desk, "inquiry", "装修押金怎么退?").await?;
    let emergency = log(&p, &desk, "emergency", "地下室水管爆裂,水已漫到电梯井").await?;
    let eid = id(&emergency, "intake_id");
    assert_eq!(emergency["pinned"], true);
    log(&p, &desk, "inquiry", "门禁卡怎么补办?").await?;

    // At the top of the desk's and the supervisor's lists, though the newest is an inquiry.
    for (token, view) in [
        (&desk, "open"),
        (&desk, "overdue"),
        (&supervisor, "all"),
        (&supervisor, "open"),
        (&supervisor, "overdue"),
    ] {
        let (_, list) = p.get(token, &format!("{base}?view={view}")).await?;
        assert_eq!(
            list["items"][0]["intake_id"],
            eid.as_str(),
            "{view}: {list}"
        );
        assert_eq!(list["items"][0]["pinned"], true);
        let again = list["items"]
            .as_array()
            .map(|a| a.iter().filter(|i| i["intake_id"] == eid.as_str()).count());
        assert_eq!(again, Some(1), "listed once");
    }
    let shifts = format!("/api/v1/reception/estates/{estate}/shifts");
    let (_, shift) = p.post(&desk, &shifts, &json!({"kind": "day"})).await?;
    let (_, handed) = p
        .post(
            &desk,
            &format!("{shifts}/{}/handover", id(&shift, "shift_id")),
            &json!({}),
        )
        .await?;
    assert_eq!(
        handed["handover"]["open_entries"][0]["intake_id"],
        eid.as_str(),
        "the handover starts with the emergency: {handed}"
    );

    // Repairs opens an emergency order timed in minutes from the desk's call.
    let order = eventually(WAIT, || async {
        let (_, b) = p
            .get(&desk, &format!("{repairs}/work-orders?intake_id={eid}"))
            .await?;
        Ok(b["items"]
            .as_array()
            .and_then(|a| a.first().cloned())
            .filter(|o| o["details"]["respond_by"].is_string()))
    })
    .await?;
    assert_eq!(order["kind"], "emergency");
    let called = time(&order["details"]["called_at"]);
    assert_eq!(
        called.timestamp_micros(),
        time(&emergency["created_at"]).timestamp_micros(),
        "{order}"
    );
    assert_eq!(
        time(&order["details"]["respond_by"]) - called,
        chrono::Duration::minutes(30)
    );
    assert!(
        order["details"]["alerted"]
            .as_array()
            .is_some_and(|a| a.iter().any(|t| t == "engineering")),
        "{order}"
    );
    let oid = id(&order, "work_order_id");
    // The desk's entry follows the order before the work is done.
    eventually(WAIT, || async {
        let (_, e) = p.get(&desk, &format!("{base}/{eid}")).await?;
        Ok(e["downstream"]["id"].is_string().then_some(()))
    })
    .await?;

    // The technician goes, and finishes: the emergency leaves the top of the lists.
    let res = p
        .http
        .put(p.url(&format!("{repairs}/technicians/{tech_id}")))
        .bearer_auth(&supervisor)
        .json(&json!({"name": "赵强", "skills": ["plumbing"]}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    for (token, step, body) in [
        (&desk, "dispatch", json!({"technician_id": tech_id})),
        (&tech, "accept", json!({})),
        (&tech, "start", json!({})),
        (
            &tech,
            "complete",
            json!({"work_done": "关闭总阀,更换爆裂管段", "signoff_name": "王先生"}),
        ),
    ] {
        let (status, b) = p
            .post(token, &format!("{repairs}/work-orders/{oid}/{step}"), &body)
            .await?;
        assert_eq!(status, 200, "{step}: {b}");
        if step == "start" {
            assert_eq!(b["response_minutes"], 0, "counted from the call: {b}");
        }
    }
    let handled = eventually(WAIT, || async {
        let (_, e) = p.get(&desk, &format!("{base}/{eid}")).await?;
        Ok(e["handled_at"].is_string().then_some(e))
    })
    .await?;
    assert_eq!(handled["pinned"], Value::Null);
    assert!(
        actions(&handled).iter().any(|(a, _)| a == "handled"),
        "{handled}"
    );
    let (_, list) = p.get(&desk, &format!("{base}?view=open")).await?;
    assert_ne!(list["items"][0]["intake_id"], eid.as_str(), "{list}");
    p.stop().await;
    Ok(())
}
