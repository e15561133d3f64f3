//! The rules as the seeds wrote them, through the gateway: billing reads an estate's months and
//! arrears on the estate's own dates; a pass whose payment is reversed goes back to waiting for
//! finance's receipt; a missed follow-up is late in head office's figures of the estate; an
//! entry is reassigned only to someone of the estate's desk (首问责任制).

use chrono::{Datelike, Duration as Days, NaiveDate, Timelike};
use desk_e2e::{Platform, estate, eventually};
use serde_json::json;
use std::time::Duration;
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(60);

/// Move the estate to Ürümqi (UTC+6) and wait until billing's copy of its calendar holds it.
async fn estate_to_urumqi(p: &Platform, estate_id: Uuid) -> anyhow::Result<()> {
    let admin = p.login("admin").await?;
    let res = p
        .http
        .patch(p.url(&format!("/api/v1/documents/estates/{estate_id}")))
        .bearer_auth(&admin)
        .json(&json!({"time_zone": "Asia/Urumqi"}))
        .send()
        .await?;
    anyhow::ensure!(res.status() == 200, "time zone: {}", res.status());
    let copied = format!(
        "SELECT count(*) AS n FROM billing.estate_calendars \
         WHERE estate_id = '{estate_id}' AND time_zone = 'Asia/Urumqi'"
    );
    eventually(WAIT, || async {
        Ok((p.db.count(&copied)? == 1).then_some(()))
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn billing_reads_an_estates_months_and_arrears_on_its_own_dates() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let manager = p.login("sun.manager").await?;
    let cashier = p.login("sun.cashier").await?;
    let desk = p.login("sun.desk").await?;
    let billing = format!("/api/v1/billing/estates/{sun}");
    estate_to_urumqi(&p, sun).await?;
    let res = p
        .http
        .put(p.url(&format!("{billing}/fee-schedule")))
        .bearer_auth(&manager)
        .json(&json!({"management_fen_per_m2": 250, "items": [
            {"code": "meeting_room", "name": "会议室", "kind": "per_hour", "price_fen": 5000}
        ]}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    let accounts = eventually(WAIT, || async {
        let (_, b) = p
            .get(&cashier, &format!("{billing}/accounts?limit=500"))
            .await?;
        Ok((b["items"].as_array().map(|a| a.len()) == Some(48)).then_some(b))
    })
    .await?;
    let label = accounts["items"][0]["unit_label"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    // The last day of the month, 16:xx UTC: already the next month in Beijing, still this
    // month's last evening in Ürümqi.
    let now = p.clock.now();
    let first_next = |d: NaiveDate| {
        d.with_day(1)
            .and_then(|f| f.checked_add_months(chrono::Months::new(1)))
            .unwrap_or(d)
    };
    let mut last_day = first_next(now.date_naive()) - Days::days(1);
    if last_day == now.date_naive() && now.hour() >= 15 {
        last_day = first_next(last_day + Days::days(1)) - Days::days(1);
    }
    let target = last_day.and_hms_opt(16, 0, 0).unwrap_or_default().and_utc();
    let hour = now
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now);
    p.clock.advance_hours((target - hour).num_hours());
    let at = p.clock.now();
    assert_eq!((at.date_naive(), at.hour()), (last_day, 16));
    let month = last_day.format("%Y-%m").to_string();

    // The month's run for the estate's month, and a room charged at the desk now: both are
    // the estate's month, not Beijing's next one.
    let (status, run) = p
        .post(
            &manager,
            &format!("{billing}/management-fees"),
            &json!({"month": month}),
        )
        .await?;
    assert_eq!((status, run["charged"].as_i64()), (200, Some(48)), "{run}");
    let (status, room) = p
        .post(
            &cashier,
            &format!("{billing}/charges"),
            &json!({"unit_label": label, "item_code": "meeting_room", "quantity": 1}),
        )
        .await?;
    assert_eq!(status, 201, "{room}");
    assert_eq!(room["period"].as_str(), Some(month.as_str()), "{room}");

    // Arrears are aged at the end of the estate's today: the month's fee, owed from the first
    // of the month there, is as old as the days since then.
    let (status, arrears) = p
        .get(&manager, &format!("{billing}/reports/arrears"))
        .await?;
    assert_eq!(status, 200, "{arrears}");
    assert_eq!(
        arrears["as_of"].as_str(),
        Some(last_day.to_string().as_str()),
        "{arrears}"
    );
    let first = last_day.with_day(1).unwrap_or(last_day);
    let oldest = arrears["units"]
        .as_array()
        .map(|u| u.iter().filter_map(|x| x["oldest_days"].as_i64()).max())
        .unwrap_or_default();
    assert_eq!(oldest, Some((last_day - first).num_days()), "{arrears}");

    // A special service charged when ordered is the estate's month's too.
    desk_e2e::repairs_has_the_units(&p, sun).await?;
    let repairs = format!("/api/v1/repairs/estates/{sun}");
    let (status, order) = p
        .post(
            &desk,
            &format!("{repairs}/work-orders"),
            &json!({"kind": "special_service", "unit_label": "1-1-202", "problem": "家电清洗", "contact_phone": "13700000001"}),
        )
        .await?;
    assert_eq!(status, 201, "{order}");
    let id = order["work_order_id"].as_str().unwrap_or_default();
    let (status, charged) = p
        .post(
            &desk,
            &format!("{repairs}/work-orders/{id}/charge"),
            &json!({"items": [{"name": "家电清洗", "amount_fen": 12000}]}),
        )
        .await?;
    assert_eq!(status, 200, "{charged}");
    let in_month = format!(
        "SELECT count(*) AS n FROM billing.charges WHERE source_id = '{id}' AND period = '{month}'"
    );
    let any = format!("SELECT count(*) AS n FROM billing.charges WHERE source_id = '{id}'");
    eventually(WAIT, || async {
        Ok((p.db.count(&any)? == 1).then_some(()))
    })
    .await?;
    assert_eq!(
        p.db.count(&in_month)?,
        1,
        "the work's charge is for {month}"
    );
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_pass_whose_payment_is_reversed_waits_for_finances_receipt_again() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let cashier = p.login("sun.cashier").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let billing = format!("/api/v1/billing/estates/{sun}");
    let passes = format!("/api/v1/documents/estates/{sun}/passes");
    let (unit, tenant) = desk_e2e::unit_with(&p, &desk, sun, "rented", "tenant").await?;
    let (status, pass) = p
        .post(
            &desk,
            &passes,
            &json!({
                "kind": "tenant", "unit_label": unit, "holder_name": tenant["name"],
                "holder_id_number": "11010519491231002X", "resident_id": tenant["resident_id"],
            }),
        )
        .await?;
    assert_eq!(
        (status, pass["status"].as_str()),
        (201, Some("pending")),
        "{pass}"
    );
    let pass_id = pass["pass_id"].as_str().unwrap_or_default().to_string();
    let pay = || async {
        eventually(WAIT, || async {
            let (_, b) = p
                .get(&cashier, &format!("{billing}/charges?unit_label={unit}"))
                .await?;
            Ok((b["owed_fen"] == 1500).then_some(()))
        })
        .await?;
        let (status, paid) = p
            .post(
                &cashier,
                &format!("{billing}/payments"),
                &json!({"unit_label": unit, "method": "cash", "amount_fen": 1500}),
            )
            .await?;
        anyhow::ensure!(status == 201, "payment: {status} {paid}");
        Ok::<_, anyhow::Error>(paid)
    };
    let in_status = |want: &'static str| {
        let (p, desk, url) = (&p, &desk, format!("{passes}/{pass_id}"));
        async move {
            eventually(WAIT, || async {
                let (_, b) = p.get(desk, &url).await?;
                Ok((b["status"] == want).then_some(b))
            })
            .await
        }
    };
    let (status, _) = p
        .post(&cashier, &format!("{billing}/cash-sessions"), &json!({}))
        .await?;
    assert_eq!(status, 201);
    let first = pay().await?;
    let active = in_status("active").await?;
    assert_eq!(active["paid_receipt_no"], first["receipt_no"], "{active}");

    // The payment is reversed (asked by the cashier, approved by a supervisor): finance's
    // receipt no longer stands, and the pass waits for one again, saying why.
    let payment_id = first["payment_id"].as_str().unwrap_or_default();
    let (status, asked) = p
        .post(
            &cashier,
            &format!("{billing}/payments/{payment_id}/reversal"),
            &json!({"reason": "收错户号"}),
        )
        .await?;
    assert_eq!(status, 201, "{asked}");
    let (status, approved) = p
        .post(
            &supervisor,
            &format!("{billing}/payments/{payment_id}/reversal/decision"),
            &json!({"decision": "approve"}),
        )
        .await?;
    assert_eq!(status, 200, "{approved}");
    let pending = in_status("pending").await?;
    assert_eq!(
        pending["paid_receipt_no"],
        serde_json::Value::Null,
        "{pending}"
    );
    let trail = pending["trail"].as_array().cloned().unwrap_or_default();
    let reversed = trail
        .iter()
        .find(|s| s["action"] == "payment_reversed")
        .cloned()
        .unwrap_or_default();
    assert_eq!(reversed["receipt_no"], first["receipt_no"], "{pending}");
    assert_eq!(reversed["status"], "pending", "{pending}");
    let (_, listed) = p.get(&desk, &format!("{passes}?status=pending")).await?;
    assert!(
        listed["items"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["pass_id"] == pass_id.as_str())),
        "{listed}"
    );

    // Paid again: active against the new receipt, the trail keeping all three steps.
    let second = pay().await?;
    let again = in_status("active").await?;
    assert_eq!(again["paid_receipt_no"], second["receipt_no"], "{again}");
    let actions: Vec<&str> = again["trail"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["action"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(actions, vec!["paid", "payment_reversed", "paid"], "{again}");
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_missed_follow_up_is_late_in_head_offices_figures_of_the_estate() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let tech = p.login("sun.tech").await?;
    let hq = p.login("hq").await?;
    let tech_id = desk_platform::demo::id("staff", "sun.tech");
    let base = format!("/api/v1/repairs/estates/{sun}");
    let res = p
        .http
        .put(p.url(&format!("{base}/technicians/{tech_id}")))
        .bearer_auth(&supervisor)
        .json(&json!({"name": "赵强", "skills": ["plumbing"], "max_open": 20}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    desk_e2e::repairs_has_the_units(&p, sun).await?;
    let (status, order) = p
        .post(
            &desk,
            &format!("{base}/work-orders"),
            &json!({"kind": "repair", "unit_label": "2-1-302", "problem": "卫生间漏水", "contact_phone": "13700000001"}),
        )
        .await?;
    assert_eq!(status, 201, "{order}");
    let id = order["work_order_id"].as_str().unwrap_or_default();
    let step = |token: &str, what: &str, body: serde_json::Value| {
        let (p, url, token) = (
            &p,
            format!("{base}/work-orders/{id}/{what}"),
            token.to_string(),
        );
        async move { p.post(&token, &url, &body).await }
    };
    let (status, body) = step(&desk, "dispatch", json!({"technician_id": tech_id})).await?;
    assert_eq!(status, 200, "{body}");
    for what in ["accept", "start"] {
        let (status, body) = step(&tech, what, json!({})).await?;
        assert_eq!(status, 200, "{what}: {body}");
    }
    let (status, done) = step(
        &tech,
        "complete",
        json!({"work_done": "更换角阀", "fee_fen": 0, "signoff_name": "王先生"}),
    )
    .await?;
    assert_eq!(status, 200, "{done}");
    let completed_at: chrono::DateTime<chrono::Utc> =
        done["completed_at"].as_str().unwrap_or_default().parse()?;
    let month = desk_platform::local::Zone::default().month(completed_at);
    let figures = || async {
        let (status, body) = p
            .get(
                &hq,
                &format!("/api/v1/repairs/stats?month={month}&estate_id={sun}"),
            )
            .await?;
        anyhow::ensure!(status == 200, "{status} {body}");
        Ok::<_, anyhow::Error>(body["items"][0].clone())
    };
    let row = figures().await?;
    assert_eq!(
        (row["done"].as_i64(), row["follow_up_late"].as_i64()),
        (Some(1), Some(0)),
        "{row}"
    );

    // Eight days on, nobody has visited: late in head office's figures of the estate, as in
    // the supervisor's follow-up rate.
    p.clock.advance_hours(24 * 8);
    let row = figures().await?;
    assert_eq!(row["follow_up_late"], 1, "{row}");
    late_follow_ups_backfill_the_same(&p)?;
    let (_, rate) = p
        .get(&supervisor, &format!("{base}/follow-up-rate?month={month}"))
        .await?;
    assert_eq!(rate["late"], 1, "{rate}");

    // Made late, it stays late, now as a follow-up made.
    let (status, body) = step(
        &desk,
        "follow-up",
        json!({"punctuality": 5, "quality": 5, "fee_fair": 4, "attitude": 5, "overall": 5, "repaired": true}),
    )
    .await?;
    assert_eq!(status, 200, "{body}");
    let row = figures().await?;
    assert_eq!(
        (
            row["follow_up_late"].as_i64(),
            row["done_followed_up"].as_i64()
        ),
        (Some(1), Some(1)),
        "{row}"
    );
    late_follow_ups_backfill_the_same(&p)?;
    p.stop().await;
    Ok(())
}

/// The migration's backfill of late follow-ups counts from the orders what the figures kept.
fn late_follow_ups_backfill_the_same(p: &Platform) -> anyhow::Result<()> {
    use diesel::RunQueryDsl;
    use diesel::connection::SimpleConnection;
    #[derive(diesel::QueryableByName)]
    struct J {
        #[diesel(sql_type = diesel::sql_types::Text)]
        j: String,
    }
    let kept = |c: &mut diesel::PgConnection| -> anyhow::Result<String> {
        let j: J = diesel::sql_query(
            "SELECT coalesce(json_agg(r ORDER BY r.estate_id, r.month, r.dim, r.key), '[]')::text AS j \
             FROM (SELECT estate_id, month, dim, key, follow_up_late, awaiting_follow_up \
                   FROM repairs.estate_month_stats \
                   WHERE follow_up_late <> 0 OR awaiting_follow_up <> 0) r",
        )
        .get_result(c)?;
        Ok(j.j)
    };
    let up = include_str!(
        "../../../services/repairs/migrations/2026-12-03-100100_late_follow_ups/up.sql"
    );
    let backfill = up
        .split_once("-- Backfill")
        .and_then(|(_, rest)| rest.split_once('\n'))
        .map(|(_, sql)| sql)
        .ok_or_else(|| anyhow::anyhow!("no backfill in the migration"))?;
    let mut c = p.db.admin()?;
    let before = kept(&mut c)?;
    assert_ne!(before, "[]");
    c.batch_execute(
        "DELETE FROM repairs.estate_month_stats WHERE dim = 'follow_up_due'; \
         UPDATE repairs.estate_month_stats SET follow_up_late = 0, awaiting_follow_up = 0;",
    )?;
    c.batch_execute(backfill)?;
    assert_eq!(kept(&mut c)?, before, "the backfill");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_entry_is_reassigned_only_to_someone_of_the_estates_desk() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let (sun, lak) = (estate("SUN"), estate("LAK"));
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let tech = p.login("sun.tech").await?;
    let manager = p.login("sun.manager").await?;
    let lak_desk = p.login("lak.desk").await?;
    let staff = |name: &str| desk_platform::demo::id("staff", name);
    let log = |token: &str, estate_id: Uuid, channel: &str| {
        let (p, token, channel) = (&p, token.to_string(), channel.to_string());
        async move {
            let (status, body) = p
                .post(
                    &token,
                    &format!("/api/v1/reception/estates/{estate_id}/intakes"),
                    &json!({
                        "channel": channel, "category": "inquiry",
                        "caller": {"name": "王先生", "phone": "13800001234", "unit_label": "1-1-101"},
                        "request": "询问停车月卡怎么办理"
                    }),
                )
                .await?;
            anyhow::ensure!(status == 201, "{status} {body}");
            Ok::<_, anyhow::Error>(body["intake_id"].as_str().unwrap_or_default().to_string())
        }
    };
    let entry = log(&desk, sun, "phone").await?;
    // The technician passed a patrol finding to this desk; the colleague works 莲湖's desk;
    // the estate manager took a call at this one.
    log(&tech, sun, "patrol").await?;
    log(&lak_desk, lak, "phone").await?;
    log(&manager, sun, "visit").await?;

    let reassign = |to: Uuid| {
        let (p, supervisor) = (&p, &supervisor);
        let url = format!("/api/v1/reception/estates/{sun}/intakes/{entry}/reassign");
        async move {
            p.post(
                supervisor,
                &url,
                &json!({"owner_id": to, "reason": "今天调休"}),
            )
            .await
        }
    };
    for (who, to) in [
        ("a technician", staff("sun.tech")),
        ("a colleague of another estate", staff("lak.desk")),
        ("someone the desk never saw", Uuid::now_v7()),
    ] {
        let (status, body) = reassign(to).await?;
        assert_eq!(
            (status, body["code"].as_str()),
            (422, Some("not_desk_staff")),
            "{who}: {body}"
        );
    }
    let (status, body) = reassign(staff("sun.manager")).await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["owner_id"], staff("sun.manager").to_string());
    p.stop().await;
    Ok(())
}
