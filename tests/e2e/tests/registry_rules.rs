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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_registry_imports_what_chinese_office_software_saves() -> anyhow::Result<()> {
    let p = Platform::start().await?;
    let admin = p.login("admin").await?;
    let csv = "序号,楼栋,单元,房号,楼层,面积（㎡）,状态,姓名,身份,手机号码,租期开始,租期结束,备注\n\
        1,3栋,2单元,1101室,11层,89.50,已入住,慕容复,业主,138 0000 0001,,,\n\
        2,3栋,2单元,1101室,11层,89.50,已入住,慕容博,家庭成员,,,,\n\
        3,3栋,2单元,1102室,11,120,出租,令狐冲,租户,139-0000-0002,2026/1/1,2026/12/31,\n\
        4,5号楼,,101,1,60,装修中,,,,,,\n";
    let units_of = |code: &str| {
        format!(
            "SELECT count(*) AS n FROM documents.units WHERE estate_id IN \
             (SELECT estate_id FROM documents.estates WHERE code = '{code}')"
        )
    };

    // GBK, as Excel and WPS save "CSV" on a Chinese Windows.
    let gbk_estate = new_estate(&p, &admin, "GBK").await?;
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    // One line broken (a lead byte with nothing after it): that line is reported, nothing
    // is imported.
    let mut broken = gbk.to_vec();
    let at = broken
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .nth(2)
        .unwrap_or(0);
    broken.insert(at + 1, 0x81);
    broken.insert(at + 2, b',');
    let (status, body) = import_bytes(&p, &admin, &gbk_estate, "text/csv", broken).await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("import_rejected")),
        "{body}"
    );
    assert_eq!(body["errors"][0]["line"], 4, "{body}");
    assert_eq!(body["errors"][0]["field"], "line", "{body}");
    assert_eq!(p.db.count(&units_of("GBK"))?, 0, "nothing half-imported");
    let (status, body) = import_bytes(&p, &admin, &gbk_estate, "text/csv", gbk.to_vec()).await?;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        (body["units"].as_u64(), body["residents"].as_u64()),
        (Some(3), Some(3))
    );

    // Excel's "Unicode text": UTF-16LE with its mark, tab-separated, CRLF.
    let utf16_estate = new_estate(&p, &admin, "UNI").await?;
    let tsv = csv.replace(',', "\t").replace('\n', "\r\n");
    let mut bytes = vec![0xff, 0xfe];
    for u in tsv.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let (status, body) = import_bytes(&p, &admin, &utf16_estate, "text/plain", bytes).await?;
    assert_eq!(status, 201, "{body}");

    // UTF-8 with its mark.
    let bom_estate = new_estate(&p, &admin, "BOM").await?;
    let bytes = [b"\xef\xbb\xbf".as_slice(), csv.as_bytes()].concat();
    let (status, body) = import_bytes(&p, &admin, &bom_estate, "text/csv", bytes).await?;
    assert_eq!(status, 201, "{body}");

    // The same units, residents and words whichever way the file was saved.
    for e in [&gbk_estate, &utf16_estate, &bom_estate] {
        let (status, units) = p
            .get(&admin, &format!("/api/v1/documents/estates/{e}/units"))
            .await?;
        assert_eq!(status, 200, "{units}");
        let mut seen: Vec<(String, String)> = units["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|u| {
                        (
                            u["label"].as_str().unwrap_or_default().to_string(),
                            u["status"].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        seen.sort();
        assert_eq!(
            seen,
            vec![
                ("3-2-1101".to_string(), "occupied".to_string()),
                ("3-2-1102".to_string(), "rented".to_string()),
                ("5-101".to_string(), "decorating".to_string()),
            ],
            "{e}"
        );
        let (status, found) = p
            .get(
                &admin,
                &format!(
                    "/api/v1/documents/search?estate_id={e}&q={}",
                    urlencode("令狐")
                ),
            )
            .await?;
        assert_eq!(status, 200);
        assert_eq!(
            found["items"][0]["resident"]["relation"], "tenant",
            "{found}"
        );
    }
    // A NUL in a CSV line is reported by its line, like any other line that cannot be stored.
    let nul =
        "building,unit,floor,area_m2,status\n1栋,1-1-101,1,80,vacant\n1栋,1-1-102,1,80,vac\0ant\n";
    let (status, body) =
        import_bytes(&p, &admin, &bom_estate, "text/csv", nul.as_bytes().to_vec()).await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("import_rejected"))
    );
    assert_eq!(body["errors"][0]["line"], 3, "{body}");
    p.stop().await;
    Ok(())
}

/// PUT JSON through the gateway with a token.
async fn put(p: &Platform, token: &str, path: &str, body: &Value) -> anyhow::Result<(u16, Value)> {
    let res = p
        .http
        .put(p.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await?;
    let status = res.status().as_u16();
    Ok((status, res.json().await.unwrap_or(Value::Null)))
}

fn dates(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|d| d.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_estate_calendar_set_in_documents_is_the_one_complaints_and_billing_count_on()
-> anyhow::Result<()> {
    let wait = std::time::Duration::from_secs(60);
    let p = Platform::start().await?;
    let sun = estate("SUN");
    let desk = p.login("sun.desk").await?;
    let supervisor = p.login("sun.supervisor").await?;
    let manager = p.login("sun.manager").await?;
    let admin = p.login("admin").await?;
    let calendar = format!("/api/v1/documents/estates/{sun}/calendar");

    // Nobody set it yet: Monday to Friday, close of business 18:00, in Beijing time.
    let (status, body) = p.get(&desk, &calendar).await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (
            body["version"].as_i64(),
            body["close_of_business"].as_str(),
            body["time_zone"].as_str()
        ),
        (Some(0), Some("18:00"), Some("Asia/Shanghai"))
    );
    // The desk reads it; only supervisors, estate managers and administrators set it.
    let today = desk_platform::local::Zone::default().date(p.clock.now());
    let week: Vec<String> = (1..=7)
        .map(|d| (today + chrono::Days::new(d)).to_string())
        .collect();
    let set = json!({"holidays": week, "close_of_business": "17:00"});
    let (status, _) = put(&p, &desk, &calendar, &set).await?;
    assert_eq!(status, 403);
    let (status, body) = put(
        &p,
        &supervisor,
        &calendar,
        &json!({"holidays": ["2026-10-10"], "make_up_days": ["2026-10-10"]}),
    )
    .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("validation_failed")),
        "{body}"
    );
    let (status, body) = put(&p, &supervisor, &calendar, &set).await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["version"], 1);
    assert_eq!(dates(&body["holidays"]), week);
    let (status, body) = put(
        &p,
        &supervisor,
        &calendar,
        &json!({"holidays": [], "version": 0}),
    )
    .await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("stale_version"))
    );

    // Complaints count on it: their settings show it, and a complaint assigned today is due
    // after the week of holidays, at the estate's close of business (17:00 in Beijing).
    let settings = format!("/api/v1/complaints/estates/{sun}/settings");
    let copied = desk_e2e::eventually(wait, || async {
        let (_, s) = p.get(&supervisor, &settings).await?;
        Ok((dates(&s["holidays"]) == week).then_some(s))
    })
    .await?;
    assert_eq!(copied["business_end"], "17:00");
    let complaints = format!("/api/v1/complaints/estates/{sun}/complaints");
    let (status, c) = p
        .post(
            &desk,
            &complaints,
            &json!({"channel": "letter", "description": "电梯噪音"}),
        )
        .await?;
    assert_eq!(status, 201, "{c}");
    let id = c["complaint_id"].as_str().unwrap_or_default().to_string();
    let (status, body) = p
        .post(
            &supervisor,
            &format!("{complaints}/{id}/classify"),
            &json!({"type": "engineering", "validity": "valid", "reason": "电梯确有异响"}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    let (status, assigned) = p
        .post(
            &supervisor,
            &format!("{complaints}/{id}/assign"),
            &json!({"department": "engineering"}),
        )
        .await?;
    assert_eq!(status, 200, "{assigned}");
    let deadline: chrono::DateTime<chrono::Utc> = assigned["deadline_at"]
        .as_str()
        .unwrap_or_default()
        .parse()?;
    let local = desk_platform::local::Zone::default().local(deadline);
    assert!(
        local.date() > today + chrono::Days::new(7),
        "after the holidays: {local}"
    );
    assert_eq!(local.time().to_string(), "17:00:00", "{local}");
    // Complaints' settings no longer set the calendar: sent back unchanged they pass, changed
    // they are refused with where to set it.
    let (status, body) = put(&p, &manager, &settings, &copied).await?;
    assert_eq!(status, 200, "{body}");
    let mut changed = copied.clone();
    changed["holidays"] = json!([]);
    let (status, body) = put(&p, &manager, &settings, &changed).await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("calendar_set_in_documents")),
        "{body}"
    );

    // Billing counts finance's days on it, with finance's own exception on top: a day the
    // desk works but finance is closed.
    let billing = format!("/api/v1/billing/estates/{sun}/calendar");
    desk_e2e::eventually(wait, || async {
        let (_, c) = p.get(&manager, &billing).await?;
        Ok((dates(&c["holidays"]) == week).then_some(()))
    })
    .await?;
    let closed = (today + chrono::Days::new(30)).to_string();
    let (status, body) = put(&p, &manager, &billing, &json!({"holidays": [closed]})).await?;
    assert_eq!(status, 200, "{body}");
    let (_, finance) = p.get(&manager, &billing).await?;
    let mut expected = week.clone();
    expected.push(closed.clone());
    assert_eq!(dates(&finance["holidays"]), expected, "{finance}");

    // The estate's time zone: an IANA name, checked, and the calendar goes out in it.
    let estate_url = format!("/api/v1/documents/estates/{sun}");
    let patch = |zone: &str| {
        let (p, admin, url, zone) = (&p, &admin, estate_url.clone(), zone.to_string());
        async move {
            let res = p
                .http
                .patch(p.url(&url))
                .bearer_auth(admin)
                .json(&json!({"time_zone": zone}))
                .send()
                .await?;
            let status = res.status().as_u16();
            Ok::<(u16, Value), anyhow::Error>((status, res.json().await.unwrap_or(Value::Null)))
        }
    };
    let (status, body) = patch("Beijing").await?;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("validation_failed"))
    );
    let (status, body) = patch("Asia/Urumqi").await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["time_zone"], "Asia/Urumqi");
    let (_, body) = p.get(&desk, &calendar).await?;
    assert_eq!(
        (body["time_zone"].as_str(), body["version"].as_i64()),
        (Some("Asia/Urumqi"), Some(2))
    );
    // Complaints count in the new zone: the close of business is 17:00 in Ürümqi (UTC+6).
    let assigned_at = || async {
        let (_, c) = p
            .post(
                &desk,
                &complaints,
                &json!({"channel": "letter", "description": "楼道灯不亮"}),
            )
            .await?;
        let id = c["complaint_id"].as_str().unwrap_or_default().to_string();
        p.post(
            &supervisor,
            &format!("{complaints}/{id}/classify"),
            &json!({"type": "engineering", "validity": "valid", "reason": "确有此事"}),
        )
        .await?;
        let (_, a) = p
            .post(
                &supervisor,
                &format!("{complaints}/{id}/assign"),
                &json!({"department": "engineering"}),
            )
            .await?;
        Ok::<String, anyhow::Error>(a["deadline_at"].as_str().unwrap_or_default().to_string())
    };
    let deadline = desk_e2e::eventually(wait, || async {
        let d = assigned_at().await?;
        Ok(d.ends_with("T11:00:00Z").then_some(d))
    })
    .await?;
    assert!(deadline.ends_with("T11:00:00Z"), "{deadline}");

    // Billing reads the day's takings in the same zone: once its copy holds Ürümqi, a drawer
    // opened now is owed at finance at 17:00 there (or 09:00 of the next working day).
    let billing_db = p.db.url_for("desk_billing");
    desk_e2e::eventually(wait, || {
        let url = billing_db.clone();
        async move {
            let zone = tokio::task::spawn_blocking(move || -> anyhow::Result<String> {
                use diesel::{Connection, RunQueryDsl};
                #[derive(diesel::QueryableByName)]
                struct Copy {
                    #[diesel(sql_type = diesel::sql_types::Text)]
                    time_zone: String,
                }
                let mut conn = diesel::PgConnection::establish(&url)?;
                let rows: Vec<Copy> = diesel::sql_query(
                    "SELECT time_zone FROM billing.estate_calendars WHERE estate_id = $1",
                )
                .bind::<diesel::sql_types::Uuid, _>(sun)
                .load(&mut conn)?;
                Ok(rows
                    .into_iter()
                    .next()
                    .map(|c| c.time_zone)
                    .unwrap_or_default())
            })
            .await??;
            Ok((zone == "Asia/Urumqi").then_some(()))
        }
    })
    .await?;
    let cashier = p.login("sun.cashier").await?;
    let (status, drawer) = p
        .post(
            &cashier,
            &format!("/api/v1/billing/estates/{sun}/cash-sessions"),
            &json!({"opening_float_fen": 0}),
        )
        .await?;
    assert_eq!(status, 201, "{drawer}");
    let due = drawer["hand_over_due"].as_str().unwrap_or_default();
    assert!(
        due.ends_with("T11:00:00Z") || due.ends_with("T03:00:00Z"),
        "17:00 or 09:00 in Ürümqi: {due}"
    );

    // An estate created in another zone publishes its calendar in it at once.
    let (status, west) = p
        .post(
            &admin,
            "/api/v1/documents/estates",
            &json!({
                "code": "WEST", "name": "天山苑", "service_centre_name": "天山苑服务中心",
                "service_phone": "0991-8888 0000", "time_zone": "Asia/Urumqi"
            }),
        )
        .await?;
    assert_eq!(
        (status, west["time_zone"].as_str()),
        (201, Some("Asia/Urumqi")),
        "{west}"
    );
    let west_id = west["estate_id"].as_str().unwrap_or_default();
    let (_, body) = p
        .get(
            &admin,
            &format!("/api/v1/documents/estates/{west_id}/calendar"),
        )
        .await?;
    assert_eq!(
        (body["time_zone"].as_str(), body["version"].as_i64()),
        (Some("Asia/Urumqi"), Some(1))
    );
    p.stop().await;
    Ok(())
}
