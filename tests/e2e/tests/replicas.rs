//! Two replicas of a service on one database and one broker, their background jobs running at
//! once: complaints' deadline sweep escalates each overdue complaint once, and goes on when a
//! replica stops; billing's month's fee run asked of both replicas at once charges each unit
//! once per item.

use desk_e2e::{Platform, estate, eventually};
use desk_platform::host::Running;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

/// The platform's clock, for another replica.
fn clock(p: &Platform) -> desk_platform::Clock {
    let c = p.clock.clone();
    Arc::new(move || c.now())
}

/// A second complaints replica on the platform's database and broker, sweeping as often as
/// the first.
async fn complaints_replica(p: &Platform) -> anyhow::Result<Running> {
    let s =
        desk_testkit::service_settings(&p.db, "desk_complaints", &p.brokers, &p.prefix, &p.keys);
    desk_complaints::start_with_clock(s, clock(p), Duration::from_millis(200)).await
}

async fn billing_replica(p: &Platform) -> anyhow::Result<Running> {
    let s = desk_testkit::service_settings(&p.db, "desk_billing", &p.brokers, &p.prefix, &p.keys);
    desk_billing::start_with_clock(s, clock(p)).await
}

/// POST to one replica directly, not through the gateway.
async fn post_to(
    p: &Platform,
    replica: std::net::SocketAddr,
    token: &str,
    path: &str,
    body: &Value,
) -> anyhow::Result<(u16, Value)> {
    let res = p
        .http
        .post(format!("http://{replica}{path}"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await?;
    let status = res.status().as_u16();
    Ok((status, res.json().await.unwrap_or(Value::Null)))
}

/// Open `n` complaints by letter at one replica; their ids.
async fn open_complaints(
    p: &Platform,
    replica: std::net::SocketAddr,
    token: &str,
    n: usize,
) -> anyhow::Result<Vec<String>> {
    let sun = estate("SUN");
    let mut ids = Vec::new();
    for i in 0..n {
        let (status, body) = post_to(
            p,
            replica,
            token,
            &format!("/api/v1/complaints/estates/{sun}/complaints"),
            &json!({
                "channel": "letter", "unit_label": "1-1-101", "type": "other",
                "description": format!("来信反映第{i}件事"),
            }),
        )
        .await?;
        anyhow::ensure!(status == 201, "{status} {body}");
        ids.push(
            body["complaint_id"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        );
    }
    Ok(ids)
}

/// Wait until every one of `ids` is at head office, let both sweeps tick a few more times,
/// then check each was escalated exactly once: one trail step, one event.
async fn escalated_once_each(p: &Platform, ids: &[String]) -> anyhow::Result<()> {
    let list = ids
        .iter()
        .map(|id| format!("'{id}'"))
        .collect::<Vec<_>>()
        .join(", ");
    eventually(WAIT, || async {
        let at_hq = p.db.count(&format!(
            "SELECT count(*) AS n FROM complaints.complaints WHERE complaint_id IN ({list}) AND escalation_level = 3"
        ))?;
        Ok((at_hq == ids.len() as i64).then_some(()))
    })
    .await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let steps = p.db.count(&format!(
        "SELECT count(*) AS n FROM complaints.trail WHERE complaint_id IN ({list}) AND action = 'escalated'"
    ))?;
    assert_eq!(steps, ids.len() as i64, "one escalation step each");
    let twice = p.db.count(&format!(
        "SELECT count(*) AS n FROM (SELECT complaint_id FROM complaints.trail WHERE complaint_id IN ({list}) \
         AND action = 'escalated' GROUP BY complaint_id HAVING count(*) > 1) t"
    ))?;
    assert_eq!(twice, 0);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_complaints_replicas_escalate_each_overdue_complaint_once_and_one_carries_on_alone()
-> anyhow::Result<()> {
    let mut p = Platform::start().await?;
    let second = complaints_replica(&p).await?;
    let first = p
        .service("complaints")
        .ok_or_else(|| anyhow::anyhow!("complaints"))?;
    let supervisor = p.login("sun.supervisor").await?;
    let events = "SELECT count(*) AS n FROM complaints.outbox WHERE event_type = 'complaints.complaint.escalated'";

    // Both replicas sweep every 200 ms; a week on, every complaint is overdue at once.
    let mut ids = open_complaints(&p, first, &supervisor, 20).await?;
    ids.extend(open_complaints(&p, second.addr, &supervisor, 20).await?);
    p.clock.advance_hours(24 * 7);
    escalated_once_each(&p, &ids).await?;
    assert_eq!(p.db.count(events)?, ids.len() as i64, "one event each");

    // The first replica stops; the second goes on sweeping alone.
    let i = p
        .services
        .iter()
        .position(|(name, _)| *name == "complaints")
        .ok_or_else(|| anyhow::anyhow!("complaints"))?;
    let (_, stopped) = p.services.remove(i);
    stopped.stop().await;
    let later = open_complaints(&p, second.addr, &supervisor, 10).await?;
    p.clock.advance_hours(24 * 7);
    escalated_once_each(&p, &later).await?;
    assert_eq!(p.db.count(events)?, (ids.len() + later.len()) as i64);

    second.stop().await;
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_months_fee_run_asked_of_two_billing_replicas_at_once_charges_each_unit_once()
-> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let manager = p.login("sun.manager").await?;
    let billing = format!("/api/v1/billing/estates/{sun}");
    let units = p.db.count(&format!(
        "SELECT count(*) AS n FROM documents.units WHERE estate_id = '{sun}'"
    ))?;
    assert!(units > 0);
    eventually(WAIT, || async {
        let copied = p.db.count(&format!(
            "SELECT count(*) AS n FROM billing.unit_accounts WHERE estate_id = '{sun}'"
        ))?;
        Ok((copied == units).then_some(()))
    })
    .await?;
    let second = billing_replica(&p).await?;
    let first = p
        .service("billing")
        .ok_or_else(|| anyhow::anyhow!("billing"))?;
    let res = p
        .http
        .put(p.url(&format!("{billing}/fee-schedule")))
        .bearer_auth(&manager)
        .json(&json!({"management_fen_per_m2": 250, "items": [
            {"code": "garbage", "name": "垃圾清运费", "kind": "monthly", "price_fen": 1000},
            {"code": "meeting_room", "name": "会议室", "kind": "per_hour", "price_fen": 5000},
        ]}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);

    // Two people press "run the month" on each replica at the same moment.
    let run = |replica| {
        let (p, manager, path) = (&p, &manager, format!("{billing}/management-fees"));
        async move { post_to(p, replica, manager, &path, &json!({"month": "2026-11"})).await }
    };
    let (a, b, c, d) = tokio::join!(run(first), run(second.addr), run(first), run(second.addr));
    let mut charged = 0;
    for r in [a?, b?, c?, d?] {
        assert_eq!(r.0, 200, "{}", r.1);
        charged += r.1["charged"].as_i64().unwrap_or(-1);
    }
    // The management fee (of every unit with an area) and the monthly item, once per unit.
    let want = units
        + p.db.count(&format!(
            "SELECT count(*) AS n FROM billing.unit_accounts WHERE estate_id = '{sun}' AND area_centi_m2 > 0"
        ))?;
    assert_eq!(charged, want);
    assert_eq!(
        p.db.count(&format!(
            "SELECT count(*) AS n FROM billing.charges WHERE estate_id = '{sun}' AND period = '2026-11'"
        ))?,
        want
    );
    assert_eq!(
        p.db.count(&format!(
            "SELECT charges AS n FROM billing.period_stats WHERE estate_id = '{sun}' AND period = '2026-11'"
        ))?,
        want,
        "the month's figures count each charge once"
    );
    second.stop().await;
    p.stop().await;
    Ok(())
}
