//! The complaint rules as the seeds wrote them, through the gateway: the clock stays with the
//! complaint when it is reassigned; a complaint nobody assigns is overdue too; a major one is
//! the estate manager's; the on-time rate counts overdue open complaints as late; the month's
//! report can be frozen; the desk's entry is due when the complaint is; and the sweep reaches a
//! new complaint however many old ones sit at the top.

use desk_e2e::{Platform, estate, eventually};
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

fn base() -> String {
    format!("/api/v1/complaints/estates/{}/complaints", estate("SUN"))
}

/// Log a complaint at the desk and wait for complaints to open it; returns (intake, complaint).
async fn desk_complaint(
    p: &Platform,
    desk: &str,
    request: &str,
) -> anyhow::Result<(String, Value)> {
    let sun = estate("SUN");
    let (status, body) = p
        .post(
            desk,
            &format!("/api/v1/reception/estates/{sun}/intakes"),
            &json!({
                "channel": "phone", "category": "complaint",
                "caller": {"phone": "13812340000", "unit_label": "3-1-602"}, "request": request
            }),
        )
        .await?;
    anyhow::ensure!(status == 201, "{status} {body}");
    let intake = body["intake_id"].as_str().unwrap_or_default().to_string();
    let c = eventually(WAIT, || async {
        let (_, body) = p
            .get(desk, &format!("{}?intake_id={intake}", base()))
            .await?;
        Ok(body["items"].as_array().and_then(|a| a.first().cloned()))
    })
    .await?;
    Ok((intake, c))
}

fn id(c: &Value) -> String {
    c["complaint_id"].as_str().unwrap_or_default().to_string()
}

fn actions(c: &Value) -> Vec<String> {
    c["trail"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s["action"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn month_of(at: chrono::DateTime<chrono::Utc>) -> String {
    desk_platform::local::Zone::default().month(at)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reassigned_complaint_keeps_its_deadline_and_level_unless_extended_with_a_reason()
-> anyhow::Result<()> {
    let p = Platform::start().await?;
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let month = month_of(p.clock.now());
    let (_, c) = desk_complaint(&p, &desk, "电梯维保人员态度恶劣").await?;
    let c = id(&c);
    let (status, first) = p
        .post(
            &supervisor,
            &format!("{}/{c}/assign", base()),
            &json!({"department": "customer_service"}),
        )
        .await?;
    assert_eq!(status, 200, "{first}");
    let deadline = first["deadline_at"].clone();

    // A week on: overdue, escalated; then handed to another department.
    p.clock.advance_hours(24 * 7);
    let climbed = eventually(WAIT, || async {
        let (_, body) = p.get(&supervisor, &format!("{}/{c}", base())).await?;
        Ok((body["escalation"] == "hq").then_some(body))
    })
    .await?;
    assert_eq!(climbed["overdue"], true);
    let (status, moved) = p
        .post(
            &supervisor,
            &format!("{}/{c}/assign", base()),
            &json!({"department": "engineering"}),
        )
        .await?;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["department"], "engineering");
    assert_eq!(moved["deadline_at"], deadline, "the clock is not reset");
    assert_eq!(moved["escalation"], "hq", "the level stays");
    assert_eq!(moved["overdue"], true);

    // An extension needs a reason, and moves the deadline later.
    let later = (p.clock.now() + chrono::Duration::days(3)).to_rfc3339();
    let (status, body) = p
        .post(
            &supervisor,
            &format!("{}/{c}/assign", base()),
            &json!({"department": "engineering", "extend_to": later}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("extension_needs_reason"))
    );
    let (status, extended) = p
        .post(
            &supervisor,
            &format!("{}/{c}/assign", base()),
            &json!({"department": "engineering", "extend_to": later, "reason": "需外请电梯厂家"}),
        )
        .await?;
    assert_eq!(status, 200, "{extended}");
    assert_ne!(extended["deadline_at"], deadline);
    assert_eq!(extended["extensions"], 1);
    let (_, full) = p.get(&supervisor, &format!("{}/{c}", base())).await?;
    let steps = actions(&full);
    assert!(
        steps.contains(&"deadline_extended".to_string()),
        "{steps:?}"
    );
    let ext = full["trail"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|s| s["action"] == "deadline_extended")
                .cloned()
        })
        .unwrap_or_default();
    assert_eq!(ext["reason"], "需外请电梯厂家");

    // Counted as extended in the month, and late: the deadline had passed unresolved.
    let (_, stats) = p
        .get(
            &supervisor,
            &format!(
                "/api/v1/complaints/estates/{}/stats?month={month}",
                estate("SUN")
            ),
        )
        .await?;
    assert_eq!(stats["totals"]["extended"], 1, "{stats}");
    assert_eq!(stats["totals"]["due"], 1, "{stats}");
    assert_eq!(stats["totals"]["on_time"], 0, "{stats}");
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn only_the_estate_manager_takes_a_complaint_off_major() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let manager = p.login("sun.manager").await?;
    let (_, c) = desk_complaint(&p, &desk, "多户业主联名投诉噪音").await?;
    let c = id(&c);
    let (status, _) = p
        .post(
            &supervisor,
            &format!("{}/{c}/classify", base()),
            &json!({"severity": "major", "reason": "联名投诉"}),
        )
        .await?;
    assert_eq!(status, 200);
    let (status, body) = p
        .post(
            &supervisor,
            &format!("{}/{c}/classify", base()),
            &json!({"severity": "general", "reason": "其实只有一户"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("major_severity_by_estate_manager")),
        "{body}"
    );
    let (status, _) = p
        .post(
            &supervisor,
            &format!("{}/{c}/assign", base()),
            &json!({"department": "security"}),
        )
        .await?;
    assert_eq!(status, 403, "still major: the estate manager assigns it");
    let (status, body) = p
        .post(
            &manager,
            &format!("{}/{c}/classify", base()),
            &json!({"severity": "general", "reason": "核实为一般投诉"}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["severity"], "general");
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_complaint_raised_to_major_after_assignment_waits_for_the_managers_reply_date()
-> anyhow::Result<()> {
    let p = Platform::start().await?;
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let manager = p.login("sun.manager").await?;
    let (_, c) = desk_complaint(&p, &desk, "地下车库漏水泡车").await?;
    let c = id(&c);
    let (status, _) = p
        .post(
            &supervisor,
            &format!("{}/{c}/assign", base()),
            &json!({"department": "engineering"}),
        )
        .await?;
    assert_eq!(status, 200);
    let (status, raised) = p
        .post(
            &supervisor,
            &format!("{}/{c}/classify", base()),
            &json!({"severity": "major", "reason": "多辆车受损"}),
        )
        .await?;
    assert_eq!(status, 200, "{raised}");
    assert_eq!(raised["status"], "received", "back with the estate manager");
    assert_eq!(
        raised["deadline_at"],
        Value::Null,
        "the supervisor's deadline does not stand"
    );
    assert!(raised["assign_by"].is_string());
    // The department cannot close it under the old deadline.
    let tech = p.login("sun.tech").await?;
    let (status, _) = p
        .post(
            &tech,
            &format!("{}/{c}/resolve", base()),
            &json!({"result": "已堵漏"}),
        )
        .await?;
    assert_eq!(status, 409);
    let (status, _) = p
        .post(
            &supervisor,
            &format!("{}/{c}/assign", base()),
            &json!({"department": "engineering"}),
        )
        .await?;
    assert_eq!(status, 403);
    let reply_due = (p.clock.now() + chrono::Duration::days(4))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (status, body) = p
        .post(
            &manager,
            &format!("{}/{c}/assign", base()),
            &json!({"department": "engineering", "reply_due": reply_due}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "assigned");
    assert_eq!(body["deadline_at"].as_str(), Some(reply_due.as_str()));
    assert_eq!(body["reply_due"].as_str(), Some(reply_due.as_str()));
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_overdue_open_complaint_counts_late_in_the_on_time_rate() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let month = month_of(p.clock.now());
    let (_, c) = desk_complaint(&p, &desk, "保洁员长期不打扫楼道").await?;
    let c = id(&c);
    p.post(
        &supervisor,
        &format!("{}/{c}/assign", base()),
        &json!({"department": "cleaning"}),
    )
    .await?;
    let stats_path = format!(
        "/api/v1/complaints/estates/{}/stats?month={month}",
        estate("SUN")
    );
    let (_, before) = p.get(&supervisor, &stats_path).await?;
    assert_eq!(before["rates"]["on_time"], Value::Null, "nothing due yet");
    p.clock.advance_hours(24 * 5);
    // The sweep records the lapse: the read model moves when the deadline passes.
    let stats = eventually(WAIT, || async {
        let (_, s) = p.get(&supervisor, &stats_path).await?;
        Ok((s["totals"]["due"] == 1).then_some(s))
    })
    .await?;
    assert_eq!(stats["totals"]["resolved"], 0);
    assert_eq!(stats["rates"]["on_time"], 0.0, "late, not absent: {stats}");
    let kept = p.db.count(&format!(
        "SELECT coalesce(sum(due), 0)::bigint AS n FROM complaints.stats WHERE estate_id = '{}'",
        estate("SUN")
    ))?;
    assert_eq!(kept, 1, "kept in the read model, not counted on request");
    // Resolved late: still late, still counted once.
    p.post(
        &supervisor,
        &format!("{}/{c}/resolve", base()),
        &json!({"result": "已更换保洁员"}),
    )
    .await?;
    let (_, after) = p.get(&supervisor, &stats_path).await?;
    assert_eq!(
        (
            after["totals"]["due"].as_i64(),
            after["totals"]["resolved"].as_i64(),
            after["totals"]["on_time"].as_i64()
        ),
        (Some(1), Some(1), Some(0))
    );
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_complaint_nobody_assigns_is_overdue_and_escalated() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let (_, settings) = p
        .get(
            &supervisor,
            &format!("/api/v1/complaints/estates/{}/settings", estate("SUN")),
        )
        .await?;
    assert_eq!(settings["assign_within_hours"], 2);
    // Each estate sets its own time; the estate manager changes it.
    let manager = p.login("sun.manager").await?;
    let settings_url = p.url(&format!(
        "/api/v1/complaints/estates/{}/settings",
        estate("SUN")
    ));
    let mut changed = settings.clone();
    changed["assign_within_hours"] = json!(0);
    let res = p
        .http
        .put(&settings_url)
        .bearer_auth(&manager)
        .json(&changed)
        .send()
        .await?;
    assert_eq!(res.status(), 422);
    changed["assign_within_hours"] = json!(4);
    let res = p
        .http
        .put(&settings_url)
        .bearer_auth(&manager)
        .json(&changed)
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    let (_, settings) = p
        .get(
            &supervisor,
            &format!("/api/v1/complaints/estates/{}/settings", estate("SUN")),
        )
        .await?;
    assert_eq!(settings["assign_within_hours"], 4);
    let (_, c) = desk_complaint(&p, &desk, "快递柜被占用无人管理").await?;
    assert_eq!(c["overdue"], false);
    assert!(c["assign_by"].is_string(), "{c}");
    let c = id(&c);
    p.clock.advance_hours(24 * 4);
    let climbed = eventually(WAIT, || async {
        let (_, body) = p.get(&supervisor, &format!("{}/{c}", base())).await?;
        Ok((body["escalation"] != "department").then_some(body))
    })
    .await?;
    assert_eq!(climbed["status"], "received");
    assert_eq!(climbed["overdue"], true);
    let escalated = climbed["trail"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["action"] == "escalated").cloned())
        .unwrap_or_default();
    assert_eq!(escalated["reason"], "not_assigned");
    let (_, overdue) = p
        .get(&supervisor, &format!("{}?overdue=true", base()))
        .await?;
    let ids: Vec<&str> = overdue["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["complaint_id"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(ids.contains(&c.as_str()), "{ids:?}");
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_desks_entry_is_due_when_the_complaint_is() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let (intake, c) = desk_complaint(&p, &desk, "物业费账单重复收取").await?;
    let entry_path = format!("/api/v1/reception/estates/{sun}/intakes/{intake}");
    let instant = |v: &Value| {
        v.as_str()
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .map(|d| d.timestamp())
    };
    let expected = instant(&c["details"]["expected_deadline"]);
    assert!(expected.is_some(), "{c}");
    // The promise follows the complaint's calendar deadline, not 72 clock hours.
    eventually(WAIT, || async {
        let (_, e) = p.get(&desk, &entry_path).await?;
        Ok((instant(&e["due_at"]) == expected).then_some(()))
    })
    .await?;
    let c = id(&c);
    let (_, assigned) = p
        .post(
            &supervisor,
            &format!("{}/{c}/assign", base()),
            &json!({"department": "customer_service"}),
        )
        .await?;
    let later = (p.clock.now() + chrono::Duration::days(6))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (status, extended) = p
        .post(
            &supervisor,
            &format!("{}/{c}/assign", base()),
            &json!({"department": "customer_service", "extend_to": later, "reason": "需财务核对"}),
        )
        .await?;
    assert_eq!(status, 200, "{extended}");
    assert_ne!(assigned["deadline_at"], extended["deadline_at"]);
    let want = instant(&extended["deadline_at"]);
    eventually(WAIT, || async {
        let (_, e) = p.get(&desk, &entry_path).await?;
        Ok((instant(&e["due_at"]) == want).then_some(()))
    })
    .await?;
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_handed_in_month_keeps_its_figures_and_shows_later_movement_beside_them()
-> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let zone = desk_platform::local::Zone::default();
    let started = p.clock.now();
    let month = month_of(started);
    let (_, c) = desk_complaint(&p, &desk, "小区门禁经常失灵").await?;
    let c = id(&c);
    let freeze = format!("/api/v1/complaints/estates/{sun}/stats/freeze");
    let day = chrono::Datelike::day(&zone.date(started));
    if day < 25 {
        let (status, body) = p
            .post(&supervisor, &freeze, &json!({"month": month}))
            .await?;
        assert_eq!(
            (status, body["code"].as_str()),
            (409, Some("report_not_due"))
        );
        // On to the 26th of the month, when the report is handed in.
        p.clock.advance_hours(24 * i64::from(26 - day));
    }
    let (status, frozen) = p
        .post(&supervisor, &freeze, &json!({"month": month}))
        .await?;
    assert_eq!(status, 201, "{frozen}");
    assert_eq!(frozen["totals"]["received"], 1);
    assert_eq!(frozen["totals"]["resolved"], 0);
    let (status, body) = p
        .post(&supervisor, &freeze, &json!({"month": month}))
        .await?;
    assert_eq!((status, body["code"].as_str()), (409, Some("month_frozen")));

    // Later movement: the complaint is assigned and resolved after the month was handed in.
    p.post(
        &supervisor,
        &format!("{}/{c}/assign", base()),
        &json!({"department": "security"}),
    )
    .await?;
    let (status, _) = p
        .post(
            &supervisor,
            &format!("{}/{c}/resolve", base()),
            &json!({"result": "已更换门禁主板"}),
        )
        .await?;
    assert_eq!(status, 200);
    let (_, stats) = p
        .get(
            &supervisor,
            &format!("/api/v1/complaints/estates/{sun}/stats?month={month}"),
        )
        .await?;
    assert_eq!(stats["totals"], frozen["totals"], "as handed in: {stats}");
    assert!(stats["frozen"]["frozen_at"].is_string());
    assert_eq!(stats["live"]["totals"]["resolved"], 1);
    assert_eq!(stats["movement"]["resolved"], 1);
    assert_eq!(stats["movement"]["received"], 0);
    // Head office ranks the month as it was handed in too.
    let hq = p.login("hq").await?;
    let (_, estates) = p
        .get(
            &hq,
            &format!("/api/v1/complaints/stats/estates?month={month}"),
        )
        .await?;
    assert_eq!(estates["items"][0]["totals"], frozen["totals"], "{estates}");
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_new_complaint_is_escalated_however_many_sit_at_the_top() -> anyhow::Result<()> {
    use diesel::RunQueryDsl;
    let p = Platform::start().await?;
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    // Twenty thousand complaints of the group long overdue and at head office already, older
    // than any new deadline.
    let mut admin = p.db.admin()?;
    diesel::sql_query(format!(
        "INSERT INTO complaints.complaints (group_id, estate_id, complaint_id, complaint_no, status, channel, description, \
           taken_by, complaint_type, department, assigned_at, deadline_at, escalation_level, month) \
         SELECT '{group}', '{estate}', gen_random_uuid(), 'OLD-' || g, 'assigned', 'phone', 'old', gen_random_uuid(), 'other', \
           'engineering', now() - interval '90 days', now() - interval '60 days' + g * interval '1 second', 3, \
           date_trunc('month', now() - interval '60 days')::date \
         FROM generate_series(1, 20000) AS g",
        group = desk_platform::demo::group_id(),
        estate = estate("LAK"),
    ))
    .execute(&mut admin)?;
    let (_, c) = desk_complaint(&p, &desk, "健身房器材损坏无人维修").await?;
    let c = id(&c);
    p.post(
        &supervisor,
        &format!("{}/{c}/assign", base()),
        &json!({"department": "engineering"}),
    )
    .await?;
    p.clock.advance_hours(24 * 5);
    let climbed = eventually(WAIT, || async {
        let (_, body) = p.get(&supervisor, &format!("{}/{c}", base())).await?;
        Ok((body["escalation"] != "department").then_some(body))
    })
    .await?;
    assert_eq!(climbed["overdue"], true);
    assert!(actions(&climbed).contains(&"escalated".to_string()));

    // One pass of the sweep reads none of the twenty thousand.
    let pool = desk_platform::db::pool(&desk_platform::settings::DatabaseSettings {
        url: desk_platform::Secret::new(p.db.url_for("desk_complaints")),
        pool_size: 1,
        connect_timeout_secs: 3,
    });
    let now = p.clock.now();
    let swept = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let mut conn = pool.get()?;
        let clock: desk_platform::Clock = std::sync::Arc::new(move || now);
        desk_complaints::app::sweep::sweep_once(&mut conn, &clock)
    })
    .await??;
    assert!(swept.looked_at < 10, "{swept:?}");
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_complaint_keeps_where_when_what_and_what_is_asked() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let desk = p.login("sun.desk").await?;
    // As the desk's form writes the entry.
    let (_, c) = desk_complaint(
        &p,
        &desk,
        "地点：4栋电梯\n时间：2026-12-01 23:10\n经过：电梯困人二十分钟无人应答\n诉求：赔礼道歉并检修",
    )
    .await?;
    assert_eq!(c["details"]["location"], "4栋电梯", "{c}");
    assert_eq!(c["details"]["occurred_at"], "2026-12-01T15:10:00Z");
    assert_eq!(c["details"]["demand"], "赔礼道歉并检修");
    assert_eq!(c["description"], "电梯困人二十分钟无人应答");

    // A letter taken directly keeps them too.
    let (status, made) = p
        .post(
            &desk,
            &base(),
            &json!({
                "channel": "letter", "description": "夜间装修噪音扰民",
                "location": "2栋1单元", "occurred_at": "2026-11-30T14:00:00Z", "demand": "禁止夜间施工"
            }),
        )
        .await?;
    assert_eq!(status, 201, "{made}");
    let (_, got) = p.get(&desk, &format!("{}/{}", base(), id(&made))).await?;
    assert_eq!(
        (
            got["details"]["location"].as_str(),
            got["details"]["occurred_at"].as_str(),
            got["details"]["demand"].as_str()
        ),
        (
            Some("2栋1单元"),
            Some("2026-11-30T14:00:00Z"),
            Some("禁止夜间施工")
        )
    );
    let later = (p.clock.now() + chrono::Duration::days(1)).to_rfc3339();
    let (status, _) = p
        .post(
            &desk,
            &base(),
            &json!({"channel": "letter", "description": "x", "occurred_at": later}),
        )
        .await?;
    assert_eq!(status, 422, "not in the future");
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_desk_forms_four_parts_travel_apart_whatever_the_text_says() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let desk = p.login("sun.desk").await?;
    let sun = estate("SUN");
    let intakes = format!("/api/v1/reception/estates/{sun}/intakes");
    let body = |complaint: Value| {
        json!({
            "channel": "phone", "category": "complaint",
            "caller": {"phone": "13812340000", "unit_label": "3-1-602"},
            // What happened, in the resident's words, happens to start like a heading.
            "request": "地点：不清楚，只听见楼上夜里电钻声\n诉求：他们说明早再说",
            "complaint": complaint
        })
    };
    // A time of the event still to come is refused, and nothing is logged.
    let later = (p.clock.now() + chrono::Duration::hours(2)).to_rfc3339();
    let (status, refused) = p
        .post(
            &desk,
            &intakes,
            &body(json!({"location": "4栋", "occurred_at": later, "demand": "停工"})),
        )
        .await?;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["code"], "validation_failed");

    let (status, entry) = p
        .post(
            &desk,
            &intakes,
            &body(json!({
                "location": "4栋1单元402室楼上", "occurred_at": "2026-12-01T15:10:00Z",
                "demand": "晚上十点后停止施工"
            })),
        )
        .await?;
    assert_eq!(status, 201, "{entry}");
    // The ledger reads as the register does, the time on the estate's clock.
    let text = entry["request"].as_str().unwrap_or_default();
    assert!(
        text.starts_with("地点：4栋1单元402室楼上\n时间：2026-12-01 23:10\n经过：地点：不清楚"),
        "{text}"
    );
    let intake = entry["intake_id"].as_str().unwrap_or_default().to_string();
    let c = eventually(WAIT, || async {
        let (_, body) = p
            .get(&desk, &format!("{}?intake_id={intake}", base()))
            .await?;
        Ok(body["items"].as_array().and_then(|a| a.first().cloned()))
    })
    .await?;
    assert_eq!(c["details"]["location"], "4栋1单元402室楼上", "{c}");
    assert_eq!(c["details"]["occurred_at"], "2026-12-01T15:10:00Z");
    assert_eq!(c["details"]["demand"], "晚上十点后停止施工");
    assert_eq!(
        c["description"],
        "地点：不清楚，只听见楼上夜里电钻声\n诉求：他们说明早再说"
    );

    // The parts belong to a complaint only.
    let (status, _) = p
        .post(
            &desk,
            &intakes,
            &json!({
                "channel": "phone", "category": "repair",
                "caller": {"phone": "13812340000", "unit_label": "3-1-602"}, "request": "水管漏水",
                "complaint": {"location": "厨房", "occurred_at": "2026-12-01T15:10:00Z", "demand": "修"}
            }),
        )
        .await?;
    assert_eq!(status, 422);
    p.stop().await;
    Ok(())
}
