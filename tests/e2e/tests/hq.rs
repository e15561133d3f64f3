//! Head office's figures: after a run of work-order changes (reassignment, on-time and late
//! arrivals, a failed repair reopened and done again, work given back and taken up, paid work
//! settled by billing's payment), the read model `repairs.estate_month_stats` equals a count over
//! the orders themselves, line by line, and so does its backfill; the group-wide endpoint answers
//! one row per estate for HQ, an estate manager's estates only, nobody else.

use desk_e2e::{Platform, estate, eventually};
use diesel::RunQueryDsl;
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

/// The figures counted over the work orders themselves, as the endpoints once did on each request.
const TRUTH: &str = "
WITH o AS (
    SELECT group_id, estate_id, kind, coalesce(technician_id::text, 'unassigned') AS technician, created_at,
           completed_at, appointment_end, started_at, overall_rating, fee_fen, details,
           coalesce(completed_at, (details->'signoff'->>'at')::timestamptz) AS done_at
    FROM repairs.work_orders
), months AS (
    SELECT DISTINCT group_id, estate_id, date_trunc('month', (created_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS month FROM o
    UNION SELECT DISTINCT group_id, estate_id, date_trunc('month', (done_at AT TIME ZONE 'UTC') + interval '8 hours')::date FROM o WHERE done_at IS NOT NULL
), lines AS (
    SELECT m.group_id, m.estate_id, m.month, l.dim, l.key FROM months m
    CROSS JOIN LATERAL (SELECT 'estate' AS dim, '' AS key UNION SELECT 'kind', kind FROM o WHERE o.estate_id = m.estate_id
                        UNION SELECT 'technician', technician FROM o WHERE o.estate_id = m.estate_id) l
)
SELECT l.group_id, l.estate_id, l.month, l.dim, l.key, t.*, d.*
FROM lines l
CROSS JOIN LATERAL (
    SELECT count(*)::int AS opened, count(completed_at)::int AS completed, count(appointment_end)::int AS with_appointment,
           count(*) FILTER (WHERE started_at <= appointment_end)::int AS arrived_on_time,
           coalesce(sum(trunc(extract(epoch FROM completed_at - created_at) * 1000)), 0)::bigint AS completion_ms,
           count(*) FILTER (WHERE details ? 'follow_up')::int AS followed_up,
           coalesce(sum(overall_rating), 0)::int AS rating_sum, count(overall_rating)::int AS rating_count,
           count(*) FILTER (WHERE overall_rating >= 3)::int AS satisfied,
           coalesce(sum(fee_fen) FILTER (WHERE details ? 'settled_at'), 0)::bigint AS revenue_fen
    FROM o WHERE o.group_id = l.group_id AND o.estate_id = l.estate_id
      AND date_trunc('month', (o.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date = l.month
      AND CASE l.dim WHEN 'kind' THEN o.kind = l.key WHEN 'technician' THEN o.technician = l.key ELSE true END
) t
CROSS JOIN LATERAL (
    SELECT count(*)::int AS done, count(*) FILTER (WHERE details ? 'follow_up')::int AS done_followed_up
    FROM o WHERE l.dim = 'estate' AND o.group_id = l.group_id AND o.estate_id = l.estate_id
      AND (completed_at IS NOT NULL OR details ? 'follow_up')
      AND date_trunc('month', (done_at AT TIME ZONE 'UTC') + interval '8 hours')::date = l.month
) d
";

/// The rows of a query as one JSON text, without the lines that count nothing.
fn rows(p: &Platform, query: &str) -> anyhow::Result<String> {
    #[derive(diesel::QueryableByName)]
    struct J {
        #[diesel(sql_type = diesel::sql_types::Text)]
        j: String,
    }
    let sql = format!(
        "SELECT coalesce(json_agg(r ORDER BY r.estate_id, r.month, r.dim, r.key), '[]')::text AS j FROM ({query}) r \
         WHERE (r.opened, r.completed, r.with_appointment, r.arrived_on_time, r.completion_ms, r.followed_up, r.rating_sum, \
                r.rating_count, r.satisfied, r.revenue_fen, r.done, r.done_followed_up) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)"
    );
    let j: J = diesel::sql_query(&sql)
        .get_result(&mut p.db.admin()?)
        .map_err(|e| anyhow::anyhow!("{e}: {sql}"))?;
    Ok(j.j)
}

fn read_model(p: &Platform) -> anyhow::Result<String> {
    rows(
        p,
        "SELECT group_id, estate_id, month, dim, key, opened, completed, with_appointment, \
                arrived_on_time, completion_ms, followed_up, rating_sum, rating_count, satisfied, \
                revenue_fen, done, done_followed_up \
         FROM repairs.estate_month_stats WHERE dim <> 'follow_up_due'",
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_read_model_matches_the_orders_and_hq_sees_every_estate() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let (sun, lak) = (estate("SUN"), estate("LAK"));
    let desk = p.login("sun.desk").await?;
    let lak_desk = p.login("lak.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let tech = p.login("sun.tech").await?;
    let hq = p.login("hq").await?;
    let manager = p.login("sun.manager").await?;
    let tech_id = desk_platform::demo::id("staff", "sun.tech");
    let other_tech = uuid::Uuid::now_v7();
    let base = format!("/api/v1/repairs/estates/{sun}");
    for t in [tech_id, other_tech] {
        let res = p
            .http
            .put(p.url(&format!("{base}/technicians/{t}")))
            .bearer_auth(&supervisor)
            .json(&json!({"name": "技术员", "skills": ["plumbing"]}))
            .send()
            .await?;
        assert_eq!(res.status(), 200);
    }
    let raise = |token: &str, estate: uuid::Uuid, kind: &str| {
        let (p, token, kind) = (&p, token.to_string(), kind.to_string());
        async move {
            let (status, body) = p
                .post(
                    &token,
                    &format!("/api/v1/repairs/estates/{estate}/work-orders"),
                    &json!({"kind": kind, "unit_label": "1-1-101", "problem": "门锁坏了"}),
                )
                .await?;
            anyhow::ensure!(status == 201, "{status} {body}");
            Ok::<_, anyhow::Error>(
                body["work_order_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        }
    };
    let step = |token: &str, order: &str, what: &str, body: Value| {
        let (p, path) = (&p, format!("{base}/work-orders/{order}/{what}"));
        let token = token.to_string();
        async move {
            let (status, answer) = p.post(&token, &path, &body).await?;
            anyhow::ensure!(status == 200, "{path}: {status} {answer}");
            Ok::<_, anyhow::Error>(answer)
        }
    };
    let window = |from_h: i64, to_h: i64| {
        let now = p.clock.now();
        json!({"start": (now + chrono::Duration::hours(from_h)).to_rfc3339(),
               "end": (now + chrono::Duration::hours(to_h)).to_rfc3339(), "read_back": true})
    };
    // The run stays inside one month (Beijing): near a month's end it starts in the next one.
    let today = (p.clock.now() + chrono::Duration::hours(8)).date_naive();
    if chrono::Datelike::day(&today) >= 27 {
        p.clock
            .advance_hours(24 * (33 - i64::from(chrono::Datelike::day(&today))));
    }
    let month = (p.clock.now() + chrono::Duration::hours(8))
        .format("%Y-%m")
        .to_string();

    // On time: reassigned, started within the window, completed, followed up well.
    let o1 = raise(&desk, sun, "repair").await?;
    step(&desk, &o1, "appointment", window(-1, 2)).await?;
    step(&desk, &o1, "dispatch", json!({"technician_id": other_tech})).await?;
    step(&desk, &o1, "dispatch", json!({"technician_id": tech_id})).await?;
    step(&tech, &o1, "accept", json!({})).await?;
    step(&tech, &o1, "start", json!({})).await?;
    step(
        &tech,
        &o1,
        "complete",
        json!({"work_done": "换锁芯", "signoff_name": "李女士"}),
    )
    .await?;
    assert_eq!(
        read_model(&p)?,
        rows(&p, TRUTH)?,
        "after the first completion"
    );

    // Late: the window had passed; a failed repair reopens it, done again.
    let o2 = raise(&desk, sun, "repair").await?;
    step(&desk, &o2, "appointment", window(-3, -1)).await?;
    step(&desk, &o2, "dispatch", json!({"technician_id": tech_id})).await?;
    step(&tech, &o2, "accept", json!({})).await?;
    step(&tech, &o2, "start", json!({})).await?;
    step(
        &tech,
        &o2,
        "complete",
        json!({"work_done": "疏通", "signoff_name": "王先生"}),
    )
    .await?;

    // Paid work given back, taken up by the technician, completed with a fee.
    desk_e2e::repairs_has_the_units(&p, sun).await?;
    let o3 = raise(&desk, sun, "paid_repair").await?;
    step(&desk, &o3, "dispatch", json!({"technician_id": tech_id})).await?;
    step(&tech, &o3, "return", json!({"reason": "缺配件"})).await?;
    step(&tech, &o3, "accept", json!({})).await?;
    step(&tech, &o3, "start", json!({})).await?;
    step(
        &tech,
        &o3,
        "complete",
        json!({"work_done": "更换水龙头", "fee_fen": 5000, "signoff_name": "赵先生"}),
    )
    .await?;

    // Waiting for a technician, here and at the other estate.
    let o4 = raise(&desk, sun, "emergency").await?;
    step(&desk, &o4, "callback", json!({})).await?;
    raise(&lak_desk, lak, "repair").await?;
    raise(&lak_desk, lak, "after_sales").await?;

    // The next day: the follow-up visits.
    p.clock.advance_hours(25);
    let visit = |overall: i32, repaired: bool| json!({"punctuality": 4, "quality": overall, "fee_fair": 4, "attitude": 5, "overall": overall, "repaired": repaired});
    step(&desk, &o1, "follow-up", visit(5, true)).await?;
    let reopened = step(&desk, &o2, "follow-up", visit(2, false)).await?;
    assert_eq!(reopened["status"], "reopened");
    assert_eq!(read_model(&p)?, rows(&p, TRUTH)?, "after a failed repair");
    step(&desk, &o2, "dispatch", json!({"technician_id": tech_id})).await?;
    step(&tech, &o2, "accept", json!({})).await?;
    step(&tech, &o2, "start", json!({})).await?;
    step(
        &tech,
        &o2,
        "complete",
        json!({"work_done": "更换管道", "signoff_name": "王先生"}),
    )
    .await?;

    // Billing's payment settles the paid work (through its event, to the service's consumer).
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
                work_order_id: o3.clone(),
                amount_fen: 5000,
                method: "cash".into(),
                receipt_no: "SUN-2026-000777".into(),
            }),
        );
        desk_events::outbox::Outbox::new("billing").enqueue(
            &mut p.db.admin()?,
            desk_events::topics::LEDGER,
            &event,
        )?;
    }
    eventually(WAIT, || async {
        let (_, b) = p
            .get(&supervisor, &format!("{base}/work-orders/{o3}"))
            .await?;
        Ok(b["details"]["settled_at"].is_string().then_some(()))
    })
    .await?;

    let truth = rows(&p, TRUTH)?;
    assert_eq!(read_model(&p)?, truth, "after the whole run");
    assert!(
        !truth.contains(&other_tech.to_string()),
        "the reassigned order left the first technician: {truth}"
    );

    // The migration's backfill counts the same from the orders.
    let up = include_str!(
        "../../../services/repairs/migrations/2026-11-24-100001_estate_month_stats/up.sql"
    );
    let backfill = up
        .split_once("-- Backfill")
        .and_then(|(_, rest)| rest.split_once('\n'))
        .map(|(_, sql)| sql)
        .ok_or_else(|| anyhow::anyhow!("no backfill in the migration"))?;
    {
        use diesel::connection::SimpleConnection;
        let mut c = p.db.admin()?;
        c.batch_execute("DELETE FROM repairs.estate_month_stats")?;
        c.batch_execute(backfill)?;
    }
    assert_eq!(read_model(&p)?, truth, "the backfill");

    // Head office: one row per estate of the group.
    let (status, all) = p
        .get(&hq, &format!("/api/v1/repairs/stats?month={month}"))
        .await?;
    assert_eq!(status, 200, "{all}");
    let items = all["items"].as_array().cloned().unwrap_or_default();
    let of = |e: uuid::Uuid| {
        items
            .iter()
            .find(|i| i["estate_id"] == e.to_string().as_str())
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(items.len(), 2, "{all}");
    let s = of(sun);
    assert_eq!(
        (
            s["opened"].as_i64(),
            s["completed"].as_i64(),
            s["with_appointment"].as_i64(),
            s["arrived_on_time"].as_i64()
        ),
        (Some(4), Some(3), Some(2), Some(1))
    );
    assert_eq!(
        (
            s["followed_up"].as_i64(),
            s["satisfied"].as_i64(),
            s["revenue_fen"].as_i64()
        ),
        (Some(2), Some(1), Some(5000))
    );
    assert_eq!(
        (
            s["rates"]["on_time"].as_f64(),
            s["rates"]["satisfaction"].as_f64()
        ),
        (Some(0.5), Some(0.5))
    );
    assert_eq!(
        (
            s["done"].as_i64(),
            s["done_followed_up"].as_i64(),
            s["rates"]["follow_up"].as_f64()
        ),
        (Some(3), Some(2), Some(0.6667)),
        "done: three orders (one of them twice), two visited"
    );
    assert_eq!(of(lak)["opened"], 2);

    // The trend: months up to this one, for one estate.
    let (status, trend) = p
        .get(
            &hq,
            &format!("/api/v1/repairs/stats?month={month}&months=6&estate_id={lak}"),
        )
        .await?;
    assert_eq!(status, 200, "{trend}");
    assert_eq!(trend["items"].as_array().map(Vec::len), Some(1));

    // An estate manager sees their estates only; the desk does not read across estates.
    let (status, mine) = p
        .get(&manager, &format!("/api/v1/repairs/stats?month={month}"))
        .await?;
    assert_eq!(status, 200);
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(mine["items"][0]["estate_id"], sun.to_string().as_str());
    let (status, _) = p
        .get(
            &manager,
            &format!("/api/v1/repairs/stats?month={month}&estate_id={lak}"),
        )
        .await?;
    assert_eq!(status, 403);
    let (status, _) = p
        .get(&desk, &format!("/api/v1/repairs/stats?month={month}"))
        .await?;
    assert_eq!(status, 403);
    let other_hq = p.login("oth.hq").await?;
    let (status, theirs) = p
        .get(&other_hq, &format!("/api/v1/repairs/stats?month={month}"))
        .await?;
    assert_eq!(
        (status, theirs["items"].as_array().map(Vec::len)),
        (200, Some(0)),
        "another group's head office sees none of it"
    );
    let (status, _) = p.get(&hq, "/api/v1/repairs/stats?month=2026-13").await?;
    assert_eq!(status, 422);

    // The estate's own figures keep their shape, read from the same model.
    let (_, by) = p
        .get(&supervisor, &format!("{base}/stats?month={month}"))
        .await?;
    let line = |by_: &str, key: &str| {
        by["rows"]
            .as_array()
            .and_then(|r| {
                r.iter()
                    .find(|x| x["by"] == by_ && x["key"] == key)
                    .cloned()
            })
            .unwrap_or_default()
    };
    assert_eq!(line("kind", "repair")["orders"], 2);
    assert_eq!(line("technician", &tech_id.to_string())["orders"], 3);
    assert_eq!(line("technician", "unassigned")["orders"], 1);
    assert_eq!(line("kind", "paid_repair")["revenue_fen"], 5000);
    assert_eq!(
        line("technician", &other_tech.to_string()),
        Value::Null,
        "no line left for the first technician"
    );
    let (_, rate) = p
        .get(&supervisor, &format!("{base}/follow-up-rate?month={month}"))
        .await?;
    assert_eq!(
        (rate["completed"].as_i64(), rate["followed_up"].as_i64()),
        (Some(3), Some(2))
    );
    p.stop().await;
    Ok(())
}
