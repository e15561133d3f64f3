//! Who may see what: no token or a bad one is 401, an estate outside the caller's scope is 403,
//! another group's record is 404 — through the gateway and at the services themselves.

use desk_auth::{EstateScope, Role};
use desk_e2e::{Platform, estate};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn tokens_scopes_and_groups_are_enforced() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let lak = estate("LAK");
    let desk = p.login("sun.desk").await?;
    let (status, intake) = p
        .post(
            &desk,
            &format!("/api/v1/reception/estates/{sun}/intakes"),
            &json!({"channel": "phone", "category": "inquiry", "request": "快递放哪里了?"}),
        )
        .await?;
    assert_eq!(status, 201);
    let intake_id = intake["intake_id"].as_str().unwrap_or_default().to_string();
    let path = format!("/api/v1/reception/estates/{sun}/intakes/{intake_id}");

    // 401: no token, a malformed one, one signed by another key, at the gateway and at the service.
    let res = p.http.get(p.url(&path)).send().await?;
    assert_eq!(res.status(), 401);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
    let body: serde_json::Value = res.json().await?;
    assert_eq!(body["code"], "unauthenticated");
    let (status, _) = p.get("not-a-token", &path).await?;
    assert_eq!(status, 401);
    let stranger = desk_testkit::Keys::generate()?;
    let forged = stranger.token(
        desk_platform::demo::group_id(),
        &[Role::Admin],
        EstateScope::Group,
    );
    let (status, _) = p.get(&forged, &path).await?;
    assert_eq!(status, 401, "a token not signed by this gateway");
    let direct = format!(
        "http://{}{}",
        p.service("reception")
            .map(|a| a.to_string())
            .unwrap_or_default(),
        path
    );
    let res = p.http.get(&direct).send().await?;
    assert_eq!(res.status(), 401, "the service checks the token itself");
    let res = p.http.get(&direct).bearer_auth(&forged).send().await?;
    assert_eq!(res.status(), 401);
    let (status, _) = p
        .post(
            "",
            "/api/v1/auth/login",
            &json!({"username": "sun.desk", "password": "wrong-password"}),
        )
        .await?;
    assert_eq!(status, 401);

    // 200 for the owner of the estate.
    let (status, body) = p.get(&desk, &path).await?;
    assert_eq!(status, 200);
    assert_eq!(body["request"], "快递放哪里了?");

    // 403: the desk of SUN on LAK's ledger, through the gateway and directly.
    let (status, body) = p
        .get(&desk, &format!("/api/v1/reception/estates/{lak}/intakes"))
        .await?;
    assert_eq!(status, 403);
    assert_eq!(body["code"], "estate_out_of_scope");
    let (status, _) = p
        .post(
            &desk,
            &format!("/api/v1/reception/estates/{lak}/intakes"),
            &json!({"channel": "phone", "category": "inquiry", "request": "x"}),
        )
        .await?;
    assert_eq!(status, 403);
    let res = p
        .http
        .get(format!(
            "http://{}/api/v1/complaints/estates/{lak}/complaints",
            p.service("complaints")
                .map(|a| a.to_string())
                .unwrap_or_default()
        ))
        .bearer_auth(&desk)
        .send()
        .await?;
    assert_eq!(res.status(), 403);
    // HQ reads but does not write the desk's ledger.
    let hq = p.login("hq").await?;
    let (status, _) = p.get(&hq, &path).await?;
    assert_eq!(status, 200, "HQ sees every estate of its group");
    let (status, body) = p
        .post(
            &hq,
            &format!("/api/v1/reception/estates/{sun}/intakes"),
            &json!({"channel": "phone", "category": "inquiry", "request": "x"}),
        )
        .await?;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));

    // 404: another group's HQ, whose scope is its whole group, asking for this group's record.
    let other_hq = p.login("oth.hq").await?;
    let (status, body) = p.get(&other_hq, &path).await?;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "not_found");
    let (status, body) = p
        .get(
            &other_hq,
            &format!("/api/v1/reception/estates/{sun}/intakes"),
        )
        .await?;
    assert_eq!(status, 200);
    assert_eq!(
        body["items"],
        json!([]),
        "nothing of another group is listed"
    );
    let (status, body) = p.get(&other_hq, "/api/v1/documents/estates").await?;
    assert_eq!(status, 200);
    let codes: Vec<&str> = body["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["code"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(codes, vec!["OTH"]);
    let (status, body) = p.get(&desk, "/api/v1/documents/estates").await?;
    assert_eq!(status, 200);
    assert_eq!(
        body["items"].as_array().map(|a| a.len()),
        Some(1),
        "the desk sees its one estate"
    );

    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bad_input_is_a_problem_with_a_stable_code_and_writes_nothing() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let intakes = format!("/api/v1/reception/estates/{sun}/intakes");
    let send = |body: String, content_type: &'static str| {
        let req = p
            .http
            .post(p.url(&intakes))
            .bearer_auth(&desk)
            .header("content-type", content_type)
            .body(body);
        async move {
            let res = req.send().await?;
            let status = res.status().as_u16();
            let ct = res
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            let body: serde_json::Value = res.json().await.unwrap_or_default();
            Ok::<_, anyhow::Error>((status, ct, body))
        }
    };
    let json = "application/json";
    let cases: Vec<(String, &str, u16, &str)> = vec![
        ("{\"channel\": \"phone\",".into(), json, 400, "malformed_json"),
        ("[]".into(), json, 422, "invalid_body"),
        (r#"{"channel":"phone","category":"inquiry","request":"x","surprise":1}"#.into(), json, 422, "invalid_body"),
        (r#"{"channel":"phone","category":"inquiry"}"#.into(), json, 422, "invalid_body"),
        (r#"{"channel":"fax","category":"inquiry","request":"x"}"#.into(), json, 422, "invalid_body"),
        (r#"{"channel":"phone","category":"inquiry","request":42}"#.into(), json, 422, "invalid_body"),
        (r#"{"channel":"phone","category":"inquiry","request":"   "}"#.into(), json, 422, "validation_failed"),
        (r#"{"channel":"phone","category":"complaint","request":"吵"}"#.into(), json, 422, "validation_failed"),
        (r#"{"channel":"phone","category":"inquiry","request":"x","caller":{"phone":"13812345678abc"}}"#.into(), json, 422, "validation_failed"),
        (format!(r#"{{"channel":"phone","category":"inquiry","request":"{}"}}"#, "长".repeat(30_000)), json, 413, "body_too_large"),
        (r#"{"channel":"phone","category":"inquiry","request":"x"}"#.into(), "text/plain", 415, "unsupported_media_type"),
    ];
    for (body, ct, want_status, want_code) in cases {
        let (status, content_type, problem) = send(body.clone(), ct).await?;
        let shown: String = body.chars().take(60).collect();
        assert_eq!(status, want_status, "{shown}: {problem}");
        assert_eq!(content_type, "application/problem+json", "{shown}");
        assert_eq!(problem["code"], want_code, "{shown}: {problem}");
        assert!(
            !problem.to_string().contains("13812345678"),
            "no personal data echoed: {problem}"
        );
    }
    // Bad identifiers and filters.
    let (status, body) = p
        .get(&desk, "/api/v1/reception/estates/not-a-uuid/intakes")
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("invalid_path_parameter"))
    );
    let (status, body) = p.get(&desk, &format!("{intakes}/1234")).await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("invalid_path_parameter"))
    );
    let (status, body) = p.get(&desk, &format!("{intakes}?status=bogus")).await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("invalid_query"))
    );
    let (status, body) = p
        .get(&desk, &format!("{intakes}/{}", uuid::Uuid::now_v7()))
        .await?;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    let (status, body) = p.get(&desk, "/api/v1/nowhere/at-all").await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("no_such_route"))
    );
    let res = p
        .http
        .post(p.url(&intakes))
        .bearer_auth(&desk)
        .header("Idempotency-Key", "")
        .json(&json!({"channel": "phone", "category": "inquiry", "request": "x"}))
        .send()
        .await?;
    assert_eq!(res.status(), 400);

    assert_eq!(
        p.db.count("SELECT count(*) AS n FROM reception.intakes")?,
        0,
        "nothing was written"
    );
    assert_eq!(p.db.count("SELECT count(*) AS n FROM reception.outbox")?, 0);

    // A retried write with the same Idempotency-Key records once and answers the same.
    let retry = || {
        p.http
            .post(p.url(&intakes))
            .bearer_auth(&desk)
            .header("Idempotency-Key", "call-0917-1")
            .json(&json!({"channel": "phone", "category": "repair",
                          "caller": {"unit_label": "2-1-301"}, "request": "门禁卡失灵"}))
            .send()
    };
    let first = retry().await?;
    assert_eq!(first.status(), 201);
    let first: serde_json::Value = first.json().await?;
    let again = retry().await?;
    assert_eq!(again.status(), 200);
    let again: serde_json::Value = again.json().await?;
    assert_eq!(first["intake_id"], again["intake_id"]);
    assert_eq!(
        p.db.count("SELECT count(*) AS n FROM reception.intakes")?,
        1
    );
    assert_eq!(p.db.count("SELECT count(*) AS n FROM reception.outbox")?, 1);
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_gateway_serves_one_openapi_document_for_every_service() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let doc: serde_json::Value = p
        .http
        .get(p.url("/api/v1/openapi.json"))
        .send()
        .await?
        .json()
        .await?;
    for path in [
        "/api/v1/auth/login",
        "/api/v1/reception/estates/{estate_id}/intakes",
        "/api/v1/complaints/estates/{estate_id}/complaints",
        "/api/v1/repairs/estates/{estate_id}/work-orders",
        "/api/v1/billing/estates/{estate_id}/accounts",
        "/api/v1/documents/estates",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    for schema in [
        "LogIntake",
        "Complaint",
        "WorkOrder",
        "Account",
        "Estate",
        "Problem",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "{schema} is documented"
        );
    }
    assert!(
        doc.get("x-unavailable-services").is_none(),
        "{}",
        doc["x-unavailable-services"]
    );
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_gateway_serves_the_web_application_beside_the_api() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("desk-web-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dir.join("assets"))?;
    std::fs::write(dir.join("index.html"), "<!doctype html><title>前台</title>")?;
    std::fs::write(dir.join("assets/app-1234.js"), "console.log('desk')")?;
    let p = Platform::start_with_web(&dir.to_string_lossy()).await?;
    let get = |path: &str| p.http.get(p.url(path)).send();
    let res = get("/").await?;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await?, "<!doctype html><title>前台</title>");
    let res = get("/desk/queue").await?;
    assert_eq!(
        res.status(),
        200,
        "the application's own addresses get index.html"
    );
    let res = get("/assets/app-1234.js").await?;
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/javascript; charset=utf-8")
    );
    assert!(
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .contains("immutable")
    );
    let res = get("/api/v1/nothing-here").await?;
    assert_eq!(res.status(), 404);
    let body: serde_json::Value = res.json().await?;
    assert_eq!(
        body["code"], "no_such_route",
        "the API never answers with the page"
    );
    let res = get("/../../etc/passwd").await?;
    assert!(
        !res.text().await?.contains("root:"),
        "nothing outside the web folder"
    );
    let (status, _) = p
        .post(
            "",
            "/api/v1/auth/login",
            &json!({"username": "sun.desk", "password": desk_gateway::demo::PASSWORD}),
        )
        .await?;
    assert_eq!(status, 200, "the API still answers");
    p.stop().await;
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}
