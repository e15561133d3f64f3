//! The fault run and the soak (see `scripts/faults.sh`).
//!
//! The fault run drives a steady mix through the gateways (intakes of every category, dispatches
//! and completions with fees, complaint steps, payments) at a set rate while a schedule kills
//! replicas, restarts PostgreSQL, cuts the broker off and kills it; then it waits for the backlog
//! to drain and checks every effect against what was sent, reading the database.
//!
//! The soak drives the same mix without faults and samples every process's resident memory, the
//! outboxes' backlog and the consumers' lag.

use diesel::{Connection, PgConnection, RunQueryDsl};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use uuid::Uuid;

/// The intake categories, each in turn.
const CATEGORIES: [&str; 11] = [
    "repair",
    "complaint",
    "inquiry",
    "paid_repair",
    "help",
    "after_sales",
    "praise",
    "emergency",
    "suggestion",
    "paid_service",
    "other",
];
/// Units of the demo registry the mix uses.
const UNITS: [&str; 4] = ["1-1-101", "1-1-102", "1-1-202", "2-1-301"];
/// The processes of the platform, as the run command names their pid files.
const PROCESSES: [&str; 6] = [
    "gateway",
    "reception",
    "complaints",
    "repairs",
    "billing",
    "documents",
];
const SATISFACTION: [&str; 3] = ["satisfied", "basically_satisfied", "dissatisfied"];
const METHODS: [&str; 4] = ["wechat", "alipay", "card", "cash"];
/// Repair flows (and complaint flows) under way at once: the technician holds at most 50 open
/// orders.
const FLOWS: usize = 30;
const SCHEMAS: [&str; 5] = ["reception", "complaints", "repairs", "billing", "documents"];

pub struct Opts {
    soak: bool,
    gateways: Vec<String>,
    rate: f64,
    secs: u64,
    short: bool,
    db: String,
    pids: PathBuf,
    pg_restart: Option<String>,
    base_port: u16,
    replicas: usize,
    seed: u64,
    sample_secs: u64,
    warmup_secs: u64,
}

pub fn opts(soak: bool, args: &[String]) -> anyhow::Result<Opts> {
    let mut o = Opts {
        soak,
        gateways: vec!["http://127.0.0.1:8080".into()],
        rate: 215.0,
        secs: if soak { 600 } else { 300 },
        short: false,
        db: String::new(),
        pids: PathBuf::new(),
        pg_restart: None,
        base_port: 8080,
        replicas: 2,
        seed: 0,
        sample_secs: 30,
        warmup_secs: 120,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--short" {
            o.short = true;
            continue;
        }
        let value = it
            .next()
            .ok_or_else(|| anyhow::anyhow!("{flag} needs a value"))?;
        match flag.as_str() {
            "--gateways" => o.gateways = value.split(',').map(str::to_string).collect(),
            "--rate" => o.rate = value.parse()?,
            "--secs" => o.secs = value.parse()?,
            "--db" => o.db = value.clone(),
            "--pids" => o.pids = value.into(),
            "--pg-restart" => o.pg_restart = Some(value.clone()),
            "--base-port" => o.base_port = value.parse()?,
            "--replicas" => o.replicas = value.parse()?,
            "--seed" => o.seed = value.parse()?,
            "--sample-secs" => o.sample_secs = value.parse()?,
            "--warmup-secs" => o.warmup_secs = value.parse()?,
            other => anyhow::bail!("unknown flag {other}"),
        }
    }
    anyhow::ensure!(!o.db.is_empty(), "--db is needed (a superuser URL)");
    anyhow::ensure!(o.rate > 0.0, "--rate must be above 0");
    if o.seed == 0 {
        o.seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_nanos() as u64
            | 1;
    }
    Ok(o)
}

impl Opts {
    /// How long the backlog may take to drain before the run says it did not.
    fn drain_limit(&self) -> Duration {
        Duration::from_secs(if self.short { 90 } else { 300 })
    }
}

/// A small random source (xorshift), seeded so that a schedule can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() % 1_000_000) as f64 / 1_000_000.0
    }
}

/// One request as sent: when (seconds into the run), how long it took, what came back (0: no
/// answer at all).
#[derive(Clone)]
struct Attempt {
    at: f64,
    ms: f64,
    status: u16,
    /// The problem's code of a refusal.
    code: String,
    intake: bool,
}

#[derive(Clone)]
struct Intake {
    marker: String,
    category: &'static str,
    sent_at: f64,
    accepted: Option<String>,
    last_status: u16,
}

/// A payment: the key sent, (payment id, receipt number) when accepted, the last answer.
type Payment = (String, Option<(String, String)>, u16);

#[derive(Default)]
struct Book {
    attempts: Vec<Attempt>,
    intakes: Vec<Intake>,
    /// Payments: the key sent, and (payment id, receipt number) when accepted.
    payments: Vec<Payment>,
    /// Work orders completed with a fee: (id, fee).
    paid_orders: Vec<(String, i64)>,
    completed_orders: usize,
    complaints_closed: usize,
    flows_skipped: usize,
    steps_refused: BTreeMap<String, usize>,
}

struct Tokens {
    desk: String,
    supervisor: String,
    tech: String,
    cashier: String,
}

struct Driver {
    client: reqwest::Client,
    gateways: Vec<String>,
    next: AtomicUsize,
    started: Instant,
    estate: Uuid,
    tech_id: Uuid,
    tokens: Tokens,
    book: Mutex<Book>,
    flows: Semaphore,
    complaint_flows: Semaphore,
    run: String,
    pay_units: Vec<String>,
}

fn secs(started: Instant) -> f64 {
    started.elapsed().as_secs_f64()
}

impl Driver {
    /// One request through a gateway, spread over the gateways as a load balancer would: a
    /// gateway that refuses the connection is passed over for the next. Retries a write that got
    /// no answer or a 502/503/504 (with the same Idempotency-Key, as the desk does) and a read,
    /// up to four times in all.
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<&Value>,
        key: Option<&str>,
        intake: bool,
    ) -> (u16, Value, bool) {
        let mut wait = Duration::from_millis(500);
        let mut last = (0u16, Value::Null);
        let mut unanswered = false;
        for attempt in 0..4 {
            let at = secs(self.started);
            let t = Instant::now();
            let mut got = None;
            for g in 0..self.gateways.len() {
                let i = (self.next.fetch_add(1, Ordering::Relaxed) + g) % self.gateways.len();
                let mut req = self
                    .client
                    .request(method.clone(), format!("{}{path}", self.gateways[i]))
                    .bearer_auth(token);
                if let Some(b) = body {
                    req = req.json(b);
                }
                if let Some(k) = key {
                    req = req.header("idempotency-key", k);
                }
                match req.send().await {
                    Ok(res) => {
                        let status = res.status().as_u16();
                        let v = res.json::<Value>().await.unwrap_or(Value::Null);
                        got = Some((status, v));
                        break;
                    }
                    Err(e) if e.is_connect() => continue,
                    Err(_) => break,
                }
            }
            let (status, v) = got.unwrap_or((0, Value::Null));
            let code = v["code"].as_str().unwrap_or_default().to_string();
            self.book
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .attempts
                .push(Attempt {
                    at,
                    ms: t.elapsed().as_secs_f64() * 1000.0,
                    status,
                    code,
                    intake,
                });
            last = (status, v);
            let transient = matches!(status, 0 | 502 | 503 | 504);
            unanswered |= transient;
            if !transient || attempt == 3 {
                break;
            }
            tokio::time::sleep(wait).await;
            wait *= 2;
        }
        (last.0, last.1, unanswered)
    }

    async fn post(&self, path: &str, token: &str, body: &Value, key: Option<&str>) -> (u16, Value) {
        let (status, v, _) = self
            .call(reqwest::Method::POST, path, token, Some(body), key, false)
            .await;
        (status, v)
    }

    async fn get(&self, path: &str, token: &str) -> (u16, Value) {
        let (status, v, _) = self
            .call(reqwest::Method::GET, path, token, None, None, false)
            .await;
        (status, v)
    }

    fn refused_step(&self, what: &str, status: u16, body: &Value) {
        let code = body["code"].as_str().unwrap_or("");
        *self
            .book
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .steps_refused
            .entry(format!("{what} {status} {code}"))
            .or_default() += 1;
    }

    /// A step of a flow, asked again when no answer came (as the desk would): 200 is done, and
    /// so is a 409 `invalid_transition` after a try without an answer (the first went through).
    async fn step(&self, what: &str, path: &str, token: &str, body: Value) -> bool {
        let (status, v, unanswered) = self
            .call(reqwest::Method::POST, path, token, Some(&body), None, false)
            .await;
        if status == 200 || status == 201 || (status == 409 && unanswered) {
            return true;
        }
        self.refused_step(what, status, &v);
        false
    }

    async fn log_intake(self: &Arc<Self>, n: usize) {
        let category = CATEGORIES[n % CATEGORIES.len()];
        let marker = format!("{}-{n}", self.run);
        let unit = UNITS[n % UNITS.len()];
        let body = json!({
            "channel": "phone",
            "category": category,
            "caller": {"phone": format!("139{:08}", n % 100_000_000), "unit_label": unit},
            "request": format!("fault run {marker}"),
        });
        let sent_at = secs(self.started);
        let (status, v, _) = self
            .call(
                reqwest::Method::POST,
                &format!("/api/v1/reception/estates/{}/intakes", self.estate),
                &self.tokens.desk,
                Some(&body),
                Some(&marker),
                true,
            )
            .await;
        let accepted = (status == 201 || status == 200)
            .then(|| v["intake_id"].as_str().map(str::to_string))
            .flatten();
        self.book
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .intakes
            .push(Intake {
                marker,
                category,
                sent_at,
                accepted: accepted.clone(),
                last_status: status,
            });
        let Some(id) = accepted else { return };
        // Some of the work the intakes bring, taken further by the desk, the supervisor and
        // the technician.
        if (category == "repair" || category == "paid_repair") && n % 4 < 2 {
            let d = self.clone();
            tokio::spawn(async move { d.repair_flow(id, category == "paid_repair", n).await });
        } else if category == "complaint" && n.is_multiple_of(3) {
            let d = self.clone();
            tokio::spawn(async move { d.complaint_flow(id, n).await });
        }
    }

    /// Find what an intake became, waiting for the consumer (at most 90 s).
    async fn downstream(&self, path: &str, token: &str, field: &str) -> Option<String> {
        let until = Instant::now() + Duration::from_secs(90);
        while Instant::now() < until {
            let (status, v) = self.get(path, token).await;
            if status == 200
                && let Some(id) = v["items"][0][field].as_str()
            {
                return Some(id.to_string());
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        None
    }

    async fn repair_flow(self: Arc<Self>, intake: String, paid: bool, n: usize) {
        let Ok(_permit) = self.flows.try_acquire() else {
            self.book
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .flows_skipped += 1;
            return;
        };
        let base = format!("/api/v1/repairs/estates/{}/work-orders", self.estate);
        let Some(id) = self
            .downstream(
                &format!("{base}?intake_id={intake}"),
                &self.tokens.desk,
                "work_order_id",
            )
            .await
        else {
            self.book
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .flows_skipped += 1;
            return;
        };
        let order = format!("{base}/{id}");
        if !self
            .step(
                "dispatch",
                &format!("{order}/dispatch"),
                &self.tokens.desk,
                json!({"technician_id": self.tech_id}),
            )
            .await
        {
            return;
        }
        for what in ["accept", "start"] {
            if !self
                .step(
                    what,
                    &format!("{order}/{what}"),
                    &self.tokens.tech,
                    json!({}),
                )
                .await
            {
                return;
            }
        }
        let fee = if paid {
            1000 + (n as i64 % 40) * 100
        } else {
            0
        };
        let done = self
            .step(
                "complete",
                &format!("{order}/complete"),
                &self.tokens.tech,
                json!({"work_done": "更换角阀", "fee_fen": fee, "signoff_name": "王先生"}),
            )
            .await;
        if done {
            let mut b = self.book.lock().unwrap_or_else(PoisonError::into_inner);
            b.completed_orders += 1;
            if fee > 0 {
                b.paid_orders.push((id, fee));
            }
        }
    }

    async fn complaint_flow(self: Arc<Self>, intake: String, n: usize) {
        let Ok(_permit) = self.complaint_flows.try_acquire() else {
            self.book
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .flows_skipped += 1;
            return;
        };
        let base = format!("/api/v1/complaints/estates/{}/complaints", self.estate);
        let Some(id) = self
            .downstream(
                &format!("{base}?intake_id={intake}"),
                &self.tokens.desk,
                "complaint_id",
            )
            .await
        else {
            self.book
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .flows_skipped += 1;
            return;
        };
        let c = format!("{base}/{id}");
        let (kind, dept) = [("security", "security"), ("cleaning", "cleaning")][n % 2];
        let steps = [
            (
                "classify",
                &self.tokens.supervisor,
                json!({"type": kind, "validity": "valid", "reason": "属实"}),
            ),
            (
                "assign",
                &self.tokens.supervisor,
                json!({"department": dept}),
            ),
            ("resolve", &self.tokens.tech, json!({"result": "已处理"})),
            (
                "reply",
                &self.tokens.desk,
                json!({"channel": "phone", "content": "已处理"}),
            ),
            (
                "follow-up",
                &self.tokens.desk,
                json!({"satisfaction": SATISFACTION[n % 3]}),
            ),
        ];
        for (what, token, body) in steps {
            if !self.step(what, &format!("{c}/{what}"), token, body).await {
                return;
            }
        }
        self.book
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .complaints_closed += 1;
    }

    async fn pay(&self, n: usize) {
        let key = format!("{}-pay-{n}", self.run);
        let (status, v) = self
            .post(
                &format!("/api/v1/billing/estates/{}/payments", self.estate),
                &self.tokens.cashier,
                &json!({"unit_label": self.pay_units[n % self.pay_units.len()], "method": METHODS[n % 4],
                        "amount_fen": 100 + (n % 50) as i64}),
                Some(&key),
            )
            .await;
        let accepted = (status == 201 || status == 200)
            .then(|| {
                Some((
                    v["payment_id"].as_str()?.to_string(),
                    v["receipt_no"].as_str()?.to_string(),
                ))
            })
            .flatten();
        self.book
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .payments
            .push((key, accepted, status));
    }
}

async fn login(client: &reqwest::Client, gateway: &str, user: &str) -> anyhow::Result<String> {
    let body: Value = client
        .post(format!("{gateway}/api/v1/auth/login"))
        .json(&json!({"username": user, "password": "desk-demo-2026"}))
        .send()
        .await?
        .json()
        .await?;
    body["token"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| anyhow::anyhow!("login of {user} failed: {body}"))
}

/// Sign in as the desk, the supervisor, the technician and the cashier of 阳光花园; put the
/// technician on the roster and open the cashier's drawer.
async fn prepare(o: &Opts) -> anyhow::Result<Arc<Driver>> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(512)
        .timeout(Duration::from_secs(15))
        .connect_timeout(Duration::from_secs(2))
        .build()?;
    let g = &o.gateways[0];
    let tokens = Tokens {
        desk: login(&client, g, "sun.desk").await?,
        supervisor: login(&client, g, "sun.supervisor").await?,
        tech: login(&client, g, "sun.tech").await?,
        cashier: login(&client, g, "sun.cashier").await?,
    };
    let estate = desk_platform::demo::estate_id("SUN");
    let tech_id = desk_platform::demo::id("staff", "sun.tech");
    let res = client
        .put(format!(
            "{g}/api/v1/repairs/estates/{estate}/technicians/{tech_id}"
        ))
        .bearer_auth(&tokens.supervisor)
        .json(&json!({"name": "赵强", "skills": ["plumbing", "cleaning"], "max_open": 50}))
        .send()
        .await?;
    anyhow::ensure!(res.status() == 200, "the roster: {}", res.status());
    let res = client
        .post(format!("{g}/api/v1/billing/estates/{estate}/cash-sessions"))
        .bearer_auth(&tokens.cashier)
        .json(&json!({"opening_float_fen": 50000}))
        .send()
        .await?;
    anyhow::ensure!(
        res.status().is_success() || res.status() == 409,
        "the cashier's drawer: {}",
        res.status()
    );
    // The month's management fee on every unit, so that the payments have something to pay.
    let manager = login(&client, g, "sun.manager").await?;
    let billing = format!("{g}/api/v1/billing/estates/{estate}");
    let res = client
        .put(format!("{billing}/fee-schedule"))
        .bearer_auth(&manager)
        .json(&json!({"management_fen_per_m2": 280}))
        .send()
        .await?;
    anyhow::ensure!(res.status() == 200, "the fee schedule: {}", res.status());
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    let res = client
        .post(format!("{billing}/management-fees"))
        .bearer_auth(&manager)
        .json(&json!({"month": month}))
        .send()
        .await?;
    anyhow::ensure!(
        res.status().is_success(),
        "the month's fee run: {}",
        res.status()
    );
    // Payments go to every unit of the estate, each charged the month's fee just now.
    let accounts: Value = client
        .get(format!("{billing}/accounts?limit=500"))
        .bearer_auth(&tokens.cashier)
        .send()
        .await?
        .json()
        .await?;
    let pay_units: Vec<String> = accounts["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["unit_label"].as_str().map(str::to_string))
        .collect();
    anyhow::ensure!(!pay_units.is_empty(), "no unit owes anything: {accounts}");
    let run = format!("f{}", &Uuid::now_v7().simple().to_string()[8..16]);
    Ok(Arc::new(Driver {
        client,
        gateways: o.gateways.clone(),
        next: AtomicUsize::new(0),
        started: Instant::now(),
        estate,
        tech_id,
        tokens,
        book: Mutex::new(Book::default()),
        flows: Semaphore::new(FLOWS),
        complaint_flows: Semaphore::new(FLOWS),
        run,
        pay_units,
    }))
}

/// The mix at `rate` intakes a second for `secs`: every intake category in turn, and a
/// payment for every twentieth intake. Returns how many intakes were sent.
async fn drive(d: Arc<Driver>, rate: f64, secs: u64) -> usize {
    let started = Instant::now();
    let deadline = started + Duration::from_secs(secs);
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut tasks = tokio::task::JoinSet::new();
    let mut n = 0;
    loop {
        ticker.tick().await;
        if Instant::now() >= deadline {
            break;
        }
        let dd = d.clone();
        tasks.spawn(async move { dd.log_intake(n).await });
        if n % 20 == 10 {
            let dd = d.clone();
            tasks.spawn(async move { dd.pay(n / 20).await });
        }
        n += 1;
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    n
}

/// One JSON value from the database: the query selects it as `j`.
#[derive(diesel::QueryableByName)]
struct J {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    j: Option<String>,
}

fn query(conn: &mut PgConnection, sql: &str) -> anyhow::Result<Value> {
    let row: J = diesel::sql_query(sql).get_result(conn)?;
    Ok(row
        .j
        .map(|s| serde_json::from_str(&s))
        .transpose()?
        .unwrap_or(Value::Null))
}

fn query_with(conn: &mut PgConnection, sql: &str, list: &Value) -> anyhow::Result<Value> {
    let row: J = diesel::sql_query(sql)
        .bind::<diesel::sql_types::Text, _>(list.to_string())
        .get_result(conn)?;
    Ok(row
        .j
        .map(|s| serde_json::from_str(&s))
        .transpose()?
        .unwrap_or(Value::Null))
}

fn int(v: &Value) -> i64 {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or(0)
}

/// Events not yet published, over every service's outbox.
fn outbox_backlog(conn: &mut PgConnection) -> anyhow::Result<i64> {
    let parts: Vec<String> = SCHEMAS
        .iter()
        .map(|s| format!("(SELECT count(*) FROM {s}.outbox WHERE published_at IS NULL)"))
        .collect();
    Ok(int(&query(
        conn,
        &format!("SELECT ({})::text AS j", parts.join(" + ")),
    )?))
}

/// Of `ids` (intakes that go to complaints or repairs), how many the ledger does not yet show
/// as forwarded to their item.
fn not_forwarded(conn: &mut PgConnection, ids: &Value) -> anyhow::Result<i64> {
    Ok(int(&query_with(
        conn,
        "SELECT count(*)::text AS j FROM reception.intakes \
         WHERE intake_id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid) AND downstream_id IS NULL",
        ids,
    )?))
}

fn routed(category: &str) -> Option<&'static str> {
    match category {
        "complaint" => Some("complaint"),
        "repair" | "paid_repair" | "paid_service" | "after_sales" | "emergency" => {
            Some("work_order")
        }
        _ => None,
    }
}

fn kind_of(category: &str) -> &'static str {
    match category {
        "paid_repair" => "paid_repair",
        "paid_service" => "special_service",
        "after_sales" => "after_sales",
        "emergency" => "emergency",
        _ => "repair",
    }
}

/// What the schedule did, in seconds into the run.
#[derive(Default, Clone)]
struct Faults {
    windows: Vec<(f64, f64)>,
    pg_restart: Option<(f64, f64)>,
    broker_cut: Option<(f64, f64)>,
    drain_after_broker: Option<f64>,
    kills: Vec<String>,
    log: Vec<String>,
}

fn read_pid(dir: &std::path::Path, name: &str) -> Option<u32> {
    std::fs::read_to_string(dir.join(format!("{name}.pid")))
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn signal(pid: u32, sig: &str) -> bool {
    std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .is_ok_and(|s| s.success())
}

enum Action {
    Kill(&'static str, usize),
    RestartPostgres,
    CutBroker(u64),
    KillBroker,
}

/// The schedule: each process's replicas killed at random times, PostgreSQL restarted, the
/// broker cut off, and the broker killed.
fn schedule(o: &Opts, rng: &mut Rng) -> Vec<(f64, Action)> {
    let d = o.secs as f64;
    let kills_each = if o.short { 1 } else { 3 };
    let mut plan = Vec::new();
    for p in PROCESSES {
        for _ in 0..kills_each {
            let r = 1 + rng.below(o.replicas as u64) as usize;
            plan.push((rng.between(0.08 * d, 0.9 * d), Action::Kill(p, r)));
        }
    }
    plan.push((0.25 * d, Action::RestartPostgres));
    let cut = if o.short { 15 } else { 60 };
    plan.push((0.45 * d, Action::CutBroker(cut)));
    plan.push((0.85 * d, Action::KillBroker));
    plan.sort_by(|a, b| a.0.total_cmp(&b.0));
    plan
}

async fn run_schedule(
    d: Arc<Driver>,
    o: Arc<Opts>,
    plan: Vec<(f64, Action)>,
    faults: Arc<Mutex<Faults>>,
) {
    let mut tasks = Vec::new();
    for (at, action) in plan {
        let (d, o, faults) = (d.clone(), o.clone(), faults.clone());
        tasks.push(tokio::spawn(async move {
            let wait = at - secs(d.started);
            if wait > 0.0 {
                tokio::time::sleep(Duration::from_secs_f64(wait)).await;
            }
            let now = secs(d.started);
            match action {
                Action::Kill(p, r) => {
                    let name = format!("{p}-{r}");
                    let done = read_pid(&o.pids, &name).is_some_and(|pid| signal(pid, "-KILL"));
                    let mut f = faults.lock().unwrap_or_else(PoisonError::into_inner);
                    f.windows.push((now, now + 5.0));
                    f.log.push(format!(
                        "{now:6.1}s  SIGKILL {name}{}",
                        if done { "" } else { " (not running)" }
                    ));
                    if done {
                        f.kills.push(name);
                    }
                }
                Action::RestartPostgres => {
                    let Some(cmd) = o.pg_restart.clone() else {
                        return;
                    };
                    let ok = tokio::task::spawn_blocking(move || {
                        std::process::Command::new("sh")
                            .args(["-c", &cmd])
                            .stdout(std::process::Stdio::null())
                            .status()
                            .is_ok_and(|s| s.success())
                    })
                    .await
                    .unwrap_or(false);
                    let back = secs(d.started);
                    let mut f = faults.lock().unwrap_or_else(PoisonError::into_inner);
                    f.windows.push((now, back + 5.0));
                    f.pg_restart = Some((now, back));
                    f.log.push(format!(
                        "{now:6.1}s  PostgreSQL restarted -m immediate; back at {back:.1}s{}",
                        if ok { "" } else { " (the restart command failed)" }
                    ));
                }
                Action::CutBroker(cut) => {
                    let Some(pid) = read_pid(&o.pids, "broker") else {
                        return;
                    };
                    signal(pid, "-STOP");
                    faults
                        .lock().unwrap_or_else(PoisonError::into_inner)
                        .log
                        .push(format!("{now:6.1}s  broker cut off (SIGSTOP) for {cut}s"));
                    // Intakes accepted while it is cut off, to see them through afterwards.
                    tokio::time::sleep(Duration::from_secs(cut)).await;
                    signal(pid, "-CONT");
                    let back = secs(d.started);
                    let during: Vec<String> = {
                        let b = d.book.lock().unwrap_or_else(PoisonError::into_inner);
                        b.intakes
                            .iter()
                            .filter(|i| i.sent_at >= now && routed(i.category).is_some())
                            .filter_map(|i| i.accepted.clone())
                            .collect()
                    };
                    {
                        let mut f = faults.lock().unwrap_or_else(PoisonError::into_inner);
                        f.windows.push((now, back + 10.0));
                        f.broker_cut = Some((now, back));
                        f.log.push(format!(
                            "{back:6.1}s  broker back (SIGCONT); {} intakes of the outage to see through",
                            during.len()
                        ));
                    }
                    let ids = json!(during);
                    let db = o.db.clone();
                    let limit = o.drain_limit();
                    let drained = tokio::task::spawn_blocking(move || -> Option<f64> {
                        let mut conn = PgConnection::establish(&db).ok()?;
                        let t = Instant::now();
                        while t.elapsed() < limit {
                            let pending = not_forwarded(&mut conn, &ids).unwrap_or(1);
                            if pending == 0 {
                                return Some(t.elapsed().as_secs_f64());
                            }
                            std::thread::sleep(Duration::from_millis(100));
                        }
                        None
                    })
                    .await
                    .ok()
                    .flatten();
                    let mut f = faults.lock().unwrap_or_else(PoisonError::into_inner);
                    f.drain_after_broker = drained;
                    f.log.push(match drained {
                        Some(s) => format!(
                            "{:6.1}s  every intake of the outage forwarded, {s:.1}s after the broker came back",
                            back + s
                        ),
                        None => format!(
                            "        the outage's intakes were not all forwarded in {}s",
                            o.drain_limit().as_secs()
                        ),
                    });
                }
                Action::KillBroker => {
                    let done = read_pid(&o.pids, "broker").is_some_and(|pid| {
                        signal(pid, "-CONT");
                        signal(pid, "-KILL")
                    });
                    let mut f = faults.lock().unwrap_or_else(PoisonError::into_inner);
                    f.windows.push((now, now + 10.0));
                    f.log.push(format!(
                        "{now:6.1}s  SIGKILL broker{}",
                        if done {
                            " (the run command starts it again)"
                        } else {
                            " (not running)"
                        }
                    ));
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let idx = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

fn latency(mut ms: Vec<f64>) -> String {
    ms.sort_by(|a, b| a.total_cmp(b));
    format!(
        "p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms ({} requests)",
        percentile(&ms, 50.0),
        percentile(&ms, 99.0),
        ms.last().copied().unwrap_or(f64::NAN),
        ms.len()
    )
}

/// What the checks found.
#[derive(Default)]
struct Verdict {
    lost: i64,
    duplicated: i64,
    orphaned: i64,
    failures: Vec<String>,
}

impl Verdict {
    fn lost(&mut self, n: i64, what: &str) {
        if n > 0 {
            self.lost += n;
            self.failures.push(format!("lost {n}: {what}"));
        }
    }
    fn duplicated(&mut self, n: i64, what: &str) {
        if n > 0 {
            self.duplicated += n;
            self.failures.push(format!("duplicated {n}: {what}"));
        }
    }
    fn orphaned(&mut self, n: i64, what: &str) {
        if n > 0 {
            self.orphaned += n;
            self.failures.push(format!("orphaned {n}: {what}"));
        }
    }
    fn wrong(&mut self, what: String) {
        self.failures.push(what);
    }
}

/// Wait until the outboxes are empty, every accepted intake is forwarded and every completed
/// paid order is charged (at most `limit`); returns the seconds it took.
fn drain(db: &str, forwarded: &Value, charged: &Value, limit: Duration) -> anyhow::Result<f64> {
    let mut conn = PgConnection::establish(db)?;
    let t = Instant::now();
    loop {
        let backlog = outbox_backlog(&mut conn)?;
        let pending = not_forwarded(&mut conn, forwarded)?;
        let uncharged = int(&query_with(
            &mut conn,
            "SELECT count(*)::text AS j FROM (SELECT jsonb_array_elements_text($1::jsonb) AS id) w \
             WHERE NOT EXISTS (SELECT 1 FROM billing.charges c WHERE c.source_id = w.id)",
            charged,
        )?);
        if (backlog == 0 && pending == 0 && uncharged == 0) || t.elapsed() > limit {
            if t.elapsed() > limit {
                println!(
                    "drain: gave up after {:.0}s: {backlog} events unpublished, {pending} intakes not forwarded, {uncharged} paid orders not charged",
                    limit.as_secs_f64()
                );
            }
            return Ok(t.elapsed().as_secs_f64());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// Every effect against what was sent.
fn check(db: &str, run: &str, book: &Book, estate: Uuid) -> anyhow::Result<Verdict> {
    let mut conn = PgConnection::establish(db)?;
    let mut v = Verdict::default();
    let like = format!("fault run {run}-%");

    // The ledger: one row per intake sent, whatever the retries.
    let ledger = query(
        &mut conn,
        &format!(
            "SELECT json_object_agg(request, n)::text AS j FROM (SELECT request, count(*) AS n FROM reception.intakes \
             WHERE request LIKE '{like}' GROUP BY request) r"
        ),
    )?;
    let rows = |marker: &str| int(&ledger[format!("fault run {marker}")]);
    let mut missing = 0;
    let mut twice = 0;
    let mut applied_though_refused = 0;
    for i in &book.intakes {
        let n = rows(&i.marker);
        if i.accepted.is_some() && n == 0 {
            missing += 1;
        }
        if n > 1 {
            twice += n - 1;
        }
        if i.accepted.is_none() && n > 0 {
            applied_though_refused += 1;
        }
    }
    v.lost(missing, "accepted intakes without their ledger row");
    v.duplicated(twice, "ledger rows beyond one per intake sent");
    if applied_though_refused > 0 {
        println!(
            "note: {applied_though_refused} intakes answered with an error (after every retry) are in the ledger once: they were taken, the answer was lost"
        );
    }

    // Each intake that goes on: exactly one item of the right kind, and the ledger says so.
    let accepted: Vec<(&str, &str)> = book
        .intakes
        .iter()
        .filter_map(|i| i.accepted.as_deref().map(|id| (id, i.category)))
        .collect();
    let ids: Vec<&str> = accepted.iter().map(|(id, _)| *id).collect();
    let items = query_with(
        &mut conn,
        "WITH ids AS (SELECT (jsonb_array_elements_text($1::jsonb))::uuid AS id) \
         SELECT json_build_object( \
           'complaints', (SELECT json_object_agg(intake_id, n) FROM (SELECT intake_id, count(*) AS n FROM complaints.complaints \
                          WHERE intake_id IN (SELECT id FROM ids) GROUP BY intake_id) c), \
           'orders', (SELECT json_object_agg(intake_id, json_build_object('n', n, 'kind', kind)) FROM (SELECT intake_id, count(*) AS n, min(kind) AS kind \
                      FROM repairs.work_orders WHERE intake_id IN (SELECT id FROM ids) GROUP BY intake_id) o), \
           'ledger', (SELECT json_object_agg(intake_id, downstream_kind) FROM reception.intakes \
                      WHERE intake_id IN (SELECT id FROM ids) AND downstream_id IS NOT NULL))::text AS j",
        &json!(ids),
    )?;
    let (mut no_item, mut extra, mut wrong_kind, mut not_followed, mut stray) = (0, 0, 0, 0, 0);
    for (id, category) in &accepted {
        let c = int(&items["complaints"][*id]);
        let o = int(&items["orders"][*id]["n"]);
        match routed(category) {
            Some("complaint") => {
                if c == 0 {
                    no_item += 1;
                }
                extra += (c - 1).max(0) + o;
            }
            Some(_) => {
                if o == 0 {
                    no_item += 1;
                } else if items["orders"][*id]["kind"].as_str() != Some(kind_of(category)) {
                    wrong_kind += 1;
                }
                extra += (o - 1).max(0) + c;
            }
            None => stray += c + o,
        }
        if let Some(route) = routed(category)
            && items["ledger"][*id].as_str() != Some(route)
        {
            not_followed += 1;
        }
    }
    v.lost(
        no_item,
        "accepted intakes without their complaint or work order",
    );
    v.lost(
        not_followed,
        "intakes whose ledger row does not show the item they became",
    );
    v.duplicated(extra, "items beyond one per intake");
    v.orphaned(stray, "items made from intakes that go nowhere");
    if wrong_kind > 0 {
        v.wrong(format!("{wrong_kind} work orders of the wrong kind"));
    }

    // Items whose intake the ledger does not have.
    let orphans = query(
        &mut conn,
        "SELECT ((SELECT count(*) FROM complaints.complaints c WHERE c.intake_id IS NOT NULL AND NOT EXISTS \
                  (SELECT 1 FROM reception.intakes i WHERE i.intake_id = c.intake_id)) + \
                 (SELECT count(*) FROM repairs.work_orders o WHERE o.intake_id IS NOT NULL AND NOT EXISTS \
                  (SELECT 1 FROM reception.intakes i WHERE i.intake_id = o.intake_id)))::text AS j",
    )?;
    v.orphaned(
        int(&orphans),
        "complaints or work orders whose intake is not in the ledger",
    );
    let charge_orphans = query(
        &mut conn,
        "SELECT count(*)::text AS j FROM billing.charges c WHERE c.source = 'work_order' AND NOT EXISTS \
         (SELECT 1 FROM repairs.work_orders o WHERE o.work_order_id::text = c.source_id)",
    )?;
    v.orphaned(
        int(&charge_orphans),
        "charges of work orders repairs does not have",
    );

    // Every completed paid order: exactly one charge, of its fee.
    let paid: Vec<&str> = book.paid_orders.iter().map(|(id, _)| id.as_str()).collect();
    let charges = query_with(
        &mut conn,
        "SELECT json_object_agg(source_id, json_build_object('n', n, 'fen', fen))::text AS j FROM \
         (SELECT source_id, count(*) AS n, sum(amount_fen) AS fen FROM billing.charges \
          WHERE source_id IN (SELECT jsonb_array_elements_text($1::jsonb)) GROUP BY source_id) c",
        &json!(paid),
    )?;
    let (mut uncharged, mut twice_charged, mut wrong_fee) = (0, 0, 0);
    for (id, fee) in &book.paid_orders {
        let n = int(&charges[id]["n"]);
        if n == 0 {
            uncharged += 1;
        }
        twice_charged += (n - 1).max(0);
        if n == 1 && int(&charges[id]["fen"]) != *fee {
            wrong_fee += 1;
        }
    }
    v.lost(uncharged, "completed paid orders without their charge");
    v.duplicated(twice_charged, "charges beyond one per completed paid order");
    if wrong_fee > 0 {
        v.wrong(format!("{wrong_fee} charges not of the order's fee"));
    }

    // Every payment: exactly one row, with its receipt number.
    let keys: Vec<&str> = book.payments.iter().map(|(k, _, _)| k.as_str()).collect();
    let pays = query_with(
        &mut conn,
        "SELECT json_object_agg(idempotency_key, json_build_object('n', n, 'receipt', receipt))::text AS j FROM \
         (SELECT idempotency_key, count(*) AS n, min(receipt_no) AS receipt FROM billing.payments \
          WHERE idempotency_key IN (SELECT jsonb_array_elements_text($1::jsonb)) GROUP BY idempotency_key) p",
        &json!(keys),
    )?;
    let (mut unpaid, mut twice_paid, mut other_receipt) = (0, 0, 0);
    for (key, accepted, _) in &book.payments {
        let n = int(&pays[key]["n"]);
        if let Some((_, receipt)) = accepted {
            if n == 0 {
                unpaid += 1;
            } else if pays[key]["receipt"].as_str() != Some(receipt) {
                other_receipt += 1;
            }
        }
        twice_paid += (n - 1).max(0);
    }
    v.lost(unpaid, "accepted payments not in the books");
    v.duplicated(twice_paid, "payments beyond one per payment sent");
    if other_receipt > 0 {
        v.wrong(format!(
            "{other_receipt} payments whose receipt number is not the one the cashier was given"
        ));
    }
    // Receipt numbers gap-free per estate and year, as far as the counter went.
    let gaps = query(
        &mut conn,
        "SELECT coalesce(json_agg(json_build_object('estate', estate_id, 'year', year, 'n', n, 'distinct', d, 'max', mx, 'counter', last_no)), '[]')::text AS j FROM ( \
           SELECT p.estate_id, p.year, count(*) AS n, count(DISTINCT p.no) AS d, max(p.no) AS mx, max(rc.last_no) AS last_no \
           FROM (SELECT estate_id, group_id, (regexp_match(receipt_no, '-(\\d{4})-(\\d+)$'))[1]::int AS year, \
                        (regexp_match(receipt_no, '-(\\d+)$'))[1]::int AS no FROM billing.payments) p \
           LEFT JOIN billing.receipt_counters rc ON rc.group_id = p.group_id AND rc.estate_id = p.estate_id AND rc.year = p.year \
           GROUP BY p.estate_id, p.year) r WHERE n <> d OR d <> mx OR mx <> coalesce(last_no, mx)",
    )?;
    if let Some(g) = gaps.as_array()
        && !g.is_empty()
    {
        v.wrong(format!("receipt numbers with gaps or twice: {gaps}"));
    }

    // The monthly read models against a recount of the tables.
    let complaints = query(
        &mut conn,
        &format!(
            "SELECT coalesce(json_agg(x), '[]')::text AS j FROM ( \
             SELECT coalesce(s.month, r.month) AS month, coalesce(s.complaint_type, r.complaint_type) AS type, \
                    coalesce(s.severity, r.severity) AS severity, s.received AS kept, r.received AS recount, \
                    s.replied AS kept_replied, r.replied AS recount_replied, s.valid AS kept_valid, r.valid AS recount_valid \
             FROM (SELECT month, complaint_type, severity, received, replied, valid FROM complaints.stats WHERE estate_id = '{estate}') s \
             FULL JOIN (SELECT month, complaint_type, severity, count(*) AS received, count(replied_at) AS replied, \
                        count(*) FILTER (WHERE validity = 'valid') AS valid \
                        FROM complaints.complaints WHERE estate_id = '{estate}' GROUP BY 1, 2, 3) r \
               ON r.month = s.month AND r.complaint_type = s.complaint_type AND r.severity = s.severity \
             WHERE coalesce(s.received, 0) <> coalesce(r.received, 0) OR coalesce(s.replied, 0) <> coalesce(r.replied, 0) \
                OR coalesce(s.valid, 0) <> coalesce(r.valid, 0)) x"
        ),
    )?;
    if complaints.as_array().is_some_and(|a| !a.is_empty()) {
        v.wrong(format!(
            "complaints' monthly figures differ from a recount: {complaints}"
        ));
    }
    let repairs = query(
        &mut conn,
        &format!(
            "SELECT coalesce(json_agg(x), '[]')::text AS j FROM ( \
             SELECT coalesce(s.month, r.month) AS month, s.opened AS kept_opened, r.opened AS recount_opened, \
                    s.completed AS kept_completed, r.completed AS recount_completed \
             FROM (SELECT month, opened, completed FROM repairs.estate_month_stats WHERE estate_id = '{estate}' AND dim = 'estate') s \
             FULL JOIN (SELECT date_trunc('month', created_at AT TIME ZONE 'Asia/Shanghai')::date AS month, count(*) AS opened, \
                        count(completed_at) AS completed FROM repairs.work_orders WHERE estate_id = '{estate}' GROUP BY 1) r \
               ON r.month = s.month \
             WHERE coalesce(s.opened, 0) <> coalesce(r.opened, 0) OR coalesce(s.completed, 0) <> coalesce(r.completed, 0)) x"
        ),
    )?;
    if repairs.as_array().is_some_and(|a| !a.is_empty()) {
        v.wrong(format!(
            "repairs' monthly figures differ from a recount: {repairs}"
        ));
    }
    let billing = query(
        &mut conn,
        &format!(
            "SELECT coalesce(json_agg(x), '[]')::text AS j FROM ( \
             SELECT coalesce(s.period, r.period) AS period, s.charges AS kept, r.charges AS recount, \
                    s.charged_fen AS kept_fen, r.charged_fen AS recount_fen, s.collected_fen AS kept_paid, r.collected_fen AS recount_paid \
             FROM (SELECT period, charges, charged_fen, collected_fen FROM billing.period_stats WHERE estate_id = '{estate}') s \
             FULL JOIN (SELECT period, count(*) AS charges, sum(amount_fen) AS charged_fen, sum(paid_fen) AS collected_fen \
                        FROM billing.charges WHERE estate_id = '{estate}' GROUP BY 1) r ON r.period = s.period \
             WHERE coalesce(s.charges, 0) <> coalesce(r.charges, 0) OR coalesce(s.charged_fen, 0) <> coalesce(r.charged_fen, 0) \
                OR coalesce(s.collected_fen, 0) <> coalesce(r.collected_fen, 0)) x"
        ),
    )?;
    if billing.as_array().is_some_and(|a| !a.is_empty()) {
        v.wrong(format!(
            "billing's monthly figures differ from a recount: {billing}"
        ));
    }

    // No event parked without a reason.
    let parts: Vec<String> = SCHEMAS
        .iter()
        .map(|s| {
            format!(
                "SELECT '{s}' AS service, count(*) FILTER (WHERE outcome = 'rejected') AS parked, \
                 count(*) FILTER (WHERE outcome = 'rejected' AND coalesce(trim(reason), '') = '') AS silent FROM {s}.inbox"
            )
        })
        .collect();
    let parked = query(
        &mut conn,
        &format!(
            "SELECT json_agg(x)::text AS j FROM ({}) x",
            parts.join(" UNION ALL ")
        ),
    )?;
    let mut parked_total = 0;
    for p in parked.as_array().into_iter().flatten() {
        parked_total += int(&p["parked"]);
        if int(&p["silent"]) > 0 {
            v.wrong(format!(
                "{} events parked by {} without a reason",
                p["silent"], p["service"]
            ));
        }
    }
    println!("events parked (rejected, each with its reason): {parked_total}");
    Ok(v)
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Every running process of the platform, by its pid file's name.
fn processes(dir: &std::path::Path) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if let Some(n) = name.strip_suffix(".pid")
                && let Some(pid) = read_pid(dir, n)
            {
                out.push((n.to_string(), pid));
            }
        }
    }
    out.sort();
    out
}

/// The summed `events_consumer_lag` a service replica exports.
async fn consumer_lag(client: &reqwest::Client, port: u16) -> Option<f64> {
    let text = client
        .get(format!("http://127.0.0.1:{port}/metrics"))
        .send()
        .await
        .ok()?
        .text()
        .await
        .ok()?;
    let mut sum = None;
    for line in text.lines() {
        if line.starts_with("events_consumer_lag") {
            let v: f64 = line.rsplit(' ').next()?.parse().ok()?;
            *sum.get_or_insert(0.0) += v;
        }
    }
    sum
}

fn port_of(o: &Opts, process: &str, replica: usize) -> u16 {
    let offset = match process {
        "reception" => 1,
        "complaints" => 2,
        "repairs" => 3,
        "billing" => 4,
        "documents" => 5,
        _ => 0,
    };
    o.base_port + offset + 10 * (replica as u16 - 1)
}

struct Sample {
    at: f64,
    rss: BTreeMap<String, u64>,
    backlog: i64,
    lag: f64,
    five_xx: usize,
}

async fn sampler(d: Arc<Driver>, o: Arc<Opts>, stop: Arc<AtomicBool>) -> Vec<Sample> {
    let mut out = Vec::new();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap_or_default();
    let mut conn = PgConnection::establish(&o.db).ok();
    loop {
        let at = secs(d.started);
        let rss = processes(&o.pids)
            .into_iter()
            .filter_map(|(n, pid)| Some((n, rss_kib(pid)?)))
            .collect();
        let backlog = conn
            .as_mut()
            .and_then(|c| outbox_backlog(c).ok())
            .unwrap_or(-1);
        let mut lag = 0.0;
        for p in &PROCESSES[1..] {
            for r in 1..=o.replicas {
                lag += consumer_lag(&client, port_of(&o, p, r))
                    .await
                    .unwrap_or(0.0);
            }
        }
        let five_xx = d
            .book
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .attempts
            .iter()
            .filter(|a| a.status >= 500 || a.status == 0)
            .count();
        out.push(Sample {
            at,
            rss,
            backlog,
            lag,
            five_xx,
        });
        let next = Instant::now() + Duration::from_secs(o.sample_secs);
        while Instant::now() < next {
            if stop.load(Ordering::Relaxed) {
                return out;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    format!(
        "{} cores, {cpu}",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    )
}

fn summary_of_attempts(book: &Book) -> (usize, usize, BTreeMap<String, usize>) {
    let sent = book.attempts.len();
    let ok = book
        .attempts
        .iter()
        .filter(|a| (200..300).contains(&a.status))
        .count();
    let mut refused: BTreeMap<String, usize> = BTreeMap::new();
    for a in &book.attempts {
        if !(200..300).contains(&a.status) {
            let code = if a.status == 0 {
                "no answer".to_string()
            } else {
                format!("{} {}", a.status, a.code).trim().to_string()
            };
            *refused.entry(code).or_default() += 1;
        }
    }
    (sent, ok, refused)
}

/// Every ten seconds: intakes sent and accepted, and refusals, so far.
async fn progress(d: Arc<Driver>) {
    loop {
        tokio::time::sleep(Duration::from_secs(10)).await;
        let (sent, accepted, failed) = {
            let b = d.book.lock().unwrap_or_else(PoisonError::into_inner);
            let failed = b
                .attempts
                .iter()
                .filter(|a| !(200..300).contains(&a.status))
                .count();
            let accepted = b.intakes.iter().filter(|i| i.accepted.is_some()).count();
            (b.intakes.len(), accepted, failed)
        };
        println!(
            "{:6.0}s  intakes answered {sent}, accepted {accepted}; requests refused or unanswered so far {failed}",
            secs(d.started)
        );
    }
}

pub async fn main(o: Opts) -> anyhow::Result<()> {
    let o = Arc::new(o);
    println!("machine: {}", machine());
    let d = prepare(&o).await?;
    println!(
        "run {}: {} intakes/s for {}s through {} gateway(s), {} replicas of each process{}",
        d.run,
        o.rate,
        o.secs,
        o.gateways.len(),
        o.replicas,
        if o.soak {
            " (soak: no faults)".to_string()
        } else {
            format!(" (seed {})", o.seed)
        }
    );
    let faults = Arc::new(Mutex::new(Faults::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let sampling = o
        .soak
        .then(|| tokio::spawn(sampler(d.clone(), o.clone(), stop.clone())));
    let schedule_task = (!o.soak).then(|| {
        let mut rng = Rng(o.seed);
        let plan = schedule(&o, &mut rng);
        tokio::spawn(run_schedule(d.clone(), o.clone(), plan, faults.clone()))
    });
    let progress = tokio::spawn(progress(d.clone()));
    let sent = drive(d.clone(), o.rate, o.secs).await;
    progress.abort();
    let load_secs = secs(d.started);
    if let Some(t) = schedule_task {
        let _ = t.await;
    }
    // The flows still under way finish.
    let until = Instant::now() + o.drain_limit();
    while (d.flows.available_permits() < FLOWS || d.complaint_flows.available_permits() < FLOWS)
        && Instant::now() < until
    {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let samples = match sampling {
        Some(t) => t.await.unwrap_or_default(),
        None => Vec::new(),
    };

    let book = std::mem::take(&mut *d.book.lock().unwrap_or_else(PoisonError::into_inner));
    let forwarded: Vec<&str> = book
        .intakes
        .iter()
        .filter(|i| routed(i.category).is_some())
        .filter_map(|i| i.accepted.as_deref())
        .collect();
    let charged: Vec<&str> = book.paid_orders.iter().map(|(id, _)| id.as_str()).collect();
    let drained = drain(&o.db, &json!(forwarded), &json!(charged), o.drain_limit())?;

    let f = faults
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    for line in &f.log {
        println!("{line}");
    }
    let accepted = book.intakes.iter().filter(|i| i.accepted.is_some()).count();
    let (attempts, ok, refused) = summary_of_attempts(&book);
    println!(
        "intakes: {sent} sent in {load_secs:.0}s ({:.1}/s asked, {:.1}/s accepted), {accepted} accepted, {} given up after retries",
        sent as f64 / load_secs,
        accepted as f64 / load_secs,
        sent - accepted
    );
    let mut given_up: BTreeMap<u16, usize> = BTreeMap::new();
    for i in book.intakes.iter().filter(|i| i.accepted.is_none()) {
        *given_up.entry(i.last_status).or_default() += 1;
    }
    if !given_up.is_empty() {
        println!("intakes given up, by the last answer (0: none): {given_up:?}");
    }
    println!(
        "payments: {} sent, {} accepted; work orders completed: {} ({} with a fee); complaints taken to closure: {}; flows not started (work not found in 90 s or technician full): {}",
        book.payments.len(),
        book.payments.iter().filter(|p| p.1.is_some()).count(),
        book.completed_orders,
        book.paid_orders.len(),
        book.complaints_closed,
        book.flows_skipped
    );
    if !book.steps_refused.is_empty() {
        println!("steps refused: {:?}", book.steps_refused);
    }
    println!("requests sent: {attempts}, answered 2xx: {ok}, refused by code: {refused:?}");
    let in_fault = |at: f64| f.windows.iter().any(|(a, b)| at >= *a && at <= *b);
    let (during, outside): (Vec<&Attempt>, Vec<&Attempt>) =
        book.attempts.iter().partition(|a| in_fault(a.at));
    let ok_ms = |v: &[&Attempt]| -> Vec<f64> {
        v.iter()
            .filter(|a| a.intake && (200..300).contains(&a.status))
            .map(|a| a.ms)
            .collect()
    };
    println!(
        "intake latency outside faults: {}",
        latency(ok_ms(&outside))
    );
    if !o.soak {
        println!("intake latency during faults:  {}", latency(ok_ms(&during)));
    }
    if let Some((began, back)) = f.pg_restart {
        let done = |a: &Attempt| a.at + a.ms / 1000.0;
        let first = book
            .attempts
            .iter()
            .filter(|a| a.intake && (200..300).contains(&a.status) && done(a) >= back)
            .map(done)
            .fold(f64::INFINITY, f64::min);
        let failed: Vec<f64> = book
            .attempts
            .iter()
            .filter(|a| a.intake && !(200..300).contains(&a.status) && done(a) >= began)
            .filter(|a| done(a) <= back + 60.0)
            .map(done)
            .collect();
        let last_failed = failed.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        println!(
            "PostgreSQL restart: began at {began:.1}s, pg_ctl returned at {back:.1}s ({:.1}s); first intake accepted after that {:.2}s after it; {} intake attempts refused or unanswered from the restart on{}",
            back - began,
            first - back,
            failed.len(),
            if failed.is_empty() {
                String::new()
            } else {
                format!(
                    ", the last {:.2}s after pg_ctl returned",
                    last_failed - back
                )
            }
        );
    }
    match (f.broker_cut, f.drain_after_broker) {
        (Some((a, b)), Some(s)) => println!(
            "broker cut off {:.0}s: the outage's intakes were all forwarded {s:.1}s after it came back",
            b - a
        ),
        (Some((a, b)), None) => println!(
            "broker cut off {:.0}s: the outage's intakes were NOT all forwarded within {}s",
            b - a,
            o.drain_limit().as_secs()
        ),
        _ => {}
    }
    println!("backlog drained {drained:.1}s after the load stopped");

    let verdict = check(&o.db, &d.run, &book, d.estate)?;
    println!(
        "lost: {}  duplicated: {}  orphaned: {}",
        verdict.lost, verdict.duplicated, verdict.orphaned
    );
    for line in &verdict.failures {
        println!("  {line}");
    }

    let mut ok_run = verdict.failures.is_empty();
    if o.soak {
        ok_run &= soak_report(&o, &samples);
    }
    println!(
        "{}",
        json!({
            "mode": if o.soak { "soak" } else { "faults" },
            "rate_asked": o.rate, "secs": o.secs, "intakes_sent": sent, "intakes_accepted": accepted,
            "accepted_per_sec": accepted as f64 / load_secs,
            "requests": attempts, "answered_2xx": ok, "refused": refused,
            "lost": verdict.lost, "duplicated": verdict.duplicated, "orphaned": verdict.orphaned,
            "kills": f.kills.len(),
            "drain_after_broker_secs": f.drain_after_broker, "drained_after_load_secs": drained,
            "ok": ok_run,
        })
    );
    if !ok_run {
        println!("FAILED: the run found what should not be (see above)");
        std::process::exit(1);
    }
    Ok(())
}

/// The soak's table and verdict: zero 5xx, memory flat after the warm-up, lag bounded.
fn soak_report(o: &Opts, samples: &[Sample]) -> bool {
    let names: Vec<String> = {
        let mut all: Vec<String> = samples.iter().flat_map(|s| s.rss.keys().cloned()).collect();
        all.sort();
        all.dedup();
        all
    };
    let mut header = format!("{:>6} {:>8} {:>8} {:>6}", "t(s)", "backlog", "lag", "5xx");
    for n in &names {
        header.push_str(&format!(" {:>12}", n));
    }
    println!("resident memory (MiB), outbox backlog, consumer lag, 5xx so far:");
    println!("{header}");
    for s in samples {
        let mut line = format!(
            "{:>6.0} {:>8} {:>8.0} {:>6}",
            s.at, s.backlog, s.lag, s.five_xx
        );
        for n in &names {
            match s.rss.get(n) {
                Some(k) => line.push_str(&format!(" {:>12.1}", *k as f64 / 1024.0)),
                None => line.push_str(&format!(" {:>12}", "-")),
            }
        }
        println!("{line}");
    }
    let five_xx = samples.last().map_or(0, |s| s.five_xx);
    let after: Vec<&Sample> = samples
        .iter()
        .filter(|s| s.at >= o.warmup_secs as f64)
        .collect();
    let mut growth: HashMap<String, f64> = HashMap::new();
    if let (Some(first), Some(last)) = (after.first(), after.last()) {
        for n in &names {
            if let (Some(a), Some(b)) = (first.rss.get(n), last.rss.get(n)) {
                growth.insert(n.clone(), (*b as f64 - *a as f64) / *a as f64 * 100.0);
            }
        }
    }
    let worst = growth
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(n, g)| (n.clone(), *g));
    let max_lag = samples.iter().map(|s| s.lag).fold(0.0, f64::max);
    let max_backlog = samples.iter().map(|s| s.backlog).max().unwrap_or(0);
    let lag_bounded = max_lag < 10_000.0 && max_backlog < 10_000;
    let flat = worst.as_ref().is_none_or(|(_, g)| *g < 10.0);
    println!(
        "verdict: 5xx {five_xx} ({}); memory growth after {}s warm-up: worst {} ({}); consumer lag at most {max_lag:.0}, outbox backlog at most {max_backlog} ({})",
        if five_xx == 0 { "ok" } else { "NOT ok" },
        o.warmup_secs,
        worst
            .as_ref()
            .map_or("n/a".to_string(), |(n, g)| format!("{n} {g:+.1}%")),
        if flat { "ok, under 10 %" } else { "NOT ok" },
        if lag_bounded {
            "bounded"
        } else {
            "NOT bounded"
        }
    );
    five_xx == 0 && flat && lag_bounded
}
