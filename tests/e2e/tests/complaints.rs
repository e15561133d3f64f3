//! A complaint from the desk's call to the follow-up visit, through the gateway: classified,
//! assigned with a deadline on the estate's calendar, resolved, replied, followed up, closed —
//! and the desk's entry closes with it. Out-of-order steps are refused; an overdue complaint is
//! flagged and escalated when the clock moves on; the month's statistics follow every step.

use desk_e2e::{Platform, estate, eventually};
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

async fn complaint_of(p: &Platform, token: &str, intake: &str) -> anyhow::Result<Value> {
    let sun = estate("SUN");
    eventually(WAIT, || async {
        let (_, body) = p
            .get(
                token,
                &format!("/api/v1/complaints/estates/{sun}/complaints?intake_id={intake}"),
            )
            .await?;
        Ok(body["items"].as_array().and_then(|a| a.first().cloned()))
    })
    .await
}

async fn log_complaint(p: &Platform, token: &str, request: &str) -> anyhow::Result<String> {
    let sun = estate("SUN");
    let (status, body) = p
        .post(token, &format!("/api/v1/reception/estates/{sun}/intakes"), &json!({
            "channel": "phone", "category": "complaint", "caller": {"phone": "13812340000", "unit_label": "3-1-602"}, "request": request
        }))
        .await?;
    anyhow::ensure!(status == 201, "{status} {body}");
    Ok(body["intake_id"].as_str().unwrap_or_default().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_complaint_is_handled_to_closure_and_the_desk_entry_closes_with_it() -> anyhow::Result<()>
{
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let tech = p.login("sun.tech").await?;
    let base = format!("/api/v1/complaints/estates/{sun}/complaints");

    let intake = log_complaint(&p, &desk, "保安夜间巡逻不到位,车辆被刮").await?;
    let c = complaint_of(&p, &desk, &intake).await?;
    let id = c["complaint_id"].as_str().unwrap_or_default().to_string();

    // Out of order: nothing to resolve or reply before it is assigned.
    let (status, body) = p
        .post(
            &tech,
            &format!("{base}/{id}/resolve"),
            &json!({"result": "x"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("invalid_transition"))
    );
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/{id}/reply"),
            &json!({"channel": "phone", "content": "x"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("invalid_transition"))
    );
    // The desk does not classify or assign.
    let (status, _) = p
        .post(
            &desk,
            &format!("{base}/{id}/assign"),
            &json!({"department": "security"}),
        )
        .await?;
    assert_eq!(status, 403);

    let (status, body) = p
        .post(
            &supervisor,
            &format!("{base}/{id}/classify"),
            &json!({"type": "security", "validity": "valid", "reason": "监控显示巡逻缺失"}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["type"].as_str(), body["validity"].as_str()),
        (Some("security"), Some("valid"))
    );
    let (status, body) = p
        .post(
            &supervisor,
            &format!("{base}/{id}/assign"),
            &json!({"department": "plumbing"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("unknown_department"))
    );
    let (status, assigned) = p
        .post(
            &supervisor,
            &format!("{base}/{id}/assign"),
            &json!({"department": "security"}),
        )
        .await?;
    assert_eq!(status, 200, "{assigned}");
    assert_eq!(assigned["status"], "assigned");
    let deadline = assigned["deadline_at"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        deadline.ends_with("T10:00:00Z"),
        "the close of business, 18:00 in Beijing: {deadline}"
    );

    let (status, _) = p
        .post(
            &tech,
            &format!("{base}/{id}/resolve"),
            &json!({"result": "加派夜班巡逻,调取监控协助车主理赔"}),
        )
        .await?;
    assert_eq!(status, 200);
    let (status, _) = p
        .post(
            &desk,
            &format!("{base}/{id}/reply"),
            &json!({"channel": "phone", "content": "已加强巡逻,协助理赔"}),
        )
        .await?;
    assert_eq!(status, 200);
    let (status, closed) = p
        .post(
            &desk,
            &format!("{base}/{id}/follow-up"),
            &json!({"satisfaction": "basically_satisfied", "note": "希望长期坚持"}),
        )
        .await?;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["status"], "closed");
    let (status, body) = p
        .post(
            &desk,
            &format!("{base}/{id}/follow-up"),
            &json!({"satisfaction": "satisfied"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("complaint_closed"))
    );

    // The trail keeps every step; the desk's entry closed with the complaint.
    let (_, full) = p.get(&supervisor, &format!("{base}/{id}")).await?;
    let steps: Vec<&str> = full["trail"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["action"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        steps,
        vec![
            "received",
            "classified",
            "assigned",
            "resolved",
            "replied",
            "closed"
        ]
    );
    assert_eq!(full["trail"][1]["reason"], "监控显示巡逻缺失");
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
    assert_eq!(entry["told_via"], "phone");
    assert_eq!(entry["satisfaction"], "basically_satisfied");

    // A second complaint: dissatisfied at the follow-up reopens it.
    let intake2 = log_complaint(&p, &desk, "垃圾桶满溢无人清理").await?;
    let id2 = complaint_of(&p, &desk, &intake2).await?["complaint_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    p.post(
        &supervisor,
        &format!("{base}/{id2}/classify"),
        &json!({"type": "cleaning", "validity": "valid", "reason": "属实"}),
    )
    .await?;
    p.post(
        &supervisor,
        &format!("{base}/{id2}/assign"),
        &json!({"department": "cleaning"}),
    )
    .await?;
    p.post(
        &tech,
        &format!("{base}/{id2}/resolve"),
        &json!({"result": "已清理"}),
    )
    .await?;
    p.post(
        &desk,
        &format!("{base}/{id2}/reply"),
        &json!({"channel": "sms", "content": "已清理"}),
    )
    .await?;
    let (_, reopened) = p
        .post(
            &desk,
            &format!("{base}/{id2}/follow-up"),
            &json!({"satisfaction": "dissatisfied", "note": "第二天又满了"}),
        )
        .await?;
    assert_eq!(reopened["status"], "reopened");
    let (status, _) = p
        .post(
            &supervisor,
            &format!("{base}/{id2}/assign"),
            &json!({"department": "cleaning"}),
        )
        .await?;
    assert_eq!(status, 200, "a reopened complaint is assigned again");

    // The month's figures, for the estate and the group, and as CSV.
    let month = month_now();
    let (status, stats) = p
        .get(
            &supervisor,
            &format!("/api/v1/complaints/estates/{sun}/stats?month={month}"),
        )
        .await?;
    assert_eq!(status, 200);
    let t = &stats["totals"];
    // The reopened complaint was assigned again: it counts as not resolved until it is.
    assert_eq!(
        (
            t["received"].as_i64(),
            t["valid"].as_i64(),
            t["resolved"].as_i64(),
            t["on_time"].as_i64()
        ),
        (Some(2), Some(2), Some(1), Some(1))
    );
    assert_eq!(
        (
            t["followed_up"].as_i64(),
            t["basically_satisfied"].as_i64(),
            t["dissatisfied"].as_i64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(stats["rates"]["validity"], 1.0);
    assert_eq!(stats["rates"]["satisfaction"], 0.5);
    let hq = p.login("hq").await?;
    let (status, group) = p
        .get(&hq, &format!("/api/v1/complaints/stats?month={month}"))
        .await?;
    assert_eq!(status, 200);
    assert_eq!(group["totals"]["received"], 2);
    // Head office's ranking reads every estate's month in one request.
    let (status, estates) = p
        .get(
            &hq,
            &format!("/api/v1/complaints/stats/estates?month={month}"),
        )
        .await?;
    assert_eq!(status, 200, "{estates}");
    let items = estates["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 1, "only the estate with complaints: {estates}");
    assert_eq!(items[0]["estate_id"], sun.to_string());
    assert_eq!(items[0]["totals"], stats["totals"]);
    assert_eq!(items[0]["rates"], stats["rates"]);
    let (status, _) = p
        .get(
            &desk,
            &format!("/api/v1/complaints/stats/estates?month={month}"),
        )
        .await?;
    assert_eq!(status, 403);
    let (status, _) = p
        .get(&desk, &format!("/api/v1/complaints/stats?month={month}"))
        .await?;
    assert_eq!(status, 403, "the group's figures are for head office");
    let csv = p
        .http
        .get(p.url(&format!(
            "/api/v1/complaints/estates/{sun}/report.csv?month={month}"
        )))
        .bearer_auth(&supervisor)
        .send()
        .await?
        .text()
        .await?;
    assert!(csv.contains("日期,时间,编号,投诉人"), "{csv}");
    assert!(csv.contains("加派夜班巡逻"), "{csv}");
    assert_eq!(csv.lines().count(), 3);
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn major_complaints_go_to_the_manager_and_overdue_ones_climb() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let manager = p.login("sun.manager").await?;
    let base = format!("/api/v1/complaints/estates/{sun}/complaints");

    // Major: only the estate manager assigns, and sets the reply date.
    let intake = log_complaint(&p, &desk, "业主委员会集体投诉物业费上涨").await?;
    let id = complaint_of(&p, &desk, &intake).await?["complaint_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (status, _) = p
        .post(
            &supervisor,
            &format!("{base}/{id}/classify"),
            &json!({"severity": "major", "reason": "涉及多户"}),
        )
        .await?;
    assert_eq!(status, 200);
    let (status, _) = p
        .post(
            &supervisor,
            &format!("{base}/{id}/assign"),
            &json!({"department": "customer_service"}),
        )
        .await?;
    assert_eq!(status, 403);
    let (status, body) = p
        .post(
            &manager,
            &format!("{base}/{id}/assign"),
            &json!({"department": "customer_service"}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("reply_date_required"))
    );
    let reply_due = (p.clock.now() + chrono::Duration::days(5)).to_rfc3339();
    let (status, body) = p
        .post(
            &manager,
            &format!("{base}/{id}/assign"),
            &json!({"department": "customer_service", "reply_due": reply_due}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");

    // A general complaint assigned now, then the clock moves a week on: overdue and escalated.
    let intake2 = log_complaint(&p, &desk, "绿化带长期无人修剪").await?;
    let id2 = complaint_of(&p, &desk, &intake2).await?["complaint_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (_, assigned) = p
        .post(
            &supervisor,
            &format!("{base}/{id2}/assign"),
            &json!({"department": "greening"}),
        )
        .await?;
    assert_eq!(assigned["overdue"], false);
    let (_, overdue) = p.get(&supervisor, &format!("{base}?overdue=true")).await?;
    assert_eq!(overdue["items"].as_array().map(|a| a.len()), Some(0));

    p.clock.advance_hours(24 * 8);
    let climbed = eventually(WAIT, || async {
        let (_, body) = p.get(&supervisor, &format!("{base}/{id2}")).await?;
        Ok((body["escalation"] == "hq").then_some(body))
    })
    .await?;
    assert_eq!(climbed["overdue"], true);
    let steps: Vec<&str> = climbed["trail"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["action"].as_str()).collect())
        .unwrap_or_default();
    assert!(steps.contains(&"escalated"), "{steps:?}");
    let (_, overdue) = p.get(&supervisor, &format!("{base}?overdue=true")).await?;
    let ids: Vec<&str> = overdue["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c["complaint_id"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        ids.contains(&id2.as_str()) && ids.contains(&id.as_str()),
        "both are past due now: {ids:?}"
    );
    assert!(p.db.count("SELECT count(*) AS n FROM complaints.outbox WHERE event_type = 'complaints.complaint.escalated'")? >= 1);

    // Resolved late: counted as resolved, not on time.
    p.post(
        &manager,
        &format!("{base}/{id2}/resolve"),
        &json!({"result": "已修剪"}),
    )
    .await?;
    let created_month = month_now();
    let (_, stats) = p
        .get(
            &manager,
            &format!("/api/v1/complaints/estates/{sun}/stats?month={created_month}"),
        )
        .await?;
    assert_eq!(
        (
            stats["totals"]["resolved"].as_i64(),
            stats["totals"]["on_time"].as_i64()
        ),
        (Some(1), Some(0))
    );
    p.stop().await;
    Ok(())
}

/// This month in the estates' time (China Standard Time), as YYYY-MM.
fn month_now() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_demo_complaints_give_each_estate_its_own_figures() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let pool = desk_platform::db::pool(&desk_platform::settings::DatabaseSettings {
        url: desk_platform::Secret::new(p.db.url_for("desk_complaints")),
        pool_size: 1,
        connect_timeout_secs: 3,
    });
    let again = pool.clone();
    let opened = tokio::task::spawn_blocking(move || desk_complaints::demo::load(&pool)).await??;
    assert!(opened > 30, "{opened}");
    let more = tokio::task::spawn_blocking(move || desk_complaints::demo::load(&again)).await??;
    assert_eq!(more, 0, "loading again adds nothing");
    let hq = p.login("hq").await?;
    let last =
        (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive() - chrono::Months::new(2);
    let month = last.format("%Y-%m").to_string();
    let (status, body) = p
        .get(
            &hq,
            &format!("/api/v1/complaints/stats/estates?month={month}"),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    let validity: Vec<f64> = body["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|i| i["rates"]["validity"].as_f64())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(validity.len(), 3, "{body}");
    assert!(validity.iter().any(|v| *v != validity[0]), "{validity:?}");
    // The figures kept as the complaints moved equal a count of the complaints themselves.
    assert_eq!(
        p.db.count("SELECT coalesce(sum(received), 0)::bigint AS n FROM complaints.stats WHERE estate_id <> '00000000-0000-0000-0000-000000000000'")?,
        p.db.count("SELECT count(*) AS n FROM complaints.complaints")?
    );
    p.stop().await;
    Ok(())
}
