//! Start-up shared by every process of the platform.
//!
//! One call per concern, so that every service looks the same from outside:
//! [`settings`] (layered configuration), [`telemetry`] (logs and OTLP traces),
//! [`db`] (pool, embedded migrations, blocking work off the async threads),
//! [`http`] (health, readiness, metrics, request tracing), [`problem`]
//! (RFC 9457 errors with stable codes), [`shutdown`] (signals and cancellation).

pub mod csv;
pub mod db;
pub mod demo;
pub mod host;
pub mod http;
pub mod local;
pub mod mask;
pub mod problem;
pub mod settings;
pub mod shutdown;
pub mod telemetry;

pub use problem::Problem;
pub use settings::Secret;

/// What a service binary was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Migrate, then serve (the default).
    Serve,
    /// Run pending migrations and exit (a Kubernetes Job before an upgrade).
    Migrate,
    /// Anything else the service knows (e.g. `demo`).
    Other(String),
}

impl Mode {
    /// The first command-line argument, if any.
    pub fn from_args() -> Self {
        match std::env::args().nth(1).as_deref() {
            None | Some("serve") => Mode::Serve,
            Some("migrate") => Mode::Migrate,
            Some(other) => Mode::Other(other.to_string()),
        }
    }
}

/// The time, from one place, so that deadlines and follow-up windows can be tested by moving it.
pub type Clock = std::sync::Arc<dyn Fn() -> chrono::DateTime<chrono::Utc> + Send + Sync>;

/// The system's clock.
pub fn system_clock() -> Clock {
    std::sync::Arc::new(chrono::Utc::now)
}
