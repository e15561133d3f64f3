//! Layered configuration: built-in defaults, then an optional file, then the environment.
//!
//! `RECEPTION__DATABASE__URL=...` sets `database.url` of the reception service. The file is
//! `$<SERVICE>_CONFIG` when set (for example a mounted ConfigMap). Settings are validated
//! right after loading, and secrets are typed so that they cannot be printed by accident.

use serde::Deserialize;
use std::fmt;

/// A value that must never reach a log line: `Debug` and `Display` print `[redacted]`.
#[derive(Clone, Deserialize, Default, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Where and how a service listens.
#[derive(Debug, Clone, Deserialize)]
pub struct HttpSettings {
    /// `host:port`; port 0 picks a free one.
    pub bind: String,
    /// Seconds given to in-flight requests at shutdown.
    pub shutdown_grace_secs: u64,
    /// Largest JSON body accepted, in bytes.
    pub max_body_bytes: usize,
    /// HTTP worker threads.
    pub workers: usize,
    /// Seconds between SIGTERM and the server closing its listener, during which `/readyz`
    /// answers 503 so the load balancer moves traffic away (Kubernetes removes the pod from
    /// its Service's endpoints a moment after the signal).
    #[serde(default = "default_drain_secs")]
    pub drain_secs: u64,
}

fn default_drain_secs() -> u64 {
    3
}

/// The settings every domain service shares.
#[derive(Debug, Clone, Deserialize)]
pub struct ServiceSettings {
    pub http: HttpSettings,
    pub database: DatabaseSettings,
    pub kafka: KafkaSettings,
    pub auth: AuthSettings,
}

/// Defaults common to every service; each service adds its own port and database role.
pub const COMMON_DEFAULTS: &str = r#"
[http]
shutdown_grace_secs = 20
max_body_bytes = 65536
workers = 2

[database]
pool_size = 10
connect_timeout_secs = 3

[kafka]
brokers = "127.0.0.1:19092"
topic_prefix = ""
partitions = 3
create_topics = true

[auth]
public_key = ""
"#;

/// The service's own PostgreSQL role and schema.
#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    /// A URL for the service's own role; it carries the password, so it is a secret.
    pub url: Secret<String>,
    pub pool_size: u32,
    /// Seconds to wait for a pooled connection before answering 503.
    pub connect_timeout_secs: u64,
}

/// The Kafka-protocol cluster.
#[derive(Debug, Clone, Deserialize)]
pub struct KafkaSettings {
    /// Comma-separated `host:port` list.
    pub brokers: String,
    /// Prepended to every topic name; lets several installs or test runs share a cluster.
    pub topic_prefix: String,
    /// Partitions for topics the service creates when they are missing.
    pub partitions: i32,
    /// Whether the service creates its topics at start (off where a platform team owns them).
    pub create_topics: bool,
    /// This replica's stable name (the pod's name in Kubernetes, `<service>-<n>` locally),
    /// used as the consumers' `group.instance.id`: a replica restarted after a crash takes
    /// its partitions back at once instead of waiting behind its own dead membership. Must be
    /// unique among running replicas. Unset: dynamic membership.
    #[serde(default)]
    pub instance_id: Option<String>,
    /// A consumer that holds partitions with lag and has applied nothing for this many
    /// seconds reports itself not ready and re-joins its group.
    #[serde(default = "default_stall_secs")]
    pub stall_secs: u64,
}

fn default_stall_secs() -> u64 {
    15
}

/// How staff tokens are checked.
#[derive(Debug, Clone, Deserialize)]
pub struct AuthSettings {
    /// The gateway's Ed25519 public key, base64url without padding.
    pub public_key: String,
}

/// Load settings of type `T` for `service`, from `defaults` (TOML texts, later ones
/// overriding earlier ones), then the file named by `$<SERVICE>_CONFIG`, then environment
/// variables prefixed `<SERVICE>__`.
pub fn load<T: for<'de> Deserialize<'de>>(service: &str, defaults: &[&str]) -> anyhow::Result<T> {
    let prefix = service.to_uppercase();
    let mut builder = config::Config::builder();
    for layer in defaults {
        builder = builder.add_source(config::File::from_str(layer, config::FileFormat::Toml));
    }
    if let Ok(path) = std::env::var(format!("{prefix}_CONFIG")) {
        builder = builder.add_source(config::File::with_name(&path).required(true));
    }
    let cfg = builder
        .add_source(
            config::Environment::with_prefix(&prefix)
                .prefix_separator("__")
                .separator("__")
                .try_parsing(true),
        )
        .build()?;
    Ok(cfg.try_deserialize()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Sample {
        database: DatabaseSettings,
    }

    #[test]
    fn secrets_are_not_printed() {
        let s = Secret::new("postgres://u:pw@h/db".to_string());
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(s.expose(), "postgres://u:pw@h/db");
    }

    #[test]
    fn later_layers_and_the_environment_override_earlier_ones() {
        let common =
            "[database]\nurl = \"postgres://default\"\npool_size = 4\nconnect_timeout_secs = 2\n";
        let own = "[database]\nurl = \"postgres://own\"\n";
        // The variable name is unique to this test.
        unsafe_env_set("SAMPLESVC__DATABASE__POOL_SIZE", "9");
        let s: Sample = load("samplesvc", &[common, own]).expect("settings load");
        assert_eq!(s.database.pool_size, 9);
        assert_eq!(s.database.url.expose(), "postgres://own");
        assert_eq!(s.database.connect_timeout_secs, 2);
    }

    #[allow(unsafe_code)]
    fn unsafe_env_set(k: &str, v: &str) {
        // Edition 2024 marks set_var unsafe; this test process sets it before any thread reads it.
        unsafe { std::env::set_var(k, v) }
    }
}
