//! What an operator does to a running platform, and what must survive it: a consumer killed
//! with SIGKILL and started again resumes by itself; the broker killed between publish and
//! consume loses nothing; the database's connections dropped under the gateway (a restart, a
//! failover) answer 503 while it is away and sign-in works again as soon as it is back.

use desk_e2e::cut::Cut;
use desk_e2e::{Platform, eventually, free_port, log_phone_complaint};
use desk_platform::Secret;
use desk_platform::settings::DatabaseSettings;
use desk_testkit::http_settings;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A process killed when the test ends, however it ends.
struct Process(Child);

impl Process {
    /// SIGKILL: no chance to leave the group, commit or say goodbye.
    fn kill_hard(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill_hard();
    }
}

/// The service binaries are built beside the test binary (target/<profile>/).
fn service_binary(name: &str) -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .ok_or_else(|| anyhow::anyhow!("no target directory"))?;
    let bin = dir.join(name);
    anyhow::ensure!(bin.exists(), "{} is not built", bin.display());
    Ok(bin)
}

/// Where a service process of the test writes its log: `DESK_TEST_LOGS/<name>.log` when set.
fn service_log(name: &str) -> anyhow::Result<Stdio> {
    match std::env::var("DESK_TEST_LOGS") {
        Ok(dir) => {
            let name = if name.is_empty() { "complaints" } else { name };
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(format!("{dir}/{name}.log"))?;
            Ok(Stdio::from(file))
        }
        Err(_) => Ok(Stdio::null()),
    }
}

/// How a complaints replica joins its consumer groups.
#[derive(Clone, Copy)]
struct Member {
    /// The stable instance id a pod's name gives it in Kubernetes; empty: a dynamic member.
    instance: &'static str,
    /// How long after its restart every event must have been applied.
    within_secs: u64,
    /// How long its watchdog lets it hold lag without progress before it re-joins.
    stall_secs: &'static str,
}

/// As the chart and the run command start it: a stable instance id, the default stall period.
const STATIC: Member = Member {
    instance: "complaints-0",
    within_secs: 30,
    stall_secs: "15",
};

/// Complaints as its own process, on the platform's database and topics.
fn complaints_process(p: &Platform, member: Member) -> anyhow::Result<Process> {
    complaints_process_on(p, member, "127.0.0.1:0", &[])
}

fn complaints_process_on(
    p: &Platform,
    member: Member,
    bind: &str,
    extra: &[(&str, &str)],
) -> anyhow::Result<Process> {
    let child = Command::new(service_binary("complaints")?)
        .env("COMPLAINTS__DATABASE__URL", p.db.url_for("desk_complaints"))
        .env("COMPLAINTS__KAFKA__BROKERS", &p.brokers)
        .env("COMPLAINTS__KAFKA__TOPIC_PREFIX", &p.prefix)
        .env("COMPLAINTS__KAFKA__PARTITIONS", "3")
        .env("COMPLAINTS__KAFKA__INSTANCE_ID", member.instance)
        .env("COMPLAINTS__KAFKA__STALL_SECS", member.stall_secs)
        .env("COMPLAINTS__AUTH__PUBLIC_KEY", &p.keys.public)
        .env("COMPLAINTS__HTTP__BIND", bind)
        .envs(extra.iter().copied())
        .env("LOG_FORMAT", "text")
        .env_remove("OTEL_EXPORTER_OTLP_ENDPOINT")
        .stdout(service_log(member.instance)?)
        .stderr(service_log(member.instance)?)
        .spawn()?;
    Ok(Process(child))
}

/// Take the in-process complaints service out of the platform (it leaves its group cleanly).
async fn stop_in_process(p: &mut Platform, name: &str) {
    if let Some(i) = p.services.iter().position(|(n, _)| *n == name) {
        let (_, running) = p.services.remove(i);
        running.stop().await;
    }
}

async fn log_complaint(p: &Platform, desk: &str, n: usize) -> anyhow::Result<String> {
    log_phone_complaint(p, desk, "4-1-502", &format!("楼道灯不亮，第 {n} 次来电")).await
}

/// How many of `intakes` have a complaint, and how many complaints they have in all.
fn complaints_of(p: &Platform, intakes: &[String]) -> anyhow::Result<(i64, i64)> {
    let list = intakes
        .iter()
        .map(|i| format!("'{i}'"))
        .collect::<Vec<_>>()
        .join(",");
    let distinct = p.db.count(&format!(
        "SELECT count(DISTINCT intake_id) AS n FROM complaints.complaints WHERE intake_id IN ({list})"
    ))?;
    let all = p.db.count(&format!(
        "SELECT count(*) AS n FROM complaints.complaints WHERE intake_id IN ({list})"
    ))?;
    Ok((distinct, all))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_static_member_killed_mid_stream_resumes_by_itself_and_applies_every_event_once()
-> anyhow::Result<()> {
    kill_and_restart(STATIC).await
}

/// Without an instance id the coordinator may hand the restarted member nothing; its watchdog
/// sees lag that nobody moves and re-joins (a fallback: slower than a static member, as it first
/// waits out the stall period).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_dynamic_member_killed_mid_stream_is_brought_back_by_its_watchdog() -> anyhow::Result<()>
{
    kill_and_restart(Member {
        instance: "",
        within_secs: 60,
        stall_secs: "8",
    })
    .await
}

async fn kill_and_restart(member: Member) -> anyhow::Result<()> {
    let mut p = Platform::start().await?;
    stop_in_process(&mut p, "complaints").await;
    let desk = p.login("sun.desk").await?;
    let mut complaints = complaints_process(&p, member)?;
    let mut intakes = Vec::new();
    for n in 0..10 {
        intakes.push(log_complaint(&p, &desk, n).await?);
    }
    // It is consuming: the first complaints arrive.
    eventually(Duration::from_secs(30), || async {
        Ok((complaints_of(&p, &intakes)?.0 > 0).then_some(()))
    })
    .await?;
    // Killed mid-stream, while the desk keeps logging.
    complaints.kill_hard();
    for n in 10..30 {
        intakes.push(log_complaint(&p, &desk, n).await?);
    }
    // Started again with the same command and settings; nobody else joins its group.
    let restarted = Instant::now();
    let _complaints = complaints_process(&p, member)?;
    for n in 30..40 {
        intakes.push(log_complaint(&p, &desk, n).await?);
    }
    let want = intakes.len() as i64;
    let applied = eventually(Duration::from_secs(member.within_secs), || async {
        let (distinct, all) = complaints_of(&p, &intakes)?;
        Ok((distinct == want).then_some(all))
    })
    .await
    .map_err(|e| {
        let seen = complaints_of(&p, &intakes).map(|c| c.0).unwrap_or(-1);
        anyhow::anyhow!("{e}: {seen} of {want} intakes have a complaint")
    })?;
    assert_eq!(applied, want, "every intake has exactly one complaint");
    assert!(restarted.elapsed() < Duration::from_secs(member.within_secs));
    p.stop().await;
    Ok(())
}

/// A broker of the test's own keeping its data in a PostgreSQL database of its own.
struct DurableBroker {
    process: Option<Process>,
    port: u16,
    storage: String,
}

impl DurableBroker {
    fn create() -> anyhow::Result<Self> {
        use diesel::{Connection, PgConnection, RunQueryDsl, connection::SimpleConnection};
        let name = format!("broker_{}", uuid::Uuid::new_v4().simple());
        let address = desk_testkit::pg_address();
        let mut admin =
            PgConnection::establish(&format!("postgres://postgres@{address}/postgres"))?;
        diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin)?;
        let mut conn = PgConnection::establish(&format!("postgres://postgres@{address}/{name}"))?;
        conn.batch_execute(include_str!("../../../scripts/db/broker-schema.sql"))?;
        let mut broker = Self {
            process: None,
            port: free_port()?,
            storage: format!("postgres://postgres@{address}/{name}"),
        };
        broker.start()?;
        Ok(broker)
    }

    fn start(&mut self) -> anyhow::Result<()> {
        let bin = std::env::var("DESK_TANSU_BIN").unwrap_or_else(|_| "tansu".to_string());
        let url = format!("tcp://127.0.0.1:{}", self.port);
        let child = Command::new(bin)
            .args([
                "broker",
                "--listener-url",
                &url,
                "--advertised-listener-url",
                &url,
                "--storage-engine",
                &self.storage,
            ])
            .env_remove("OTEL_EXPORTER_OTLP_ENDPOINT")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        self.process = Some(Process(child));
        Ok(())
    }

    fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    async fn wait_listening(&self) -> anyhow::Result<()> {
        let target: SocketAddr = self.address().parse()?;
        eventually(Duration::from_secs(20), || async {
            Ok(tokio::net::TcpStream::connect(target)
                .await
                .ok()
                .map(|_| ()))
        })
        .await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn events_published_before_the_broker_is_killed_are_delivered_after_it_restarts()
-> anyhow::Result<()> {
    // The broker comes first; the platform is pointed at it.
    let mut broker = DurableBroker::create()?;
    broker.wait_listening().await?;
    let mut p = Platform::start_with_brokers(&broker.address()).await?;
    // Nobody consumes intakes into complaints while the broker holds them.
    stop_in_process(&mut p, "complaints").await;
    let desk = p.login("sun.desk").await?;
    let mut intakes = Vec::new();
    for n in 0..25 {
        intakes.push(log_complaint(&p, &desk, n).await?);
    }
    // Every event has left reception's outbox: the broker has them, nobody has read them.
    eventually(Duration::from_secs(30), || async {
        let waiting =
            p.db.count("SELECT count(*) AS n FROM reception.outbox WHERE published_at IS NULL")?;
        Ok((waiting == 0).then_some(()))
    })
    .await?;
    assert_eq!(complaints_of(&p, &intakes)?.0, 0);
    // SIGKILL, then the same broker again on the same storage.
    if let Some(mut b) = broker.process.take() {
        b.kill_hard();
    }
    broker.start()?;
    broker.wait_listening().await?;
    // Complaints starts and finds every event.
    let _complaints = complaints_process(&p, STATIC)?;
    let want = intakes.len() as i64;
    eventually(Duration::from_secs(60), || async {
        let (distinct, all) = complaints_of(&p, &intakes)?;
        Ok((distinct == want && all == want).then_some(()))
    })
    .await
    .map_err(|e| {
        let seen = complaints_of(&p, &intakes).map(|c| c.0).unwrap_or(-1);
        anyhow::anyhow!("{e}: {seen} of {want} intakes reached complaints")
    })?;
    p.stop().await;
    Ok(())
}

async fn sign_in(http: &reqwest::Client, gateway: SocketAddr) -> anyhow::Result<(u16, Value)> {
    let res = http
        .post(format!("http://{gateway}/api/v1/auth/login"))
        .json(&json!({"username": "sun.desk", "password": desk_gateway::demo::PASSWORD}))
        .send()
        .await?;
    let status = res.status().as_u16();
    Ok((status, res.json().await.unwrap_or(Value::Null)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_gateway_answers_503_while_the_database_is_away_and_signs_in_at_once_when_it_is_back()
-> anyhow::Result<()> {
    let p = Platform::start().await?;
    // A gateway of its own whose database connections pass through a cut.
    let pg: SocketAddr = desk_testkit::pg_address().parse()?;
    let cut = Cut::new(format!("127.0.0.1:{}", free_port()?).parse()?, pg).await?;
    let url =
        p.db.url_for("desk_gateway")
            .replace(&desk_testkit::pg_address(), &cut.listen.to_string());
    let upstream = |name: &str| format!("http://{}", p.service(name).expect("service"));
    let gateway = desk_gateway::start(desk_gateway::Settings {
        http: http_settings(),
        database: DatabaseSettings {
            url: Secret::new(url),
            pool_size: 4,
            connect_timeout_secs: 1,
        },
        auth: desk_gateway::settings::GatewayAuth {
            signing_key: Secret::new(p.keys.secret.clone()),
            token_ttl_secs: 3600,
        },
        upstreams: desk_gateway::settings::Upstreams {
            reception: upstream("reception"),
            complaints: upstream("complaints"),
            repairs: upstream("repairs"),
            billing: upstream("billing"),
            documents: upstream("documents"),
            timeout_secs: 10,
        },
        web: desk_gateway::settings::Web { dir: String::new() },
    })
    .await?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;
    // Warm: every pooled connection has been used.
    for _ in 0..8 {
        let (status, body) = sign_in(&http, gateway.addr).await?;
        assert_eq!(status, 200, "{body}");
    }
    // The database goes away: every connection the pool holds is dead.
    cut.sever().await;
    for _ in 0..3 {
        let (status, body) = sign_in(&http, gateway.addr).await?;
        assert_eq!(
            status, 503,
            "a database outage is not an internal error: {body}"
        );
        assert_eq!(body["code"], "temporarily_unavailable", "{body}");
    }
    // Back: the first sign-ins work, on fresh connections, within seconds.
    cut.restore().await?;
    let back = Instant::now();
    let first = eventually(Duration::from_secs(5), || async {
        let (status, _) = sign_in(&http, gateway.addr).await?;
        Ok((status == 200).then_some(back.elapsed()))
    })
    .await?;
    for _ in 0..8 {
        let (status, body) = sign_in(&http, gateway.addr).await?;
        assert_eq!(status, 200, "every pooled connection was replaced: {body}");
    }
    assert!(
        first < Duration::from_secs(5),
        "first success after {first:?}"
    );
    gateway.stop().await;
    p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_starting_at_once_on_an_empty_schema_both_migrate_it() -> anyhow::Result<()> {
    let db = desk_testkit::TestDb::create()?;
    let settings = DatabaseSettings {
        url: Secret::new(db.url_for("desk_repairs")),
        pool_size: 1,
        connect_timeout_secs: 3,
    };
    let replicas: Vec<_> = (0..2)
        .map(|_| {
            let pool = desk_platform::db::pool(&settings);
            std::thread::spawn(move || desk_platform::db::migrate(&pool, desk_repairs::MIGRATIONS))
        })
        .collect();
    let mut applied = Vec::new();
    for r in replicas {
        let n = r
            .join()
            .map_err(|_| anyhow::anyhow!("a replica panicked"))??;
        applied.push(n);
    }
    applied.sort();
    let total = db.count("SELECT count(*) AS n FROM repairs.__diesel_schema_migrations")?;
    assert_eq!(
        applied,
        vec![0, total as usize],
        "one migrates, the other finds it done"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_turns_readiness_off_first_then_the_service_drains_and_exits() -> anyhow::Result<()>
{
    let mut p = Platform::start().await?;
    stop_in_process(&mut p, "complaints").await;
    let port = free_port()?;
    let bind = format!("127.0.0.1:{port}");
    let mut complaints =
        complaints_process_on(&p, STATIC, &bind, &[("COMPLAINTS__HTTP__DRAIN_SECS", "3")])?;
    let http = reqwest::Client::new();
    let get = |path: &'static str| {
        let (http, bind) = (&http, &bind);
        async move {
            let res = http.get(format!("http://{bind}{path}")).send().await?;
            let status = res.status().as_u16();
            let body = res.text().await.unwrap_or_default();
            Ok::<(u16, String), anyhow::Error>((status, body))
        }
    };
    eventually(Duration::from_secs(30), || async {
        Ok(get("/readyz").await.ok().filter(|(s, _)| *s == 200))
    })
    .await?;
    // Its consumers report their lag, partitions and idle time.
    let metrics = eventually(Duration::from_secs(15), || async {
        let (_, m) = get("/metrics").await?;
        Ok(m.contains("events_consumer_assigned_partitions")
            .then_some(m))
    })
    .await?;
    assert!(
        metrics.contains("events_consumer_idle_seconds"),
        "{metrics}"
    );
    assert!(metrics.contains("events_consumer_stalled"), "{metrics}");
    let pid = complaints.0.id().to_string();
    let status = Command::new("kill").args(["-TERM", &pid]).status()?;
    assert!(status.success());
    tokio::time::sleep(Duration::from_millis(500)).await;
    // Not ready any more, still alive and answering while the load balancer moves away.
    let (ready, body) = get("/readyz").await?;
    assert_eq!(ready, 503, "{body}");
    assert!(body.contains("draining"), "{body}");
    assert_eq!(get("/healthz").await?.0, 200);
    // Then it stops by itself, cleanly.
    let deadline = Instant::now() + Duration::from_secs(20);
    let exited = loop {
        if let Some(status) = complaints.0.try_wait()? {
            break status;
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "still running 20 s after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(exited.success(), "exit status {exited}");
    p.stop().await;
    Ok(())
}
