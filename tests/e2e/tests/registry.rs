//! The estate registry through the gateway: a whole estate imported from CSV (all or nothing),
//! validation with stable codes, the one-box search scoped to the caller, ID numbers sealed,
//! masked and shown in full only to the roles that need them, with each look recorded.

use desk_e2e::{Platform, estate, eventually};
use serde_json::{Value, json};
use std::time::Duration;

const CSV_GOOD: &str = "building,unit,floor,area_m2,status,resident_name,relation,phone,id_number,lease_start,lease_end\n\
1栋,1-1-101,1,89.50,occupied,欧阳明华,owner,13700001111,11010519491231002X,,\n\
1栋,1-1-101,1,89.50,occupied,欧阳小雨,household,,,,\n\
1栋,1-1-102,1,120.00,rented,司马静,tenant,139-0000-2222,,2026-01-01,2026-12-31\n\
2栋,2-1-201,2,75.25,vacant,,,,,,\n";

async fn import(
    p: &Platform,
    token: &str,
    estate_id: &str,
    csv: &str,
) -> anyhow::Result<(u16, Value)> {
    let res = p
        .http
        .post(p.url(&format!("/api/v1/documents/estates/{estate_id}/import")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await?;
    let status = res.status().as_u16();
    Ok((status, res.json().await.unwrap_or(Value::Null)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_estate_is_imported_searched_and_its_residents_protected() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let admin = p.login("admin").await?;

    // A new estate, then a bad file: every bad line is reported and nothing is imported.
    let (status, created) = p
        .post(
            &admin,
            "/api/v1/documents/estates",
            &json!({
                "code": "PINE", "name": "松园", "service_centre_name": "松园服务中心",
                "service_phone": "020-8888-0007", "business_hours": "8:30-17:30"
            }),
        )
        .await?;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["business_hours"], "08:30-17:30");
    let pine = created["estate_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (status, body) = p
        .post(&admin, "/api/v1/documents/estates", &json!({
            "code": "pine", "name": "重复", "service_centre_name": "x", "service_phone": "02088880008"
        }))
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("estate_code_taken"))
    );

    let bad = format!(
        "{CSV_GOOD}3栋,3-1-301,三,80,occupied,,,,,,\n3栋,3-1-302,3,80,occupied,钱七,tenant,,,,\n"
    );
    let (status, body) = import(&p, &admin, &pine, &bad).await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("import_rejected")),
        "{body}"
    );
    let lines: Vec<(u64, &str)> = body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["line"].as_u64().unwrap_or(0),
                        e["field"].as_str().unwrap_or(""),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(lines, vec![(6, "floor"), (7, "lease")]);
    assert_eq!(p.db.count("SELECT count(*) AS n FROM documents.units WHERE estate_id IN (SELECT estate_id FROM documents.estates WHERE code = 'PINE')")?, 0, "nothing half-imported");

    let (status, body) = import(&p, &admin, &pine, CSV_GOOD).await?;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        (
            body["buildings"].as_u64(),
            body["units"].as_u64(),
            body["residents"].as_u64()
        ),
        (Some(2), Some(3), Some(3))
    );
    let (status, body) = import(&p, &admin, &pine, CSV_GOOD).await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("unit_label_taken")),
        "an import adds, never overwrites"
    );

    // The one box: part of a name, the last digits of a phone, a unit number.
    let search = |q: &str| {
        let (p, admin) = (&p, &admin);
        let q = q.to_string();
        async move {
            let url = format!("/api/v1/documents/search?q={}", urlencode(&q));
            let (status, body) = p.get(admin, &url).await?;
            anyhow::ensure!(status == 200, "{status} {body}");
            Ok::<Value, anyhow::Error>(body)
        }
    };
    let by_name = search("阳明").await?;
    assert_eq!(by_name["understood_as"], "name");
    assert_eq!(names(&by_name), vec!["欧阳明华"]);
    let by_family = search("欧阳").await?;
    assert_eq!(names(&by_family), vec!["欧阳小雨", "欧阳明华"]);
    let by_tail = search("2222").await?;
    assert_eq!(by_tail["understood_as"], "phone");
    assert_eq!(names(&by_tail), vec!["司马静"]);
    assert_eq!(
        by_tail["items"][0]["resident"]["phone"], "13900002222",
        "the administrator sees the number"
    );
    let by_unit = search("1-1-10").await?;
    assert_eq!(by_unit["understood_as"], "unit");
    let units: Vec<&str> = by_unit["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|h| h["unit_label"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        units.contains(&"1-1-101") && units.contains(&"1-1-102"),
        "{units:?}"
    );

    // Scope: the desk of another estate does not find PINE's residents; HQ of another group neither.
    let sun_desk = p.login("sun.desk").await?;
    let (_, body) = p
        .get(
            &sun_desk,
            &format!("/api/v1/documents/search?q={}", urlencode("欧阳")),
        )
        .await?;
    assert_eq!(names(&body), Vec::<String>::new());
    let other_hq = p.login("oth.hq").await?;
    let (_, body) = p
        .get(
            &other_hq,
            &format!("/api/v1/documents/search?q={}", urlencode("欧阳")),
        )
        .await?;
    assert_eq!(names(&body), Vec::<String>::new());
    let (status, _) = p
        .get(
            &sun_desk,
            &format!("/api/v1/documents/search?q=x&estate_id={pine}"),
        )
        .await?;
    assert_eq!(status, 403);

    // The desk's own estate: a demo resident found by name, the number shown to the desk.
    let (_, body) = p
        .get(
            &sun_desk,
            &format!("/api/v1/documents/search?q={}", urlencode("王")),
        )
        .await?;
    assert!(!names(&body).is_empty());
    let hq = p.login("hq").await?;
    let (_, body) = p
        .get(
            &hq,
            &format!(
                "/api/v1/documents/search?q={}&estate_id={}",
                urlencode("王"),
                estate("SUN")
            ),
        )
        .await?;
    let masked = body["items"][0]["resident"]["phone"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(masked.contains("****"), "HQ sees masked numbers: {masked}");

    // The unit card: ID numbers masked; the full number only for a supervisor or above, recorded.
    let unit_id = by_name["items"][0]["unit_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let resident_id = by_name["items"][0]["resident"]["resident_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (status, card) = p
        .get(
            &admin,
            &format!("/api/v1/documents/estates/{pine}/units/{unit_id}"),
        )
        .await?;
    assert_eq!(status, 200);
    assert_eq!(card["residents"].as_array().map(|a| a.len()), Some(2));
    let owner = card["residents"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["relation"] == "owner"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(owner["id_number"], "**************002X");
    assert_eq!(
        p.db.count("SELECT count(*) AS n FROM documents.residents WHERE convert_from(id_number_enc, 'SQL_ASCII') LIKE '%1101051949%'").unwrap_or(0),
        0,
        "the ID number is not stored in clear"
    );
    let (status, shown) = p
        .get(
            &admin,
            &format!("/api/v1/documents/estates/{pine}/residents/{resident_id}/id-number"),
        )
        .await?;
    assert_eq!(status, 200);
    assert_eq!(shown["id_number"], "11010519491231002X");
    assert_eq!(
        p.db.count(&format!(
            "SELECT count(*) AS n FROM documents.id_reveals WHERE resident_id = '{resident_id}'"
        ))?,
        1
    );
    let sun_owner = first_resident(&p, &sun_desk).await?;
    let (status, _) = p
        .get(
            &sun_desk,
            &format!(
                "/api/v1/documents/estates/{}/residents/{sun_owner}/id-number",
                estate("SUN")
            ),
        )
        .await?;
    assert_eq!(status, 403, "the receptionist does not see full ID numbers");

    // Registration rules, each with its stable code.
    let (status, body) = p
        .post(
            &admin,
            &format!("/api/v1/documents/estates/{pine}/residents"),
            &json!({
                "unit_id": unit_id, "name": "租客甲", "relation": "tenant", "phone": "13811112222"
            }),
        )
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("validation_failed")),
        "a tenant needs a lease: {body}"
    );
    let (status, body) = p
        .post(
            &admin,
            &format!("/api/v1/documents/estates/{pine}/residents"),
            &json!({
                "unit_id": uuid::Uuid::now_v7(), "name": "某人", "relation": "owner"
            }),
        )
        .await?;
    assert_eq!((status, body["code"].as_str()), (422, Some("unknown_unit")));
    let (status, body) = p
        .post(&admin, &format!("/api/v1/documents/estates/{pine}/residents"), &json!({
            "unit_id": unit_id, "name": "某人", "relation": "owner", "id_number": "110105194912310021"
        }))
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("validation_failed")),
        "bad check digit"
    );
    assert!(
        !body.to_string().contains("110105194912310021"),
        "the number is not echoed"
    );

    // A change is versioned: a stale version is refused.
    let (status, body) = p
        .http
        .patch(p.url(&format!(
            "/api/v1/documents/estates/{pine}/residents/{resident_id}"
        )))
        .bearer_auth(&admin)
        .json(&json!({"phone": "13700009999", "version": 1}))
        .send()
        .await
        .map(|r| (r.status().as_u16(), r))?;
    assert_eq!(status, 200);
    let changed: Value = body.json().await?;
    assert_eq!(changed["version"], 2);
    let res = p
        .http
        .patch(p.url(&format!(
            "/api/v1/documents/estates/{pine}/residents/{resident_id}"
        )))
        .bearer_auth(&admin)
        .json(&json!({"phone": "13700008888", "version": 1}))
        .send()
        .await?;
    assert_eq!(res.status(), 409);

    // The change reaches reception's copy (newest version wins).
    eventually(Duration::from_secs(60), || async {
        let n = p.db.count(&format!(
            "SELECT count(*) AS n FROM reception.residents WHERE resident_id = '{resident_id}' AND phone = '13700009999' AND version = 2"
        ))?;
        Ok((n == 1).then_some(()))
    })
    .await?;
    p.stop().await;
    Ok(())
}

fn names(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|h| h["resident"]["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

async fn first_resident(p: &Platform, token: &str) -> anyhow::Result<String> {
    let (_, body) = p
        .get(
            token,
            &format!("/api/v1/documents/search?q={}", urlencode("王")),
        )
        .await?;
    Ok(body["items"][0]["resident"]["resident_id"]
        .as_str()
        .unwrap_or_default()
        .to_string())
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
