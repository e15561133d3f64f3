//! Benchmarks against a running platform (see `scripts/bench.sh`).
//!
//! ```text
//! desk-bench intake --clients 8 --secs 20          closed loop: throughput and latency
//! desk-bench intake --rate 1500 --secs 20          open loop at a fixed rate: latency
//! desk-bench flow --rate 200 --count 2000 --db URL commit-to-effect latency through Kafka
//! desk-bench search --residents 1000000 --count 3000 --db URL
//!                                                  one-box search over a large group
//! desk-bench complaint-stats --count 2000 --db URL monthly complaint statistics, 500 estates,
//!                                                  1,000,000 complaints; then the deadline
//!                                                  sweep with 50,000 complaints already at
//!                                                  head office: a new one still escalated
//! desk-bench billing --residents 5000 --count 2000 --db URL
//!                                                  the month's fee run for an estate of 5,000
//!                                                  units, and taking a payment
//! desk-bench repairs --residents 2000000 --count 2000 --db URL
//!                                                  dispatch and "my orders today", 500 estates,
//!                                                  2,000,000 orders
//! desk-bench hq --count 2000 --db URL              head office's month of every estate from
//!                                                  repairs' read model, 500 estates
//! desk-bench faults --db URL --pids DIR --gateways URL,URL [--rate 215] [--secs 300] [--short]
//!                  [--pg-restart CMD] [--base-port 8080] [--replicas 2] [--seed N]
//!                                                  the fault run (scripts/faults.sh)
//! desk-bench soak --db URL --pids DIR --gateways URL,URL [--rate 107] [--secs 600]
//!                                                  the soak (scripts/faults.sh soak)
//! ```
//! Environment: `DESK_BENCH_GATEWAY` (default `http://127.0.0.1:8080`); `DESK_BENCH_REPAIRS`
//! (the repairs service's own address, for `hq` to measure it without the gateway too).

mod faults;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, RunQueryDsl};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;
use uuid::Uuid;

struct Args {
    mode: String,
    clients: usize,
    rate: Option<f64>,
    secs: u64,
    count: usize,
    db: Option<String>,
    category: String,
    residents: usize,
}

fn args() -> anyhow::Result<Args> {
    let mut it = std::env::args().skip(1);
    let mode = it.next().unwrap_or_else(|| "intake".to_string());
    let mut a = Args {
        mode,
        clients: 8,
        rate: None,
        secs: 20,
        count: 1000,
        db: None,
        category: "inquiry".to_string(),
        residents: 1_000_000,
    };
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .ok_or_else(|| anyhow::anyhow!("{flag} needs a value"))?;
        match flag.as_str() {
            "--clients" => a.clients = value.parse()?,
            "--rate" => a.rate = Some(value.parse()?),
            "--secs" => a.secs = value.parse()?,
            "--count" => a.count = value.parse()?,
            "--db" => a.db = Some(value),
            "--category" => a.category = value,
            "--residents" => a.residents = value.parse()?,
            other => anyhow::bail!("unknown flag {other}"),
        }
    }
    Ok(a)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let idx = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

fn summary(label: &str, mut ms: Vec<f64>, elapsed: Duration, errors: usize) -> Value {
    ms.sort_by(|a, b| a.total_cmp(b));
    let s = json!({
        "bench": label,
        "ok": ms.len(),
        "errors": errors,
        "secs": elapsed.as_secs_f64(),
        "per_sec": ms.len() as f64 / elapsed.as_secs_f64(),
        "p50_ms": percentile(&ms, 50.0),
        "p90_ms": percentile(&ms, 90.0),
        "p99_ms": percentile(&ms, 99.0),
        "max_ms": ms.last().copied().unwrap_or(f64::NAN),
    });
    println!("{s}");
    s
}

struct Desk {
    client: reqwest::Client,
    base: String,
    token: String,
    estate: String,
}

impl Desk {
    async fn sign_in() -> anyhow::Result<Self> {
        let base =
            std::env::var("DESK_BENCH_GATEWAY").unwrap_or_else(|_| "http://127.0.0.1:8080".into());
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(256)
            .build()?;
        let login: Value = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"username": "sun.desk", "password": "desk-demo-2026"}))
            .send()
            .await?
            .json()
            .await?;
        let token = login["token"]
            .as_str()
            .ok_or_else(|| anyhow::anyhow!("login failed: {login}"))?
            .to_string();
        let estates: Value = client
            .get(format!("{base}/api/v1/documents/estates"))
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?;
        let estate = estates["items"][0]["estate_id"]
            .as_str()
            .ok_or_else(|| anyhow::anyhow!("no estate"))?
            .to_string();
        Ok(Self {
            client,
            base,
            token,
            estate,
        })
    }

    /// Log one intake; returns its latency in ms and its id.
    async fn log(&self, category: &str, n: usize) -> anyhow::Result<(f64, String)> {
        let started = Instant::now();
        let res = self
            .client
            .post(format!(
                "{}/api/v1/reception/estates/{}/intakes",
                self.base, self.estate
            ))
            .bearer_auth(&self.token)
            .json(&json!({
                "channel": "phone",
                "category": category,
                "caller": {"phone": format!("139{:08}", n % 100_000_000), "unit_label": "1-1-101"},
                "request": "benchmark contact",
            }))
            .send()
            .await?;
        anyhow::ensure!(res.status() == 201, "status {}", res.status());
        let body: Value = res.json().await?;
        Ok((
            started.elapsed().as_secs_f64() * 1000.0,
            body["intake_id"].as_str().unwrap_or_default().to_string(),
        ))
    }
}

type Results = Arc<Mutex<(Vec<f64>, Vec<String>, usize)>>;

async fn run_load(
    desk: Arc<Desk>,
    a: &Args,
    limit: Option<usize>,
) -> anyhow::Result<(Vec<f64>, Vec<String>, usize, Duration)> {
    let results: Results = Arc::default();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(a.secs);
    match a.rate {
        None => {
            let mut workers = Vec::new();
            for w in 0..a.clients {
                let (desk, results, category) = (desk.clone(), results.clone(), a.category.clone());
                workers.push(tokio::spawn(async move {
                    let mut n = w;
                    while Instant::now() < deadline {
                        let r = desk.log(&category, n).await;
                        let mut g = results.lock().await;
                        match r {
                            Ok((ms, id)) => {
                                g.0.push(ms);
                                g.1.push(id);
                            }
                            Err(_) => g.2 += 1,
                        }
                        n += 1000;
                    }
                }));
            }
            for w in workers {
                w.await?;
            }
        }
        Some(rate) => {
            let interval = Duration::from_secs_f64(1.0 / rate);
            let mut ticker = tokio::time::interval(interval);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            let mut tasks = Vec::new();
            let mut n = 0;
            loop {
                ticker.tick().await;
                if Instant::now() >= deadline || limit.is_some_and(|l| n >= l) {
                    break;
                }
                let (desk, results, category) = (desk.clone(), results.clone(), a.category.clone());
                tasks.push(tokio::spawn(async move {
                    let r = desk.log(&category, n).await;
                    let mut g = results.lock().await;
                    match r {
                        Ok((ms, id)) => {
                            g.0.push(ms);
                            g.1.push(id);
                        }
                        Err(_) => g.2 += 1,
                    }
                }));
                n += 1;
            }
            for t in tasks {
                t.await?;
            }
        }
    }
    let elapsed = started.elapsed();
    let g = results.lock().await;
    Ok((g.0.clone(), g.1.clone(), g.2, elapsed))
}

#[derive(diesel::QueryableByName)]
struct Lag {
    #[diesel(sql_type = diesel::sql_types::Double)]
    ms: f64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if let Some(mode @ ("faults" | "soak")) = raw.first().map(String::as_str) {
        return faults::main(faults::opts(mode == "soak", &raw[1..])?).await;
    }
    let a = args()?;
    let desk = Arc::new(Desk::sign_in().await?);
    match a.mode.as_str() {
        "intake" => {
            let (ms, _, errors, elapsed) = run_load(desk, &a, None).await?;
            let label = match a.rate {
                Some(r) => format!("intake at {r}/s"),
                None => format!("intake, {} clients", a.clients),
            };
            summary(&label, ms, elapsed, errors);
        }
        "flow" => {
            let db = a.db.clone().ok_or_else(|| {
                anyhow::anyhow!("flow needs --db (a superuser URL of the platform's database)")
            })?;
            let rate = a.rate.unwrap_or(200.0);
            let a = Args {
                secs: 3600,
                category: "complaint".into(),
                rate: Some(rate),
                ..a
            };
            let (ms, ids, errors, elapsed) = run_load(desk, &a, Some(a.count)).await?;
            summary(
                &format!("complaint intakes at {rate}/s (request latency)"),
                ms,
                elapsed,
                errors,
            );
            let list = ids
                .iter()
                .map(|i| format!("'{i}'"))
                .collect::<Vec<_>>()
                .join(",");
            let mut conn = PgConnection::establish(&db)?;
            // Wait until every intake has its complaint and the ledger has followed it.
            let wait_until = Instant::now() + Duration::from_secs(120);
            loop {
                #[derive(diesel::QueryableByName)]
                struct N {
                    #[diesel(sql_type = diesel::sql_types::BigInt)]
                    n: i64,
                }
                let n: N = diesel::sql_query(format!(
                    "SELECT count(*) AS n FROM reception.intakes WHERE intake_id IN ({list}) AND status = 'forwarded'"
                ))
                .get_result(&mut conn)?;
                if n.n as usize == ids.len() || Instant::now() > wait_until {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            let effect: Vec<Lag> = diesel::sql_query(format!(
                "SELECT (extract(epoch FROM (c.created_at - i.created_at)) * 1000)::float8 AS ms \
                 FROM reception.intakes i JOIN complaints.complaints c ON c.intake_id = i.intake_id \
                 WHERE i.intake_id IN ({list})"
            ))
            .load(&mut conn)?;
            summary(
                "intake commit -> complaint committed by the consumer",
                effect.into_iter().map(|l| l.ms).collect(),
                elapsed,
                0,
            );
            let round: Vec<Lag> = diesel::sql_query(format!(
                "SELECT (extract(epoch FROM (updated_at - created_at)) * 1000)::float8 AS ms \
                 FROM reception.intakes WHERE intake_id IN ({list}) AND status = 'forwarded'"
            ))
            .load(&mut conn)?;
            summary(
                "intake commit -> ledger shows the complaint (round trip through Kafka twice)",
                round.into_iter().map(|l| l.ms).collect(),
                elapsed,
                0,
            );
        }
        "search" => search(&desk, &a).await?,
        "complaint-stats" => complaint_stats(&desk, &a).await?,
        "repairs" => repairs(&desk, &a).await?,
        "billing" => billing(&desk, &a).await?,
        "hq" => hq(&desk, &a).await?,
        other => anyhow::bail!("unknown mode {other}"),
    }
    Ok(())
}

/// Estates the search benchmark adds to the demo group, and units per estate.
const SEARCH_ESTATES: usize = 500;

/// Fill the registry with `residents` residents in 500 estates (two per unit), straight into
/// the documents schema (as the import would leave them), unless they are there already.
fn seed_registry(db: &str, residents: usize) -> anyhow::Result<()> {
    let mut conn = PgConnection::establish(db)?;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let have: N = diesel::sql_query("SELECT count(*) AS n FROM documents.residents WHERE estate_id IN (SELECT estate_id FROM documents.estates WHERE code LIKE 'ZZB%')")
        .get_result(&mut conn)?;
    if have.n as usize >= residents {
        println!("{{\"seed\":\"reused\",\"residents\":{}}}", have.n);
        return Ok(());
    }
    let started = Instant::now();
    let units_per_estate = residents.div_ceil(SEARCH_ESTATES * 2).max(1);
    // The benchmark's estates belong to the demo group, beside its three demo estates.
    let group_sql = "(SELECT group_id FROM documents.estates WHERE code = 'SUN' LIMIT 1)";
    conn.batch_execute(&format!(
        "BEGIN;
         DELETE FROM documents.residents WHERE estate_id IN (SELECT estate_id FROM documents.estates WHERE code LIKE 'ZZB%');
         DELETE FROM documents.units WHERE estate_id IN (SELECT estate_id FROM documents.estates WHERE code LIKE 'ZZB%');
         DELETE FROM documents.buildings WHERE estate_id IN (SELECT estate_id FROM documents.estates WHERE code LIKE 'ZZB%');
         DELETE FROM documents.estates WHERE code LIKE 'ZZB%';
         INSERT INTO documents.estates (group_id, estate_id, code, name, service_centre_name, service_phone)
           SELECT {group_sql}, gen_random_uuid(), 'ZZB' || lpad(e::text, 4, '0'), '压测小区' || e, '压测服务中心' || e, '+86208888' || lpad(e::text, 4, '0')
           FROM generate_series(1, {SEARCH_ESTATES}) AS e;
         INSERT INTO documents.buildings (group_id, estate_id, building_id, name)
           SELECT group_id, estate_id, gen_random_uuid(), '1栋' FROM documents.estates WHERE code LIKE 'ZZB%';
         INSERT INTO documents.units (group_id, estate_id, unit_id, building_id, label, floor, area_centi_m2, status)
           SELECT b.group_id, b.estate_id, gen_random_uuid(), b.building_id,
                  '1-' || (1 + u / 100) || '-' || lpad((u % 100)::text, 4, '0'), 1 + u / 100, 9000 + u, 'occupied'
           FROM documents.buildings b JOIN documents.estates e ON e.estate_id = b.estate_id AND e.code LIKE 'ZZB%',
                generate_series(0, {units_per_estate} - 1) AS u;
         INSERT INTO documents.residents (group_id, estate_id, resident_id, unit_id, name, phone, relation, phone_rev, name_grams)
           SELECT group_id, estate_id, gen_random_uuid(), unit_id, name, phone, relation,
                  reverse(regexp_replace(phone, '[^0-9]', '', 'g')),
                  ARRAY(SELECT DISTINCT lower(substr(name, i, n)) FROM generate_series(1, char_length(name)) AS i, (VALUES (1), (2)) AS len(n) WHERE i + n - 1 <= char_length(name))
           FROM (
             SELECT u.group_id, u.estate_id, u.unit_id, k,
                    (ARRAY['王','李','张','刘','陈','杨','黄','赵','周','吴','徐','孙','胡','朱','高','林','何','郭','马','罗'])[1 + (x % 20)]
                    || (ARRAY['伟','芳','娜','敏','静','强','磊','洋','艳','杰','军','勇','涛','明','超','秀','霞','平','刚','桂'])[1 + ((x / 20) % 20)]
                    || CASE WHEN x % 3 = 0 THEN '' ELSE (ARRAY['华','英','兰','玉','红','林','文','春','海','国'])[1 + ((x / 400) % 10)] END AS name,
                    '139' || lpad(((x * 7919) % 100000000)::text, 8, '0') AS phone,
                    CASE WHEN k = 0 THEN 'owner' ELSE 'household' END AS relation
             FROM (SELECT group_id, estate_id, unit_id, row_number() OVER () AS rn FROM documents.units
                   WHERE estate_id IN (SELECT estate_id FROM documents.estates WHERE code LIKE 'ZZB%')) u,
                  generate_series(0, 1) AS k,
                  LATERAL (SELECT (u.rn * 2 + k)::bigint AS x) xx
           ) r;
         COMMIT;
         ANALYZE documents.residents; ANALYZE documents.units; ANALYZE documents.estates;"
    ))?;
    let n: N =
        diesel::sql_query("SELECT count(*) AS n FROM documents.residents").get_result(&mut conn)?;
    println!(
        "{{\"seed\":\"created\",\"residents_in_registry\":{},\"secs\":{:.1}}}",
        n.n,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The one box under load: names, phone tails, whole phones and unit numbers, as HQ (every
/// estate of the group) and as a desk that works one estate.
async fn search(desk: &Desk, a: &Args) -> anyhow::Result<()> {
    let db = a.db.clone().ok_or_else(|| {
        anyhow::anyhow!("search needs --db (a superuser URL of the platform's database)")
    })?;
    let residents = a.residents;
    let seed_db = db.clone();
    tokio::task::spawn_blocking(move || seed_registry(&seed_db, residents)).await??;
    let mut conn = PgConnection::establish(&db)?;
    #[derive(diesel::QueryableByName)]
    struct Sample {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        phone: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        label: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        estate: String,
    }
    let samples: Vec<Sample> = diesel::sql_query(
        "SELECT r.name, r.phone, u.label, r.estate_id::text AS estate FROM documents.residents r TABLESAMPLE SYSTEM (1)
         JOIN documents.units u ON u.unit_id = r.unit_id AND u.estate_id = r.estate_id LIMIT 1000",
    )
    .load(&mut conn)?;
    anyhow::ensure!(!samples.is_empty(), "no residents to sample");
    // A desk account scoped to one of the estates.
    let estate = samples[0].estate.clone();
    let admin = login(desk, "admin", "desk-demo-2026").await?;
    let username = format!("bench.desk.{}", &estate[..8]);
    let _ = desk
        .client
        .post(format!("{}/api/v1/auth/staff", desk.base))
        .bearer_auth(&admin)
        .json(
            &json!({"username": username, "display_name": "压测前台", "password": "bench-desk-2026",
                      "roles": ["receptionist"], "estate_ids": [estate]}),
        )
        .send()
        .await?;
    let one_estate = login(desk, &username, "bench-desk-2026").await?;
    let hq = login(desk, "hq", "desk-demo-2026").await?;
    let queries: Vec<(&str, String)> = samples
        .iter()
        .flat_map(|s| {
            let name: String = s.name.chars().skip(1).take(2).collect();
            let tail: String = s.phone[s.phone.len() - 4..].to_string();
            [
                ("name", name),
                ("phone_tail", tail),
                ("phone", s.phone.clone()),
                ("unit", s.label.clone()),
            ]
        })
        .collect();
    for (label, token, scope) in [("hq", &hq, None), ("desk", &one_estate, Some(&estate))] {
        let mut by_kind: std::collections::BTreeMap<&str, Vec<f64>> = Default::default();
        let started = Instant::now();
        let mut errors = 0;
        for (i, (kind, q)) in queries.iter().cycle().take(a.count).enumerate() {
            let mut url = format!("{}/api/v1/documents/search?q={}", desk.base, encode(q));
            if let (Some(e), true) = (scope, i % 2 == 0) {
                url.push_str(&format!("&estate_id={e}"));
            }
            let t = Instant::now();
            let res = desk.client.get(url).bearer_auth(token).send().await?;
            if res.status() != 200 {
                errors += 1;
                continue;
            }
            let _ = res.bytes().await?;
            by_kind
                .entry(kind)
                .or_default()
                .push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let elapsed = started.elapsed();
        let all: Vec<f64> = by_kind.values().flatten().copied().collect();
        summary(
            &format!("search as {label}, all queries ({residents} residents)"),
            all,
            elapsed,
            errors,
        );
        for (kind, ms) in by_kind {
            summary(&format!("search as {label}: {kind}"), ms, elapsed, 0);
        }
    }
    Ok(())
}

async fn login(desk: &Desk, user: &str, password: &str) -> anyhow::Result<String> {
    let body: Value = desk
        .client
        .post(format!("{}/api/v1/auth/login", desk.base))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await?
        .json()
        .await?;
    body["token"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| anyhow::anyhow!("login of {user} failed: {body}"))
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Fill the complaints schema with a million complaints over the 500 benchmark estates and the
/// last twelve months, with their statistics read model, unless they are there already.
fn seed_complaints(db: &str, total: usize) -> anyhow::Result<()> {
    let mut conn = PgConnection::establish(db)?;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let have: N = diesel::sql_query(
        "SELECT count(*) AS n FROM complaints.complaints WHERE complaint_no LIKE 'ZZB%'",
    )
    .get_result(&mut conn)?;
    if have.n as usize >= total {
        println!("{{\"seed\":\"reused\",\"complaints\":{}}}", have.n);
        return Ok(());
    }
    let started = Instant::now();
    conn.batch_execute(&format!(
        "BEGIN;
         DELETE FROM complaints.stats WHERE estate_id IN (SELECT estate_id FROM complaints.complaints WHERE complaint_no LIKE 'ZZB%');
         DELETE FROM complaints.complaints WHERE complaint_no LIKE 'ZZB%';
         CREATE TEMP TABLE bench_estates AS
           SELECT (SELECT group_id FROM documents.estates WHERE code = 'SUN' LIMIT 1) AS group_id, gen_random_uuid() AS estate_id, e
           FROM generate_series(1, {SEARCH_ESTATES}) AS e;
         INSERT INTO complaints.complaints (group_id, estate_id, complaint_id, complaint_no, severity, status, channel, description,
             taken_by, created_at, updated_at, complaint_type, validity, department, assigned_at, deadline_at, resolved_at,
             replied_at, satisfaction, closed_at, month)
           SELECT b.group_id, b.estate_id, gen_random_uuid(), 'ZZB' || i, CASE WHEN i % 17 = 0 THEN 'major' ELSE 'general' END,
                  'closed', 'phone', '压测投诉', gen_random_uuid(), t, t,
                  (ARRAY['security','cleaning','greening','engineering','mail','decoration','staff_attitude','utilities','other'])[1 + i % 9],
                  CASE WHEN i % 10 = 0 THEN 'invalid' ELSE 'valid' END, 'customer_service', t, t + interval '2 days',
                  t + (CASE WHEN i % 7 = 0 THEN interval '3 days' ELSE interval '1 day' END), t + interval '2 days',
                  (ARRAY['satisfied','satisfied','basically_satisfied','dissatisfied'])[1 + i % 4], t + interval '3 days',
                  date_trunc('month', t AT TIME ZONE 'Asia/Shanghai')::date
           FROM generate_series(1, {total}) AS i
           JOIN bench_estates b ON b.e = 1 + i % {SEARCH_ESTATES},
           LATERAL (SELECT now() - (i % 365) * interval '1 day' AS t) tt;
         INSERT INTO complaints.stats (group_id, estate_id, month, complaint_type, severity, received, valid, invalid, resolved,
             on_time, replied, followed_up, satisfied, basically_satisfied, dissatisfied)
           SELECT group_id, e, month, complaint_type, severity, count(*), count(*) FILTER (WHERE validity = 'valid'),
                  count(*) FILTER (WHERE validity = 'invalid'), count(resolved_at), count(*) FILTER (WHERE resolved_at <= deadline_at),
                  count(replied_at), count(satisfaction), count(*) FILTER (WHERE satisfaction = 'satisfied'),
                  count(*) FILTER (WHERE satisfaction = 'basically_satisfied'), count(*) FILTER (WHERE satisfaction = 'dissatisfied')
           FROM complaints.complaints c, LATERAL (VALUES (c.estate_id), ('00000000-0000-0000-0000-000000000000'::uuid)) AS v(e)
           WHERE complaint_no LIKE 'ZZB%'
           GROUP BY group_id, e, month, complaint_type, severity
           ON CONFLICT (group_id, estate_id, month, complaint_type, severity) DO UPDATE SET
             received = complaints.stats.received + EXCLUDED.received, valid = complaints.stats.valid + EXCLUDED.valid,
             invalid = complaints.stats.invalid + EXCLUDED.invalid, resolved = complaints.stats.resolved + EXCLUDED.resolved,
             on_time = complaints.stats.on_time + EXCLUDED.on_time, replied = complaints.stats.replied + EXCLUDED.replied,
             followed_up = complaints.stats.followed_up + EXCLUDED.followed_up, satisfied = complaints.stats.satisfied + EXCLUDED.satisfied,
             basically_satisfied = complaints.stats.basically_satisfied + EXCLUDED.basically_satisfied,
             dissatisfied = complaints.stats.dissatisfied + EXCLUDED.dissatisfied;
         COMMIT;
         ANALYZE complaints.complaints; ANALYZE complaints.stats;"
    ))?;
    println!(
        "{{\"seed\":\"created\",\"complaints\":{total},\"secs\":{:.1}}}",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The month's complaint statistics as head office reads them (the whole group) and as an
/// estate reads its own, over 500 estates and a million complaints.
async fn complaint_stats(desk: &Desk, a: &Args) -> anyhow::Result<()> {
    let db =
        a.db.clone()
            .ok_or_else(|| anyhow::anyhow!("complaint-stats needs --db"))?;
    let total = a.residents;
    let seed_db = db.clone();
    tokio::task::spawn_blocking(move || seed_complaints(&seed_db, total)).await??;
    let mut conn = PgConnection::establish(&db)?;
    #[derive(diesel::QueryableByName)]
    struct E {
        #[diesel(sql_type = diesel::sql_types::Text)]
        estate: String,
    }
    let estates: Vec<E> = diesel::sql_query("SELECT DISTINCT estate_id::text AS estate FROM complaints.stats WHERE estate_id <> '00000000-0000-0000-0000-000000000000' LIMIT 500").load(&mut conn)?;
    let hq = login(desk, "hq", "desk-demo-2026").await?;
    let months: Vec<String> = (0..12).map(month_back).collect();
    for (label, per_estate) in [("group", false), ("estate", true)] {
        let mut ms = Vec::new();
        let started = Instant::now();
        let mut errors = 0;
        for i in 0..a.count {
            let month = &months[i % months.len()];
            let url = if per_estate {
                format!(
                    "{}/api/v1/complaints/estates/{}/stats?month={month}",
                    desk.base,
                    estates[i % estates.len()].estate
                )
            } else {
                format!("{}/api/v1/complaints/stats?month={month}", desk.base)
            };
            let t = Instant::now();
            let res = desk.client.get(url).bearer_auth(&hq).send().await?;
            if res.status() != 200 {
                errors += 1;
                continue;
            }
            let _ = res.bytes().await?;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        summary(
            &format!("complaint statistics for a month, {label} ({total} complaints, 500 estates)"),
            ms,
            started.elapsed(),
            errors,
        );
    }
    complaint_sweep(desk, &db, a.count.clamp(1, 20)).await
}

/// Complaints of the group already escalated to head office, long overdue, when the sweep runs.
const SWEEP_TOP_LEVEL: usize = 50_000;

/// The deadline sweep at group scale: with fifty thousand complaints at the top level already, a
/// complaint whose deadline has just passed is escalated in the next pass. Each round opens and
/// assigns a complaint through the gateway, lets its deadline pass (moved into the past in the
/// database, as the clock would), and times one pass of the service's sweep.
async fn complaint_sweep(desk: &Desk, db: &str, rounds: usize) -> anyhow::Result<()> {
    let mut conn = PgConnection::establish(db)?;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let have: N = diesel::sql_query(
        "SELECT count(*) AS n FROM complaints.complaints WHERE complaint_no LIKE 'ZZT%'",
    )
    .get_result(&mut conn)?;
    if (have.n as usize) < SWEEP_TOP_LEVEL {
        conn.batch_execute(&format!(
            "DELETE FROM complaints.complaints WHERE complaint_no LIKE 'ZZT%';
             INSERT INTO complaints.complaints (group_id, estate_id, complaint_id, complaint_no, status, channel, description,
                 taken_by, created_at, updated_at, complaint_type, department, assigned_at, deadline_at, escalation_level, month)
               SELECT e.group_id, e.estate_id, gen_random_uuid(), 'ZZT' || i, 'assigned', 'phone', '压测超期投诉',
                      gen_random_uuid(), t - interval '3 days', t, 'other', 'engineering', t - interval '3 days', t, 3,
                      date_trunc('month', t AT TIME ZONE 'Asia/Shanghai')::date
               FROM generate_series(1, {SWEEP_TOP_LEVEL}) AS i
               JOIN (SELECT group_id, estate_id, row_number() OVER () AS k
                     FROM (SELECT DISTINCT group_id, estate_id FROM complaints.complaints WHERE complaint_no LIKE 'ZZB%') d) e
                 ON e.k = 1 + i % 500,
               LATERAL (SELECT now() - interval '20 days' - (i % 300) * interval '1 hour' AS t) tt;
             ANALYZE complaints.complaints;"
        ))?;
    }
    let top: N = diesel::sql_query(
        "SELECT count(*) AS n FROM complaints.complaints WHERE status = 'assigned' AND escalation_level = 3",
    )
    .get_result(&mut conn)?;
    let supervisor = login(desk, "sun.supervisor", "desk-demo-2026").await?;
    let sun = desk_platform::demo::estate_id("SUN");
    let base = format!("{}/api/v1/complaints/estates/{sun}/complaints", desk.base);
    let pool = desk_platform::db::pool(&desk_platform::settings::DatabaseSettings {
        url: desk_platform::Secret::new(db.to_string()),
        pool_size: 1,
        connect_timeout_secs: 5,
    });
    let (mut ms, mut looked, mut escalated) = (Vec::new(), 0usize, 0usize);
    let started = Instant::now();
    for _ in 0..rounds {
        let made: Value = desk
            .client
            .post(&base)
            .bearer_auth(&supervisor)
            .json(&json!({"channel": "letter", "description": "压测: 新投诉"}))
            .send()
            .await?
            .json()
            .await?;
        let id = made["complaint_id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        desk.client
            .post(format!("{base}/{id}/assign"))
            .bearer_auth(&supervisor)
            .json(&json!({"department": "engineering"}))
            .send()
            .await?;
        diesel::sql_query(format!(
            "UPDATE complaints.complaints SET deadline_at = now() - interval '1 minute',              sweep_at = now() - interval '1 minute', reminded_at = now() WHERE complaint_id = '{id}'"
        ))
        .execute(&mut conn)?;
        let p = pool.clone();
        let t = Instant::now();
        let swept = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
            let mut c = p.get()?;
            let clock = desk_platform::system_clock();
            desk_complaints::app::sweep::sweep_once(&mut c, &clock)
        })
        .await??;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        looked += swept.looked_at;
        let level: N = diesel::sql_query(format!(
            "SELECT escalation_level::bigint AS n FROM complaints.complaints WHERE complaint_id = '{id}'"
        ))
        .get_result(&mut conn)?;
        escalated += usize::from(level.n >= 1);
    }
    let s = summary(
        &format!(
            "deadline sweep pass with {} complaints at head office already (one new overdue complaint per pass)",
            top.n
        ),
        ms,
        started.elapsed(),
        rounds - escalated,
    );
    println!(
        "{}",
        json!({"bench": "deadline sweep: new overdue complaints escalated", "rounds": rounds,
               "escalated": escalated, "complaints_looked_at": looked, "p50_ms": s["p50_ms"]})
    );
    Ok(())
}

/// `YYYY-MM` of `back` months ago, in the estates' time.
fn month_back(back: i32) -> String {
    use chrono::Datelike;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let total = today.year() * 12 + today.month0() as i32 - back;
    format!(
        "{:04}-{:02}",
        total.div_euclid(12),
        total.rem_euclid(12) + 1
    )
}

/// Orders of the repairs benchmark: 500 estates, ten technicians each, two million orders
/// (most closed, some open, a few waiting for dispatch), plus one technician account that
/// signs in and carries orders of its own.
fn seed_orders(db: &str, total: usize, bench_tech: Uuid) -> anyhow::Result<()> {
    let mut conn = PgConnection::establish(db)?;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let have: N = diesel::sql_query(
        "SELECT count(*) AS n FROM repairs.work_orders WHERE order_no LIKE 'ZZB%'",
    )
    .get_result(&mut conn)?;
    // Orders waiting for dispatch spread over every estate (i % 97, coprime with 500).
    let spread: N = diesel::sql_query(
        "SELECT count(DISTINCT estate_id) AS n FROM repairs.work_orders WHERE order_no LIKE 'ZZB%' AND status = 'awaiting_dispatch'",
    )
    .get_result(&mut conn)?;
    let started = Instant::now();
    if (have.n as usize) < total || spread.n < 400 {
        conn.batch_execute(&format!(
            "BEGIN;
             DELETE FROM repairs.work_orders WHERE order_no LIKE 'ZZB%';
             DELETE FROM repairs.technicians WHERE name LIKE '压测%';
             CREATE TEMP TABLE bench_estates AS
               SELECT (SELECT group_id FROM documents.estates WHERE code = 'SUN' LIMIT 1) AS group_id, gen_random_uuid() AS estate_id, e
               FROM generate_series(1, {SEARCH_ESTATES}) AS e;
             INSERT INTO repairs.technicians (group_id, estate_id, technician_id, name, skills, max_open)
               SELECT b.group_id, b.estate_id, gen_random_uuid(), '压测技工' || b.e || '-' || t, '{{plumbing,electrical}}', 50
               FROM bench_estates b, generate_series(1, 10) AS t;
             CREATE TEMP TABLE bench_techs AS
               SELECT group_id, estate_id, technician_id, row_number() OVER (PARTITION BY estate_id) AS t FROM repairs.technicians WHERE name LIKE '压测%';
             INSERT INTO repairs.work_orders (group_id, estate_id, work_order_id, order_no, kind, status, problem, reported_by, created_at, updated_at,
                 technician_id, appointment_start, appointment_end, dispatched_at, completed_at, closed_at, overall_rating)
               SELECT x.group_id, x.estate_id, gen_random_uuid(), 'ZZB' || i, 'repair',
                      CASE WHEN i % 97 = 0 THEN 'awaiting_dispatch' WHEN i % 53 = 1 THEN 'dispatched' ELSE 'closed' END,
                      '压测报修', x.technician_id, ts, ts,
                      CASE WHEN i % 97 = 0 THEN NULL ELSE x.technician_id END,
                      ts + interval '2 hours', ts + interval '4 hours', ts, ts + interval '3 hours', ts + interval '2 days', 4
               FROM generate_series(1, {total}) AS i
               JOIN bench_estates b ON b.e = 1 + i % {SEARCH_ESTATES}
               JOIN bench_techs x ON x.estate_id = b.estate_id AND x.t = 1 + (i / {SEARCH_ESTATES}) % 10,
               LATERAL (SELECT now() - (i % 730) * interval '1 day' AS ts) tt;
             COMMIT;"
        ))?;
    }
    // The signed-in technician: on the first benchmark estate's roster, with today's orders.
    conn.batch_execute(&format!(
        "BEGIN;
         INSERT INTO repairs.technicians (group_id, estate_id, technician_id, name, skills, max_open)
           SELECT group_id, estate_id, '{bench_tech}', '压测技工-登录', '{{plumbing}}', 50 FROM repairs.technicians WHERE name = '压测技工1-1'
           ON CONFLICT DO NOTHING;
         DELETE FROM repairs.work_orders WHERE technician_id = '{bench_tech}';
         INSERT INTO repairs.work_orders (group_id, estate_id, work_order_id, order_no, kind, status, problem, reported_by, created_at, updated_at,
             technician_id, appointment_start, appointment_end, dispatched_at)
           SELECT group_id, estate_id, gen_random_uuid(), 'ZZBT' || k, 'repair', CASE WHEN k % 3 = 0 THEN 'closed' ELSE 'dispatched' END, '今日报修',
                  technician_id, now(), now(), technician_id, now() + k * interval '20 minutes', now() + k * interval '20 minutes' + interval '1 hour', now()
           FROM repairs.technicians, generate_series(1, 12) AS k WHERE technician_id = '{bench_tech}';
         COMMIT;
         ANALYZE repairs.work_orders; ANALYZE repairs.technicians;"
    ))?;
    println!(
        "{{\"seed\":\"orders\",\"orders\":{total},\"secs\":{:.1}}}",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Dispatch and the technician's "my orders today", over 500 estates and two million orders.
async fn repairs(desk: &Desk, a: &Args) -> anyhow::Result<()> {
    let db =
        a.db.clone()
            .ok_or_else(|| anyhow::anyhow!("repairs needs --db"))?;
    let total = a.residents;
    let admin = login(desk, "admin", "desk-demo-2026").await?;
    let res = desk
        .client
        .post(format!("{}/api/v1/auth/staff", desk.base))
        .bearer_auth(&admin)
        .json(&json!({"username": "bench.tech", "display_name": "压测技工", "password": "bench-tech-2026", "roles": ["technician"], "all_estates": true}))
        .send()
        .await?;
    let created: Value = res.json().await.unwrap_or_default();
    let tech_token = login(desk, "bench.tech", "bench-tech-2026").await?;
    let me: Value = desk
        .client
        .get(format!("{}/api/v1/auth/me", desk.base))
        .bearer_auth(&tech_token)
        .send()
        .await?
        .json()
        .await?;
    let tech_id: Uuid = me["staff_id"]
        .as_str()
        .or(created["staff_id"].as_str())
        .unwrap_or_default()
        .parse()?;
    let seed_db = db.clone();
    tokio::task::spawn_blocking(move || seed_orders(&seed_db, total, tech_id)).await??;

    let mut ms = Vec::new();
    let started = Instant::now();
    let mut errors = 0;
    for _ in 0..a.count {
        let t = Instant::now();
        let res = desk
            .client
            .get(format!("{}/api/v1/repairs/my-orders", desk.base))
            .bearer_auth(&tech_token)
            .send()
            .await?;
        if res.status() != 200 {
            errors += 1;
            continue;
        }
        let body: Value = res.json().await?;
        anyhow::ensure!(
            body["items"].as_array().is_some_and(|i| !i.is_empty()),
            "my orders came back empty"
        );
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    summary(
        &format!("technician's my orders today ({total} orders, 500 estates)"),
        ms,
        started.elapsed(),
        errors,
    );

    // Dispatch orders waiting in the estates, to their technicians, as the desk would.
    let mut conn = PgConnection::establish(&db)?;
    #[derive(diesel::QueryableByName)]
    struct Waiting {
        #[diesel(sql_type = diesel::sql_types::Text)]
        estate: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        order: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        tech: String,
    }
    let waiting: Vec<Waiting> = diesel::sql_query(format!(
        "SELECT w.estate_id::text AS estate, w.work_order_id::text AS order, t.technician_id::text AS tech
         FROM (SELECT *, row_number() OVER (PARTITION BY estate_id ORDER BY created_at) AS k FROM repairs.work_orders
               WHERE order_no LIKE 'ZZB%' AND status = 'awaiting_dispatch') w
         JOIN (SELECT *, row_number() OVER (PARTITION BY estate_id) AS j FROM repairs.technicians WHERE name LIKE '压测%') t
           ON t.estate_id = w.estate_id AND t.j = 1 + w.k % 10
         WHERE w.k <= 4 LIMIT {}",
        a.count
    ))
    .load(&mut conn)?;
    let mut ms = Vec::new();
    let started = Instant::now();
    let mut errors = 0;
    for w in &waiting {
        let t = Instant::now();
        let res = desk
            .client
            .post(format!(
                "{}/api/v1/repairs/estates/{}/work-orders/{}/dispatch",
                desk.base, w.estate, w.order
            ))
            .bearer_auth(&admin)
            .json(&json!({"technician_id": w.tech}))
            .send()
            .await?;
        if res.status() != 200 {
            errors += 1;
            continue;
        }
        let _ = res.bytes().await?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    summary(
        &format!("dispatch an order ({total} orders, 500 estates)"),
        ms,
        started.elapsed(),
        errors,
    );
    Ok(())
}

const METHODS: [&str; 4] = ["cash", "wechat", "alipay", "card"];

/// The month's management-fee run for an estate of `units` units, and taking payments at the
/// desk (the whole request: drawer, allocation, receipt number, events).
async fn billing(desk: &Desk, a: &Args) -> anyhow::Result<()> {
    let db =
        a.db.clone()
            .ok_or_else(|| anyhow::anyhow!("billing needs --db"))?;
    let units = a.residents;
    let mut conn = PgConnection::establish(&db)?;
    // The benchmark estate: the demo estate's group, an estate of its own with `units` accounts.
    let estate = desk.estate.clone();
    conn.batch_execute(&format!(
        "BEGIN;
         DELETE FROM billing.allocations WHERE estate_id = '{estate}';
         DELETE FROM billing.payments WHERE estate_id = '{estate}';
         DELETE FROM billing.charges WHERE estate_id = '{estate}';
         DELETE FROM billing.cash_sessions WHERE estate_id = '{estate}';
         DELETE FROM billing.receipt_counters WHERE estate_id = '{estate}';
         DELETE FROM billing.unit_accounts WHERE estate_id = '{estate}' AND unit_label LIKE 'B%';
         INSERT INTO billing.unit_accounts (group_id, estate_id, unit_id, unit_label, area_centi_m2, registry_at)
           SELECT (SELECT group_id FROM documents.estates WHERE estate_id = '{estate}'), '{estate}', gen_random_uuid(),
                  'B' || lpad(u::text, 5, '0'), 6000 + (u * 37) % 9000, 0
           FROM generate_series(1, {units}) AS u;
         COMMIT; ANALYZE billing.unit_accounts;"
    ))?;
    let manager = login(desk, "sun.manager", "desk-demo-2026").await?;
    let cashier = login(desk, "sun.cashier", "desk-demo-2026").await?;
    let base = format!("{}/api/v1/billing/estates/{estate}", desk.base);
    desk.client
        .put(format!("{base}/fee-schedule"))
        .bearer_auth(&manager)
        .json(&json!({"management_fen_per_m2": 280}))
        .send()
        .await?;
    let mut runs = Vec::new();
    let started = Instant::now();
    for m in 0..6 {
        let t = Instant::now();
        let res: Value = desk
            .client
            .post(format!("{base}/management-fees"))
            .bearer_auth(&manager)
            .json(&json!({"month": month_back(m)}))
            .send()
            .await?
            .json()
            .await?;
        anyhow::ensure!(
            res["charged"].as_u64().unwrap_or(0) as usize >= units,
            "the run charged {res}"
        );
        runs.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    summary(
        &format!("management-fee run for an estate of {units} units (one month per run)"),
        runs,
        started.elapsed(),
        0,
    );

    desk.client
        .post(format!("{base}/cash-sessions"))
        .bearer_auth(&cashier)
        .json(&json!({"opening_float_fen": 50000}))
        .send()
        .await?;
    let mut ms = Vec::new();
    let started = Instant::now();
    let mut errors = 0;
    for i in 0..a.count {
        let unit = format!("B{:05}", 1 + (i * 7) % units);
        let t = Instant::now();
        let res = desk
            .client
            .post(format!("{base}/payments"))
            .bearer_auth(&cashier)
            .json(&json!({"unit_label": unit, "method": METHODS[i % 4], "amount_fen": 100 + (i % 50) as i64}))
            .send()
            .await?;
        if res.status() != 201 {
            errors += 1;
            continue;
        }
        let _ = res.bytes().await?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    summary(
        "taking a payment (drawer, allocation to the oldest charges, receipt number, events)",
        ms,
        started.elapsed(),
        errors,
    );
    Ok(())
}

/// Fill repairs' monthly figures (`repairs.estate_month_stats`) for 500 more estates of the demo
/// group over twelve months: each estate's own line, five kinds and ten technicians, as the
/// service keeps them; estates named from `hq-bench-{n}` so that a rerun replaces them.
fn seed_estate_months(db: &str) -> anyhow::Result<(i64, String)> {
    let mut conn = PgConnection::establish(db)?;
    conn.batch_execute(&format!(
        "BEGIN;
         CREATE TEMP TABLE hq_estates AS
           SELECT (SELECT group_id FROM documents.estates WHERE code = 'SUN' LIMIT 1) AS group_id,
                  md5('hq-bench-' || e)::uuid AS estate_id, e
           FROM generate_series(1, {SEARCH_ESTATES}) AS e;
         DELETE FROM repairs.estate_month_stats WHERE estate_id IN (SELECT estate_id FROM hq_estates);
         INSERT INTO repairs.estate_month_stats (group_id, estate_id, month, dim, key, opened, completed, with_appointment,
             arrived_on_time, completion_ms, followed_up, rating_sum, rating_count, satisfied, revenue_fen, done, done_followed_up)
           SELECT h.group_id, h.estate_id, (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - m * interval '1 month')::date,
                  l.dim, l.key, n, n * 9 / 10, n * 8 / 10, n * (6 + h.e % 4) / 10, n::bigint * 5400000, n * (5 + h.e % 5) / 10,
                  n * 4, n * (5 + h.e % 5) / 10, n * (4 + h.e % 5) / 10, n::bigint * 1500, n * 9 / 10, n * (5 + h.e % 5) / 10
           FROM hq_estates h, generate_series(0, 11) AS m,
                LATERAL (VALUES ('estate', '', 200), ('kind', 'repair', 120), ('kind', 'paid_repair', 30),
                                ('kind', 'special_service', 20), ('kind', 'after_sales', 20), ('kind', 'emergency', 10)) AS l0(dim, key, n0)
                CROSS JOIN LATERAL (SELECT l0.dim, l0.key, l0.n0 + (h.e + m) % 13 AS n) AS l
           UNION ALL
           SELECT h.group_id, h.estate_id, (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - m * interval '1 month')::date,
                  'technician', md5('hq-bench-tech-' || h.e || '-' || t)::uuid::text, 20, 18, 16, 12, 20 * 5400000::bigint, 12, 80, 12, 10, 0, 18, 12
           FROM hq_estates h, generate_series(0, 11) AS m, generate_series(1, 10) AS t;
         DELETE FROM complaints.stats WHERE estate_id IN (SELECT estate_id FROM hq_estates);
         INSERT INTO complaints.stats (group_id, estate_id, month, complaint_type, severity, received, valid, invalid,
             resolved, on_time, replied, followed_up, satisfied, basically_satisfied, dissatisfied)
           SELECT h.group_id, h.estate_id, (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - m * interval '1 month')::date,
                  t, s, 10 + h.e % 7, 8 + h.e % 3, 2, 9, 7 + h.e % 3, 9, 8, 5, 2, 1
           FROM hq_estates h, generate_series(0, 11) AS m,
                unnest(ARRAY['security','cleaning','greening','engineering','mail','decoration','staff_attitude','utilities','other']) AS t,
                unnest(ARRAY['general','major']) AS s;
         DELETE FROM billing.period_stats WHERE estate_id IN (SELECT estate_id FROM hq_estates);
         INSERT INTO billing.period_stats (group_id, estate_id, period, charges, charged_fen, collected_fen)
           SELECT h.group_id, h.estate_id, to_char(date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - m * interval '1 month', 'YYYY-MM'),
                  5000, 5000 * 30000::bigint, 5000 * 30000::bigint * (70 + h.e % 30) / 100
           FROM hq_estates h, generate_series(0, 11) AS m;
         COMMIT;
         ANALYZE repairs.estate_month_stats; ANALYZE complaints.stats; ANALYZE billing.period_stats;"
    ))?;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let n: N = diesel::sql_query("SELECT count(*) AS n FROM repairs.estate_month_stats")
        .get_result(&mut conn)?;
    #[derive(diesel::QueryableByName)]
    struct E {
        #[diesel(sql_type = diesel::sql_types::Text)]
        e: String,
    }
    let one: E =
        diesel::sql_query("SELECT md5('hq-bench-1')::uuid::text AS e").get_result(&mut conn)?;
    Ok((n.n, one.e))
}

/// Head office's month of every estate (`GET /api/v1/repairs/stats`), read from repairs' read
/// model over 500 estates: through the gateway as the web page asks it, and from the service
/// itself when `DESK_BENCH_REPAIRS` is set; then one estate's six-month trend.
async fn hq(desk: &Desk, a: &Args) -> anyhow::Result<()> {
    let db =
        a.db.clone()
            .ok_or_else(|| anyhow::anyhow!("hq needs --db"))?;
    let started = Instant::now();
    let (rows, one) = tokio::task::spawn_blocking(move || seed_estate_months(&db)).await??;
    println!(
        "{{\"seed\":\"estate months\",\"rows\":{rows},\"secs\":{:.1}}}",
        started.elapsed().as_secs_f64()
    );
    let hq = login(desk, "hq", "desk-demo-2026").await?;
    let months: Vec<String> = (0..12).map(month_back).collect();
    let mut targets = vec![("gateway", desk.base.clone())];
    if let Ok(direct) = std::env::var("DESK_BENCH_REPAIRS") {
        targets.push(("repairs service", direct));
    }
    for (via, base) in targets {
        for (label, trend) in [
            ("every estate, one month", false),
            ("one estate, six months", true),
        ] {
            let mut ms = Vec::new();
            let started = Instant::now();
            let mut errors = 0;
            for i in 0..a.count {
                let month = &months[i % months.len()];
                let url = if trend {
                    format!("{base}/api/v1/repairs/stats?month={month}&months=6&estate_id={one}")
                } else {
                    format!("{base}/api/v1/repairs/stats?month={month}")
                };
                let t = Instant::now();
                let res = desk.client.get(url).bearer_auth(&hq).send().await?;
                if res.status() != 200 {
                    errors += 1;
                    continue;
                }
                let bytes = res.bytes().await?;
                ms.push(t.elapsed().as_secs_f64() * 1000.0);
                if !trend && i == 0 {
                    let body: Value = serde_json::from_slice(&bytes)?;
                    anyhow::ensure!(
                        body["items"]
                            .as_array()
                            .is_some_and(|i| i.len() >= SEARCH_ESTATES),
                        "the month came back without every estate"
                    );
                }
            }
            summary(
                &format!(
                    "HQ repairs figures, {label}, via the {via} (500 estates, {rows} read-model rows)"
                ),
                ms,
                started.elapsed(),
                errors,
            );
        }
    }
    // The ranking's other two sources: complaints' and billing's month of every estate.
    for (label, path) in [
        (
            "HQ complaint figures, every estate, one month (500 estates × 12 months × 18 rows)",
            "/api/v1/complaints/stats/estates",
        ),
        (
            "HQ fee collection, every estate, one month, arrears to date (500 estates × 12 months)",
            "/api/v1/billing/stats",
        ),
    ] {
        let mut ms = Vec::new();
        let started = Instant::now();
        let mut errors = 0;
        for i in 0..a.count {
            let month = &months[i % months.len()];
            let t = Instant::now();
            let res = desk
                .client
                .get(format!("{}{path}?month={month}", desk.base))
                .bearer_auth(&hq)
                .send()
                .await?;
            if res.status() != 200 {
                errors += 1;
                continue;
            }
            let bytes = res.bytes().await?;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            if i == 0 {
                let body: Value = serde_json::from_slice(&bytes)?;
                anyhow::ensure!(
                    body["items"]
                        .as_array()
                        .is_some_and(|i| i.len() >= SEARCH_ESTATES),
                    "{path} came back without every estate"
                );
            }
        }
        summary(label, ms, started.elapsed(), errors);
    }
    Ok(())
}
