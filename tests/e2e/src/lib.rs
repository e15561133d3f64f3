//! The whole platform in one test process: the six services on the real PostgreSQL (a database
//! of the test's own) and the real broker (topics of the test's own), the demo data loaded,
//! and helpers to drive it through the gateway as the desk would.

use desk_platform::Secret;
use desk_platform::host::Running;
use desk_platform::settings::DatabaseSettings;
use desk_testkit::{Keys, TestDb, http_settings, service_settings};
use serde_json::Value;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

pub mod cut;

/// The services' one clock, which a test can move forward.
#[derive(Clone, Default)]
pub struct TestClock(std::sync::Arc<std::sync::atomic::AtomicI64>);

impl TestClock {
    /// Move the clock `hours` forward.
    pub fn advance_hours(&self, hours: i64) {
        self.0
            .fetch_add(hours * 3600, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now()
            + chrono::Duration::seconds(self.0.load(std::sync::atomic::Ordering::SeqCst))
    }
}

pub struct Platform {
    pub clock: TestClock,
    pub db: TestDb,
    pub keys: Keys,
    pub prefix: String,
    pub brokers: String,
    pub gateway: Running,
    pub services: Vec<(&'static str, Running)>,
    pub http: reqwest::Client,
}

impl Platform {
    /// Start everything against the test broker.
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_with_brokers(&desk_testkit::kafka_brokers()).await
    }

    pub async fn start_with_brokers(brokers: &str) -> anyhow::Result<Self> {
        Self::start_full(brokers, String::new()).await
    }

    /// Everything, with the gateway serving the web application from `web_dir`.
    pub async fn start_with_web(web_dir: &str) -> anyhow::Result<Self> {
        Self::start_full(&desk_testkit::kafka_brokers(), web_dir.to_string()).await
    }

    async fn start_full(brokers: &str, web_dir: String) -> anyhow::Result<Self> {
        let db = TestDb::create()?;
        let keys = Keys::generate()?;
        let prefix = desk_testkit::topic_prefix();
        let s = |role: &str| service_settings(&db, role, brokers, &prefix, &keys);
        let clock = TestClock::default();
        let now = |c: &TestClock| -> desk_platform::Clock {
            let c = c.clone();
            std::sync::Arc::new(move || c.now())
        };
        let documents = desk_documents::start_with_clock(
            desk_documents::Settings {
                common: s("desk_documents"),
                privacy: desk_documents::Privacy {
                    id_key: Secret::new(desk_testkit::random_key()),
                },
            },
            now(&clock),
        )
        .await?;
        let billing = desk_billing::start_with_clock(s("desk_billing"), now(&clock)).await?;
        let reception = desk_reception::start_with_clock(s("desk_reception"), now(&clock)).await?;
        let complaints = desk_complaints::start_with_clock(
            s("desk_complaints"),
            now(&clock),
            Duration::from_millis(200),
        )
        .await?;
        let repairs = desk_repairs::start_with_clock(s("desk_repairs"), now(&clock)).await?;
        let url = |r: &Running| format!("http://{}", r.addr);
        let gateway_settings = desk_gateway::Settings {
            http: desk_platform::settings::HttpSettings {
                max_body_bytes: 65536,
                ..http_settings()
            },
            database: DatabaseSettings {
                url: Secret::new(db.url_for("desk_gateway")),
                pool_size: 4,
                connect_timeout_secs: 3,
            },
            auth: desk_gateway::settings::GatewayAuth {
                signing_key: Secret::new(keys.secret.clone()),
                token_ttl_secs: 3600,
            },
            upstreams: desk_gateway::settings::Upstreams {
                reception: url(&reception),
                complaints: url(&complaints),
                repairs: url(&repairs),
                billing: url(&billing),
                documents: url(&documents),
                timeout_secs: 10,
            },
            web: desk_gateway::settings::Web { dir: web_dir },
        };
        let gateway = desk_gateway::start(gateway_settings).await?;
        let gw_pool = desk_platform::db::pool(&DatabaseSettings {
            url: Secret::new(db.url_for("desk_gateway")),
            pool_size: 1,
            connect_timeout_secs: 3,
        });
        let doc_pool = desk_platform::db::pool(&DatabaseSettings {
            url: Secret::new(db.url_for("desk_documents")),
            pool_size: 1,
            connect_timeout_secs: 3,
        });
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            desk_gateway::demo::load(&gw_pool)?;
            desk_documents::load_demo(&doc_pool)?;
            Ok(())
        })
        .await??;
        Ok(Self {
            clock,
            db,
            keys,
            prefix,
            brokers: brokers.to_string(),
            gateway,
            services: vec![
                ("documents", documents),
                ("billing", billing),
                ("reception", reception),
                ("complaints", complaints),
                ("repairs", repairs),
            ],
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()?,
        })
    }

    /// The gateway's URL for `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.gateway.addr, path)
    }

    /// A service's own address, to call it without the gateway.
    pub fn service(&self, name: &str) -> Option<SocketAddr> {
        self.services
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, r)| r.addr)
    }

    /// Sign in as a demo account through the gateway; returns the bearer token.
    pub async fn login(&self, username: &str) -> anyhow::Result<String> {
        let res = self
            .http
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({
                "username": username,
                "password": desk_gateway::demo::PASSWORD,
            }))
            .send()
            .await?;
        anyhow::ensure!(res.status() == 200, "login of {username}: {}", res.status());
        let body: Value = res.json().await?;
        body["token"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| anyhow::anyhow!("no token in login answer"))
    }

    /// GET through the gateway with a token; returns status and JSON body.
    pub async fn get(&self, token: &str, path: &str) -> anyhow::Result<(u16, Value)> {
        let res = self
            .http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await?;
        let status = res.status().as_u16();
        Ok((status, res.json().await.unwrap_or(Value::Null)))
    }

    /// POST JSON through the gateway with a token; returns status and JSON body.
    pub async fn post(
        &self,
        token: &str,
        path: &str,
        body: &Value,
    ) -> anyhow::Result<(u16, Value)> {
        let res = self
            .http
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await?;
        let status = res.status().as_u16();
        Ok((status, res.json().await.unwrap_or(Value::Null)))
    }

    /// Stop every process, gateway first.
    pub async fn stop(self) {
        self.gateway.stop().await;
        for (_, s) in self.services {
            s.stop().await;
        }
    }
}

/// Poll `probe` until it yields a value or `timeout` passes.
pub async fn eventually<T, F, Fut>(timeout: Duration, mut probe: F) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<Option<T>>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(v) = probe().await? {
            return Ok(v);
        }
        if tokio::time::Instant::now() >= deadline {
            anyhow::bail!("condition not met within {timeout:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The demo estate with `code`.
pub fn estate(code: &str) -> uuid::Uuid {
    desk_platform::demo::estate_id(code)
}

/// Wait until repairs holds every unit the registry has for `estate` (paid work is billed only
/// to a unit the registry has, and repairs learns the units from `documents.registry.v1`).
pub async fn repairs_has_the_units(p: &Platform, estate: uuid::Uuid) -> anyhow::Result<()> {
    let registry =
        format!("SELECT count(*) AS n FROM documents.units WHERE estate_id = '{estate}'");
    let copied = format!("SELECT count(*) AS n FROM repairs.units WHERE estate_id = '{estate}'");
    eventually(Duration::from_secs(60), || async {
        let want = p.db.count(&registry)?;
        Ok((want > 0 && p.db.count(&copied)? >= want).then_some(()))
    })
    .await
}

/// The first unit of the estate with `status`, and its first resident with `relation`.
pub async fn unit_with(
    p: &Platform,
    token: &str,
    estate_id: uuid::Uuid,
    status: &str,
    relation: &str,
) -> anyhow::Result<(String, Value)> {
    let docs = format!("/api/v1/documents/estates/{estate_id}");
    let (_, units) = p.get(token, &format!("{docs}/units?limit=200")).await?;
    for u in units["items"].as_array().cloned().unwrap_or_default() {
        if u["status"] != status {
            continue;
        }
        let (_, card) = p
            .get(
                token,
                &format!("{docs}/units/{}", u["unit_id"].as_str().unwrap_or_default()),
            )
            .await?;
        let found = card["residents"]
            .as_array()
            .and_then(|rs| rs.iter().find(|r| r["relation"] == relation).cloned());
        if let Some(r) = found {
            return Ok((u["label"].as_str().unwrap_or_default().to_string(), r));
        }
    }
    anyhow::bail!("no {status} unit with a {relation}")
}

/// A free loopback port, for a process or forwarder a test starts itself.
pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// The desk logs a phone complaint from `unit_label` of 阳光花园; returns the intake's id.
pub async fn log_phone_complaint(
    p: &Platform,
    desk: &str,
    unit_label: &str,
    request: &str,
) -> anyhow::Result<String> {
    let sun = estate("SUN");
    let (status, body) = p
        .post(
            desk,
            &format!("/api/v1/reception/estates/{sun}/intakes"),
            &serde_json::json!({"channel": "phone", "category": "complaint",
                    "caller": {"unit_label": unit_label}, "request": request}),
        )
        .await?;
    anyhow::ensure!(status == 201, "{status} {body}");
    Ok(body["intake_id"].as_str().unwrap_or_default().to_string())
}
