//! Benchmarks against a running platform (see `scripts/bench.sh`).
//!
//! ```text
//! desk-bench intake --clients 8 --secs 20          closed loop: throughput and latency
//! desk-bench intake --rate 1500 --secs 20          open loop at a fixed rate: latency
//! desk-bench flow --rate 200 --count 2000 --db URL commit-to-effect latency through Kafka
//! ```
//! Environment: `DESK_BENCH_GATEWAY` (default `http://127.0.0.1:8080`).

use diesel::{Connection, PgConnection, RunQueryDsl};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

struct Args {
    mode: String,
    clients: usize,
    rate: Option<f64>,
    secs: u64,
    count: usize,
    db: Option<String>,
    category: String,
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
        other => anyhow::bail!("unknown mode {other}"),
    }
    Ok(())
}
