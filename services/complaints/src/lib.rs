//! Complaints (投诉): from the first apology to the follow-up visit and the monthly statistics.

pub mod app;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod events;
pub mod http;
pub mod state;

use actix_web::web;
use desk_auth::TokenVerifier;
use desk_events::backbone::Backbone;
use desk_platform::host::{self, Running};
use desk_platform::settings::{self, COMMON_DEFAULTS, ServiceSettings};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");
pub const SERVICE: &str = "complaints";

const DEFAULTS: &str = r#"
[http]
bind = "127.0.0.1:8082"

[database]
url = "postgres://desk_complaints@127.0.0.1:5432/estate_desk"
"#;

/// Settings from defaults, `$COMPLAINTS_CONFIG` and `COMPLAINTS__*` variables.
pub fn load_settings() -> anyhow::Result<ServiceSettings> {
    settings::load(SERVICE, &[COMMON_DEFAULTS, DEFAULTS])
}

/// Migrate, then serve the API with the outbox relay, the intake consumer and the deadline
/// sweep, on the system clock.
pub async fn start(settings: ServiceSettings) -> anyhow::Result<Running> {
    start_with_clock(
        settings,
        app::system_clock(),
        std::time::Duration::from_secs(60),
    )
    .await
}

/// The same on a given clock, sweeping deadlines every `sweep_every` (tests move the clock).
pub async fn start_with_clock(
    settings: ServiceSettings,
    clock: app::Clock,
    sweep_every: std::time::Duration,
) -> anyhow::Result<Running> {
    let verifier = web::Data::new(TokenVerifier::from_base64(&settings.auth.public_key)?);
    let mut backbone = Backbone::start(db::SCHEMA, MIGRATIONS, &settings).await?;
    backbone.consume(
        "complaints.intake",
        &events::INTAKE_TOPICS,
        events::intake_handler(clock.clone()),
    )?;
    // Documents' estate calendar, copied for the deadlines.
    backbone.consume(
        "complaints.calendar",
        &events::calendar::CALENDAR_TOPICS,
        events::calendar::calendar_handler(),
    )?;
    let state = web::Data::new(state::AppState {
        pool: backbone.pool.clone(),
        relay_wake: backbone.relay_wake.clone(),
        clock: clock.clone(),
    });
    let (sweep_pool, sweep_wake) = (backbone.pool.clone(), backbone.relay_wake.clone());
    let sweep: desk_platform::host::Task = Box::new(move |cancel| {
        Box::pin(app::sweep::run(
            sweep_pool,
            clock,
            sweep_every,
            sweep_wake,
            cancel,
        ))
    });
    let readiness = backbone.readiness.clone();
    host::serve(
        &settings.http,
        readiness,
        move |cfg| {
            cfg.app_data(state.clone())
                .app_data(verifier.clone())
                .configure(http::routes);
        },
        {
            let mut tasks = backbone.into_tasks();
            tasks.push(sweep);
            tasks
        },
    )
}
