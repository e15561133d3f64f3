//! Test support on the real infrastructure.
//!
//! - [`TestDb`]: a fresh database on the test PostgreSQL, with the platform's roles and one
//!   schema per service owned by its role, dropped at the end of the test.
//! - [`kafka_brokers`] and [`topic_prefix`]: the test broker, and a prefix that gives each test
//!   its own topics and consumer groups.
//! - [`Keys`]: a gateway key pair and staff tokens.
//!
//! The test command (`scripts/test.sh`) starts PostgreSQL and the broker and exports
//! `DESK_TEST_PG` (`host:port` of a server whose `postgres` role is a superuser reachable
//! without a password) and `DESK_TEST_KAFKA`.

use desk_auth::{Claims, EstateScope, Role, TokenSigner};
use desk_platform::Secret;
use desk_platform::settings::{
    AuthSettings, DatabaseSettings, HttpSettings, KafkaSettings, ServiceSettings,
};
use diesel::{Connection, PgConnection, RunQueryDsl};
use uuid::Uuid;

const ROLES_SQL: &str = include_str!("../../../scripts/db/roles.sql");
const SCHEMAS_SQL: &str = include_str!("../../../scripts/db/schemas.sql");

/// `host:port` of the test PostgreSQL.
pub fn pg_address() -> String {
    std::env::var("DESK_TEST_PG").unwrap_or_else(|_| "127.0.0.1:5432".to_string())
}

/// Bootstrap servers of the test broker.
pub fn kafka_brokers() -> String {
    std::env::var("DESK_TEST_KAFKA").unwrap_or_else(|_| "127.0.0.1:19092".to_string())
}

/// A prefix unique to this test, for topics and consumer groups.
pub fn topic_prefix() -> String {
    format!("t{}.", &Uuid::new_v4().simple().to_string()[..12])
}

/// A database of its own for one test.
pub struct TestDb {
    pub name: String,
    address: String,
}

impl TestDb {
    pub fn create() -> anyhow::Result<Self> {
        let address = pg_address();
        let name = format!("desk_test_{}", Uuid::new_v4().simple());
        let mut admin =
            PgConnection::establish(&format!("postgres://postgres@{address}/postgres"))?;
        admin.batch_execute(ROLES_SQL)?;
        diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin)?;
        let mut conn = PgConnection::establish(&format!("postgres://postgres@{address}/{name}"))?;
        conn.batch_execute(SCHEMAS_SQL)?;
        Ok(Self { name, address })
    }

    /// The URL a service's own role uses (`desk_reception`, …).
    pub fn url_for(&self, role: &str) -> String {
        format!("postgres://{role}@{}/{}", self.address, self.name)
    }

    /// A superuser connection to this database, for assertions that look behind the API.
    pub fn admin(&self) -> anyhow::Result<PgConnection> {
        Ok(PgConnection::establish(&format!(
            "postgres://postgres@{}/{}",
            self.address, self.name
        ))?)
    }

    /// Run a query returning one bigint (`SELECT count(*) AS n …`).
    pub fn count(&self, sql: &str) -> anyhow::Result<i64> {
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut c = self.admin()?;
        let row: N = diesel::sql_query(sql).get_result(&mut c)?;
        Ok(row.n)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if std::env::var("DESK_TEST_KEEP_DB").is_ok() {
            return;
        }
        if let Ok(mut admin) =
            PgConnection::establish(&format!("postgres://postgres@{}/postgres", self.address))
        {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut admin);
        }
    }
}

use diesel::connection::SimpleConnection;

/// A gateway key pair for a test.
pub struct Keys {
    pub secret: String,
    pub public: String,
    pub signer: TokenSigner,
}

impl Keys {
    pub fn generate() -> anyhow::Result<Self> {
        let (secret, public) = TokenSigner::generate();
        let signer = TokenSigner::from_base64(&secret).map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(Self {
            secret,
            public,
            signer,
        })
    }

    /// A signed staff token.
    pub fn token(&self, group: Uuid, roles: &[Role], scope: EstateScope) -> String {
        let now = chrono_now();
        self.signer.sign(&Claims {
            sub: Uuid::now_v7(),
            grp: group,
            roles: roles.to_vec(),
            scope,
            iat: now,
            exp: now + 3600,
            units: vec![],
        })
    }
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Settings for a domain service in a test: its own role on `db`, a free port, the test
/// broker under `prefix`, and `keys`' public key.
pub fn service_settings(
    db: &TestDb,
    role: &str,
    brokers: &str,
    prefix: &str,
    keys: &Keys,
) -> ServiceSettings {
    ServiceSettings {
        http: http_settings(),
        database: DatabaseSettings {
            url: Secret::new(db.url_for(role)),
            pool_size: 4,
            connect_timeout_secs: 3,
        },
        kafka: KafkaSettings {
            brokers: brokers.to_string(),
            topic_prefix: prefix.to_string(),
            partitions: 3,
            create_topics: true,
            instance_id: None,
            stall_secs: 15,
        },
        auth: AuthSettings {
            public_key: keys.public.clone(),
        },
    }
}

/// HTTP settings for a test: a free loopback port, one worker, a short grace period.
pub fn http_settings() -> HttpSettings {
    HttpSettings {
        bind: "127.0.0.1:0".to_string(),
        shutdown_grace_secs: 5,
        max_body_bytes: 65536,
        workers: 1,
        drain_secs: 0,
    }
}

/// 32 random bytes, base64url: a key for sealing ID numbers in a test.
pub fn random_key() -> String {
    let a = Uuid::new_v4().into_bytes();
    let b = Uuid::new_v4().into_bytes();
    let bytes: Vec<u8> = a.iter().chain(b.iter()).copied().collect();
    base64_url(&bytes)
}

fn base64_url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}
