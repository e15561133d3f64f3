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
