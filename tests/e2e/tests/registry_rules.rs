//! The registry's rules as a Chinese desk meets them, through the gateway: text PostgreSQL
//! cannot store is refused with a problem in every service, the search box finds a unit and a
//! person however the desk typed them, the registry imports what Chinese office software saves,
//! and one estate calendar, set in documents, is the one complaints and billing count on.

use desk_e2e::{Platform, estate};
use serde_json::{Value, json};

/// POST raw JSON text (so that the escapes are exactly as written) to `url` with a token.
async fn post_raw(
    p: &Platform,
    token: &str,
    url: &str,
    body: &str,
) -> anyhow::Result<(u16, Value)> {
    let res = p
        .http
        .post(url)
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await?;
    let status = res.status().as_u16();
    Ok((status, res.json().await.unwrap_or(Value::Null)))
}

/// A service's own URL for `path`, to call it without the gateway.
fn direct(p: &Platform, service: &str, path: &str) -> anyhow::Result<String> {
    let addr = p
        .service(service)
        .ok_or_else(|| anyhow::anyhow!("no {service}"))?;
    Ok(format!("http://{addr}{path}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_nul_character_is_refused_by_every_service_and_an_escaped_backslash_is_text()
-> anyhow::Result<()> {
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let intakes = format!("/api/v1/reception/estates/{sun}/intakes");
    let complaints = format!("/api/v1/complaints/estates/{sun}/complaints");
    let intake = |request: &str| {
        format!(
            r#"{{"channel":"phone","category":"inquiry","caller":{{"phone":"13812340000","unit_label":"3-1-602"}},"request":"{request}"}}"#
        )
    };
    let complaint =
        |description: &str| format!(r#"{{"channel":"letter","description":"{description}"}}"#);

    // Through the gateway and straight at each service: 422 with its code, never a 500.
    for (url, body) in [
        (p.url(&intakes), intake(r"水管漏水\u0000")),
        (
            direct(&p, "reception", &intakes)?,
            intake(r"水管漏水\u0000"),
        ),
        (p.url(&complaints), complaint(r"噪音\u0000扰民")),
        (
            direct(&p, "complaints", &complaints)?,
            complaint(r"噪音\u0000扰民"),
        ),
    ] {
        let (status, body) = post_raw(&p, &desk, &url, &body).await?;
        assert_eq!(
            (status, body["code"].as_str()),
            (422, Some("nul_character")),
            "{url}: {body}"
        );
    }
    // A raw NUL byte, and one in the address.
    let raw = intake("漏水").replace("漏水", "漏水\0");
    let (status, body) = post_raw(&p, &desk, &direct(&p, "reception", &intakes)?, &raw).await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("nul_character"))
    );
    let (status, body) = p
        .get(&desk, "/api/v1/documents/search?q=%E7%8E%8B%00")
        .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("nul_character")),
        "{body}"
    );

    // An escaped backslash followed by u0000 is six characters of text, kept as written.
    let (status, body) = post_raw(
        &p,
        &desk,
        &p.url(&complaints),
        &complaint(r"路径 C:\\u0000 报错"),
    )
    .await?;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["description"], r"路径 C:\u0000 报错");
    let (status, body) = post_raw(&p, &desk, &p.url(&intakes), &intake(r"C:\\u0000")).await?;
    assert_eq!(status, 201, "{body}");
    p.stop().await;
    Ok(())
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Import `body` (bytes as saved) into an estate; status and answer.
async fn import_bytes(
    p: &Platform,
    token: &str,
    estate_id: &str,
    content_type: &str,
    body: Vec<u8>,
) -> anyhow::Result<(u16, Value)> {
    let res = p
        .http
        .post(p.url(&format!("/api/v1/documents/estates/{estate_id}/import")))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await?;
    let status = res.status().as_u16();
    Ok((status, res.json().await.unwrap_or(Value::Null)))
}

/// A new estate made by the administrator; its id.
async fn new_estate(p: &Platform, admin: &str, code: &str) -> anyhow::Result<String> {
    let (status, created) = p
        .post(
            admin,
            "/api/v1/documents/estates",
            &json!({
                "code": code, "name": format!("{code}苑"), "service_centre_name": "服务中心",
                "service_phone": "0755-8888 0000", "business_hours": "8:30-17:30"
            }),
        )
        .await?;
    anyhow::ensure!(status == 201, "{status} {created}");
    Ok(created["estate_id"]
        .as_str()
        .unwrap_or_default()
        .to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_box_finds_a_unit_and_a_person_however_the_desk_typed_them() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let admin = p.login("admin").await?;
    let lake = new_estate(&p, &admin, "LAKE").await?;
    let csv = "building,unit,floor,area_m2,status,resident_name,relation,phone,phone_alt\n\
        3栋,3-2-1101,11,89.5,occupied,诸葛明,owner,+86 138 0013 5799,0755-8888 1234\n\
        3栋,3-1-1101,11,89.5,occupied,上官云,owner,13900135700,\n\
        3栋,3-2-1102,11,89.5,occupied,东方亮,owner,8888 1235,\n\
        13栋,13-2-1101,11,89.5,vacant,,,,\n";
    let (status, body) =
        import_bytes(&p, &admin, &lake, "text/csv", csv.as_bytes().to_vec()).await?;
    assert_eq!(status, 201, "{body}");

    let search = |q: &str| {
        let (p, admin, lake) = (&p, &admin, &lake);
        let q = q.to_string();
        async move {
            let url = format!(
                "/api/v1/documents/search?estate_id={lake}&q={}",
                urlencode(&q)
            );
            let (status, body) = p.get(admin, &url).await?;
            anyhow::ensure!(status == 200, "{q}: {status} {body}");
            let labels: Vec<String> = body["items"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|h| h["unit_label"].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let names: Vec<String> = body["items"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|h| h["resident"]["name"].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            Ok::<(Value, Vec<String>, Vec<String>), anyhow::Error>((body, labels, names))
        }
    };

    for q in [
        "3-2-1101",
        "3栋2单元1101",
        "3幢2-1101",
        "3号楼2单元1101",
        "3座2单元1101室",
        "３栋２单元１１０１",
    ] {
        let (body, labels, _) = search(q).await?;
        assert_eq!(body["understood_as"], "unit", "{q}");
        assert_eq!(body["read_as"], "3-2-1101", "{q}");
        assert_eq!(labels, vec!["3-2-1101"], "{q}: {body}");
    }
    // Without the entrance: the room in every entrance of that building, not of building 13.
    let (_, labels, _) = search("3座1101室").await?;
    assert_eq!(labels, vec!["3-1-1101", "3-2-1101"]);
    let (_, labels, _) = search("3栋2单元").await?;
    assert_eq!(labels, vec!["3-2-1101", "3-2-1102"]);

    // A mobile written with its country code, spaces or dashes; a landline with or without
    // its area code and country code.
    for q in [
        "+86 138 0013 5799",
        "0086-138-0013-5799",
        "8613800135799",
        "138 0013 5799",
        "138-0013-5799",
        "13800135799",
        "0755-8888 1234",
        "+86 755 8888 1234",
        "(0755) 88881234",
    ] {
        let (body, _, names) = search(q).await?;
        assert_eq!(body["understood_as"], "phone", "{q}");
        assert_eq!(names, vec!["诸葛明"], "{q}: {body}");
    }
    let (_, _, names) = search("0755-8888 1235").await?;
    assert_eq!(names, vec!["东方亮"], "stored without the area code");
    let (_, _, names) = search("5799").await?;
    assert_eq!(
        names,
        vec!["诸葛明"],
        "the last digits still find the phone"
    );
    p.stop().await;
    Ok(())
}
