//! The gateway's settings.

use desk_platform::Secret;
use desk_platform::settings::{DatabaseSettings, HttpSettings};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub http: HttpSettings,
    pub database: DatabaseSettings,
    pub auth: GatewayAuth,
    pub upstreams: Upstreams,
    #[serde(default)]
    pub web: Web,
}

/// The web application's built files, served at `/` (the desk, the portal).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Web {
    /// A folder holding `index.html` and its assets; empty: no web application is served.
    #[serde(default)]
    pub dir: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GatewayAuth {
    /// Ed25519 secret key, base64url (`gateway keygen` makes one). From the environment only:
    /// `GATEWAY__AUTH__SIGNING_KEY`.
    pub signing_key: Secret<String>,
    /// How long a staff token lasts: one shift and a little more.
    pub token_ttl_secs: i64,
}

/// Base URLs of the services the gateway routes `/api/v1/<service>/...` to. Each may be a
/// comma-separated list, one base URL per replica of the service: requests are spread over them
/// in turn, and one whose connection is refused is sent to the next.
#[derive(Debug, Clone, Deserialize)]
pub struct Upstreams {
    pub reception: String,
    pub complaints: String,
    pub repairs: String,
    pub billing: String,
    pub documents: String,
    /// Seconds before an upstream call gives up with 504.
    pub timeout_secs: u64,
}

impl Upstreams {
    pub fn base(&self, service: &str) -> Option<&str> {
        match service {
            "reception" => Some(&self.reception),
            "complaints" => Some(&self.complaints),
            "repairs" => Some(&self.repairs),
            "billing" => Some(&self.billing),
            "documents" => Some(&self.documents),
            _ => None,
        }
    }

    /// The base URLs of one upstream setting, in the order given.
    pub fn urls(list: &str) -> impl Iterator<Item = &str> {
        list.split(',').map(str::trim).filter(|u| !u.is_empty())
    }

    pub fn all(&self) -> [(&'static str, &str); 5] {
        [
            ("reception", &self.reception),
            ("complaints", &self.complaints),
            ("repairs", &self.repairs),
            ("billing", &self.billing),
            ("documents", &self.documents),
        ]
    }
}

pub const DEFAULTS: &str = r#"
[http]
bind = "127.0.0.1:8080"
shutdown_grace_secs = 20
max_body_bytes = 1048576
workers = 2

[database]
url = "postgres://desk_gateway@127.0.0.1:5432/estate_desk"
pool_size = 10
connect_timeout_secs = 3

[auth]
signing_key = ""
token_ttl_secs = 43200

[upstreams]
reception = "http://127.0.0.1:8081"
complaints = "http://127.0.0.1:8082"
repairs = "http://127.0.0.1:8083"
billing = "http://127.0.0.1:8084"
documents = "http://127.0.0.1:8085"
timeout_secs = 10

[web]
dir = ""
"#;
