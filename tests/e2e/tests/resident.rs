//! The resident portal through the gateway: a resident signs in with phone and password, reports
//! a repair with a photo and a complaint for their own unit, follows them and rates the work;
//! a neighbour sees none of it, whatever id they put in the address; a resident's token reaches
//! no staff endpoint and cannot report for a unit that is not theirs.

use desk_e2e::{Platform, estate};
use serde_json::{Value, json};

const A_PHONE: &str = "13900000101";
const B_PHONE: &str = "13900000102";

async fn resident_login(p: &Platform, phone: &str, password: &str) -> anyhow::Result<(u16, Value)> {
    let res = p
        .http
        .post(p.url("/api/v1/auth/resident/login"))
        .json(&json!({ "phone": phone, "password": password }))
        .send()
        .await?;
    let status = res.status().as_u16();
    Ok((status, res.json().await.unwrap_or(Value::Null)))
}

async fn resident_token(p: &Platform, phone: &str) -> anyhow::Result<String> {
    let (status, body) = resident_login(p, phone, desk_gateway::demo::PASSWORD).await?;
    anyhow::ensure!(status == 200, "resident login {status} {body}");
    Ok(body["token"].as_str().unwrap_or_default().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn residents_see_and_report_only_for_their_own_units() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let lak = estate("LAK");
    let a = resident_token(&p, A_PHONE).await?;
    let b = resident_token(&p, B_PHONE).await?;

    // Sign-in: the units, the number masked; a wrong password and an unknown number alike.
    let (status, me) = p.get(&a, "/api/v1/auth/resident/me").await?;
    assert_eq!(status, 200, "{me}");
    assert_eq!(
        me["units"],
        json!([{"estate_id": sun, "unit_label": "1-1-101"}])
    );
    assert_eq!(me["phone"], "139****0101");
    let (status, body) = resident_login(&p, A_PHONE, "wrong-password").await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("invalid_credentials"))
    );
    let (status, _) = resident_login(&p, "13900009999", desk_gateway::demo::PASSWORD).await?;
    assert_eq!(status, 401);

    // A reports a repair for their unit, with a photo, and sees it.
    let base = format!("/api/v1/repairs/resident/estates/{sun}/work-orders");
    let (status, order) = p
        .post(
            &a,
            &base,
            &json!({"unit_label": "1-1-101", "problem": "卫生间天花板渗水"}),
        )
        .await?;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["stage"], "received");
    let oid = order["work_order_id"]
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
        .post(p.url(&format!("{base}/{oid}/photos")))
        .bearer_auth(&a)
        .header("content-type", "image/png")
        .body(png.clone())
        .send()
        .await?;
    assert_eq!(res.status(), 201);
    let photo: Value = res.json().await?;
    let photo_id = photo["photo_id"].as_str().unwrap_or_default().to_string();
    let (status, mine) = p.get(&a, "/api/v1/repairs/resident/work-orders").await?;
    assert_eq!(status, 200);
    assert_eq!(mine["items"][0]["work_order_id"], oid.as_str());
    let (status, one) = p.get(&a, &format!("{base}/{oid}")).await?;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["photo_ids"], json!([photo_id]));
    assert_eq!(one["progress"][0]["action"], "reported_by_resident");
    assert!(one.get("technician_id").is_none() && one.get("reported_by").is_none());

    // A report sent twice (a phone retrying on a poor network) is kept once.
    let again = |path: String, body: Value| {
        let (p, a) = (&p, a.clone());
        async move {
            let res = p
                .http
                .post(p.url(&path))
                .bearer_auth(a)
                .header("Idempotency-Key", "portal-retry-1")
                .json(&body)
                .send()
                .await?;
            let status = res.status().as_u16();
            Ok::<_, anyhow::Error>((status, res.json::<Value>().await.unwrap_or(Value::Null)))
        }
    };
    let leak = json!({"unit_label": "1-1-101", "problem": "阳台地漏返水"});
    let (first_status, first) = again(base.clone(), leak.clone()).await?;
    let (second_status, second) = again(base.clone(), leak.clone()).await?;
    assert_eq!((first_status, second_status), (201, 200));
    assert_eq!(first["work_order_id"], second["work_order_id"]);
    let (_, mine) = p.get(&a, "/api/v1/repairs/resident/work-orders").await?;
    assert_eq!(mine["items"].as_array().map(|i| i.len()), Some(2));
    let cpath = format!("/api/v1/complaints/resident/estates/{sun}/complaints");
    let noise = json!({"unit_label": "1-1-101", "description": "电梯异响"});
    let (s1, c1) = again(cpath.clone(), noise.clone()).await?;
    let (s2, c2) = again(cpath.clone(), noise.clone()).await?;
    assert_eq!((s1, s2), (201, 200));
    assert_eq!(c1["complaint_id"], c2["complaint_id"]);

    // The desk sees it in the estate's queue, as a web report.
    let desk = p.login("sun.desk").await?;
    let (_, queue) = p
        .get(&desk, &format!("/api/v1/repairs/estates/{sun}/work-orders"))
        .await?;
    let seen = queue["items"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|o| o["work_order_id"] == oid.as_str())
                .cloned()
        })
        .unwrap_or_default();
    assert_eq!(seen["details"]["channel"], "web");
    assert_eq!(seen["unit_label"], "1-1-101");

    // B, the neighbour, gets "not found" for every address of A's order, and an empty list.
    for path in [
        format!("{base}/{oid}"),
        format!("{base}/{oid}/photos/{photo_id}"),
    ] {
        let (status, body) = p.get(&b, &path).await?;
        assert_eq!(
            (status, body["code"].as_str()),
            (404, Some("not_found")),
            "{path}"
        );
        assert!(!body.to_string().contains("天花板"));
    }
    let (status, _) = p
        .post(&b, &format!("{base}/{oid}/rating"), &json!({
            "punctuality": 5, "quality": 5, "fee_fair": 5, "attitude": 5, "overall": 5, "repaired": true
        }))
        .await?;
    assert_eq!(status, 404);
    let res = p
        .http
        .post(p.url(&format!("{base}/{oid}/photos")))
        .bearer_auth(&b)
        .header("content-type", "image/png")
        .body(png.clone())
        .send()
        .await?;
    assert_eq!(res.status(), 404);
    let (_, theirs) = p.get(&b, "/api/v1/repairs/resident/work-orders").await?;
    assert_eq!(theirs["items"], json!([]));
    // The same order under an estate B does not reach is also just "not found".
    let (status, _) = p
        .get(
            &b,
            &format!("/api/v1/repairs/resident/estates/{lak}/work-orders/{oid}"),
        )
        .await?;
    assert_eq!(status, 404);

    // A cannot report for the neighbour's unit, nor for a unit of another estate.
    let (status, _) = p
        .post(
            &a,
            &base,
            &json!({"unit_label": "1-1-102", "problem": "楼上噪音"}),
        )
        .await?;
    assert_eq!(status, 404);
    let (status, _) = p
        .post(
            &a,
            &format!("/api/v1/repairs/resident/estates/{lak}/work-orders"),
            &json!({"unit_label": "1-1-101", "problem": "x"}),
        )
        .await?;
    assert_eq!(status, 404);
    let (status, body) = p
        .post(
            &a,
            &base,
            &json!({"unit_label": "1-1-101", "kind": "emergency", "problem": "爆管"}),
        )
        .await?;
    assert_eq!(status, 422, "emergencies are phoned in: {body}");

    // Complaints: the same rules.
    let cbase = format!("/api/v1/complaints/resident/estates/{sun}/complaints");
    let (status, complaint) = p
        .post(
            &a,
            &cbase,
            &json!({"unit_label": "1-1-101", "description": "夜间装修噪音", "location": "1栋",
                    "complainant_name": "住户 王芳", "complainant_phone": "139 0000 0101"}),
        )
        .await?;
    assert_eq!(status, 201, "{complaint}");
    assert_eq!(complaint["channel"], "web");
    let cid = complaint["complaint_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (_, desk_view) = p
        .get(
            &desk,
            &format!("/api/v1/complaints/estates/{sun}/complaints/{cid}"),
        )
        .await?;
    assert_eq!(
        (
            desk_view["channel"].as_str(),
            desk_view["complainant_phone"].as_str()
        ),
        (Some("web"), Some("13900000101")),
        "the desk sees the web complaint and can call back"
    );
    let (_, mine) = p.get(&a, "/api/v1/complaints/resident/complaints").await?;
    assert_eq!(mine["items"][0]["complaint_id"], cid.as_str());
    let (status, one) = p.get(&a, &format!("{cbase}/{cid}")).await?;
    assert_eq!((status, one["stage"].as_str()), (200, Some("received")));
    let (status, _) = p.get(&b, &format!("{cbase}/{cid}")).await?;
    assert_eq!(status, 404);
    let (status, _) = p
        .post(
            &b,
            &format!("{cbase}/{cid}/rating"),
            &json!({"satisfaction": "dissatisfied"}),
        )
        .await?;
    assert_eq!(status, 404);
    let (status, _) = p
        .post(
            &a,
            &cbase,
            &json!({"unit_label": "1-1-102", "description": "x"}),
        )
        .await?;
    assert_eq!(status, 404);
    let (_, theirs) = p.get(&b, "/api/v1/complaints/resident/complaints").await?;
    assert_eq!(theirs["items"], json!([]));

    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_resident_token_reaches_no_staff_endpoint_and_staff_tokens_no_resident_one()
-> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let a = resident_token(&p, A_PHONE).await?;
    for path in [
        format!("/api/v1/repairs/estates/{sun}/work-orders"),
        format!("/api/v1/complaints/estates/{sun}/complaints"),
        format!("/api/v1/reception/estates/{sun}/intakes"),
        "/api/v1/documents/estates".to_string(),
        format!("/api/v1/billing/estates/{sun}/charges"),
        "/api/v1/auth/me".to_string(),
        "/api/v1/auth/directory".to_string(),
        "/api/v1/repairs/my-orders".to_string(),
    ] {
        let (status, body) = p.get(&a, &path).await?;
        assert_eq!(
            (status, body["code"].as_str()),
            (403, Some("resident_not_staff")),
            "{path}: {body}"
        );
    }
    let (status, body) = p
        .post(
            &a,
            "/api/v1/auth/residents",
            &json!({"display_name": "x", "phone": "13900000199", "password": "long-enough", "units": [{"estate_id": sun, "unit_label": "1-1-101"}]}),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("resident_not_staff"))
    );

    let desk = p.login("sun.desk").await?;
    for path in [
        "/api/v1/repairs/resident/work-orders",
        "/api/v1/complaints/resident/complaints",
        "/api/v1/auth/resident/me",
    ] {
        let (status, body) = p.get(&desk, path).await?;
        assert_eq!(
            (status, body["code"].as_str()),
            (403, Some("staff_not_resident")),
            "{path}"
        );
    }
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_desk_opens_an_account_and_the_resident_rates_the_finished_work() -> anyhow::Result<()>
{
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let lak = estate("LAK");
    let desk = p.login("sun.desk").await?;
    let tech = p.login("sun.tech").await?;
    let supervisor = p.login("sun.supervisor").await?;

    // The desk opens an account for a unit of its own estate only; one account per number.
    let new = |estate: uuid::Uuid, phone: &str| {
        json!({"display_name": "住户 张敏", "phone": phone, "password": "zhang-2026-pw",
               "units": [{"estate_id": estate, "unit_label": " 2-1-301 "}]})
    };
    let (status, body) = p
        .post(&desk, "/api/v1/auth/residents", &new(lak, "139 0000 0301"))
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("estate_out_of_scope"))
    );
    let (status, body) = p
        .post(&desk, "/api/v1/auth/residents", &new(sun, "139 0000 0301"))
        .await?;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["phone"], "139****0301");
    assert_eq!(body["units"][0]["unit_label"], "2-1-301");
    let (status, body) = p
        .post(&desk, "/api/v1/auth/residents", &new(sun, "13900000301"))
        .await?;
    assert_eq!((status, body["code"].as_str()), (409, Some("phone_taken")));
    let tech_open = p
        .post(&tech, "/api/v1/auth/residents", &new(sun, "13900000302"))
        .await?;
    assert_eq!(tech_open.0, 403, "technicians do not open accounts");
    let (status, signed) = resident_login(&p, "13900000301", "zhang-2026-pw").await?;
    assert_eq!(status, 200, "{signed}");
    let r = signed["token"].as_str().unwrap_or_default().to_string();
    let new_id = signed["resident"]["resident_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (status, listed) = p
        .get(&desk, &format!("/api/v1/auth/residents?estate_id={sun}"))
        .await?;
    assert_eq!(status, 200, "{listed}");
    assert_eq!(listed["items"].as_array().map(|a| a.len()), Some(3));
    assert!(
        !listed.to_string().contains("13900000301"),
        "phones are masked"
    );
    let lak_desk = p.login("lak.desk").await?;
    let (status, _) = p
        .get(
            &lak_desk,
            &format!("/api/v1/auth/residents?estate_id={sun}"),
        )
        .await?;
    assert_eq!(status, 403);

    // A repair reported in the portal, worked by the estate, rated from the next day.
    let base = format!("/api/v1/repairs/resident/estates/{sun}/work-orders");
    let (status, order) = p
        .post(
            &r,
            &base,
            &json!({"unit_label": "2-1-301", "problem": "阳台灯不亮"}),
        )
        .await?;
    assert_eq!(status, 201, "{order}");
    let oid = order["work_order_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let staff_base = format!("/api/v1/repairs/estates/{sun}/work-orders/{oid}");
    let tech_id = desk_platform::demo::id("staff", "sun.tech");
    let res = p
        .http
        .put(p.url(&format!(
            "/api/v1/repairs/estates/{sun}/technicians/{tech_id}"
        )))
        .bearer_auth(&supervisor)
        .json(&json!({"name": "赵强", "skills": ["electrical"]}))
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    let (status, body) = p
        .post(
            &desk,
            &format!("{staff_base}/dispatch"),
            &json!({"technician_id": tech_id}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    let (_, seen) = p.get(&r, &format!("{base}/{oid}")).await?;
    assert_eq!(seen["stage"], "scheduled");
    for step in ["accept", "start"] {
        let (status, body) = p
            .post(&tech, &format!("{staff_base}/{step}"), &json!({}))
            .await?;
        assert_eq!(status, 200, "{step}: {body}");
    }
    let (status, body) = p
        .post(
            &tech,
            &format!("{staff_base}/complete"),
            &json!({"work_done": "更换灯座", "signoff_name": "张敏"}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    let rating = json!({"punctuality": 5, "quality": 4, "fee_fair": 5, "attitude": 5, "overall": 5, "repaired": true, "note": "很及时"});
    let (_, seen) = p.get(&r, &format!("{base}/{oid}")).await?;
    assert_eq!(
        (seen["stage"].as_str(), seen["can_rate"].as_bool()),
        (Some("done"), Some(false))
    );
    let (status, body) = p.post(&r, &format!("{base}/{oid}/rating"), &rating).await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("follow_up_too_early"))
    );
    p.clock.advance_hours(30);
    let (_, seen) = p.get(&r, &format!("{base}/{oid}")).await?;
    assert_eq!(seen["can_rate"], true);
    let (status, body) = p.post(&r, &format!("{base}/{oid}/rating"), &rating).await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["stage"].as_str(), body["overall_rating"].as_i64()),
        (Some("closed"), Some(5))
    );
    let (_, staff_view) = p.get(&desk, &staff_base).await?;
    assert_eq!(staff_view["details"]["follow_up"]["told_via"], "app");

    // The resident moves out: another estate's desk cannot touch the account; this one closes it.
    let close = |token: String| {
        let (p, id) = (&p, new_id.clone());
        async move {
            let res = p
                .http
                .patch(p.url(&format!("/api/v1/auth/residents/{id}")))
                .bearer_auth(token)
                .json(&json!({"active": false}))
                .send()
                .await?;
            Ok::<_, anyhow::Error>(res.status().as_u16())
        }
    };
    assert_eq!(close(lak_desk.clone()).await?, 404);
    assert_eq!(close(desk.clone()).await?, 200);
    let (status, _) = resident_login(&p, "13900000301", "zhang-2026-pw").await?;
    assert_eq!(status, 401, "a closed account no longer signs in");
    let (status, _) = p.get(&r, "/api/v1/auth/resident/me").await?;
    assert_eq!(status, 401);

    p.stop().await;
    Ok(())
}
