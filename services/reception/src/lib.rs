//! Reception: the front desk's ledger of every call, visit, letter and web contact
//! (客户来电来访登记), the first owner of every request until it is closed (首问责任制).

pub mod db;
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
pub const SERVICE: &str = "reception";

const DEFAULTS: &str = r#"
[http]
bind = "127.0.0.1:8081"

[database]
url = "postgres://desk_reception@127.0.0.1:5432/estate_desk"
"#;

/// Settings from defaults, `$RECEPTION_CONFIG` and `RECEPTION__*` variables.
pub fn load_settings() -> anyhow::Result<ServiceSettings> {
    settings::load(SERVICE, &[COMMON_DEFAULTS, DEFAULTS])
}

/// Migrate, then serve the API with the outbox relay and the outcome consumer.
pub async fn start(settings: ServiceSettings) -> anyhow::Result<Running> {
    start_with_clock(settings, desk_platform::system_clock()).await
}

/// The same on a given clock (tests move it past deadlines).
pub async fn start_with_clock(
    settings: ServiceSettings,
    clock: desk_platform::Clock,
) -> anyhow::Result<Running> {
    let verifier = web::Data::new(TokenVerifier::from_base64(&settings.auth.public_key)?);
    let mut backbone = Backbone::start(db::SCHEMA, MIGRATIONS, &settings).await?;
    backbone.consume(
        "reception.outcomes",
        &events::OUTCOME_TOPICS,
        events::outcomes_handler(clock.clone()),
    )?;
    backbone.consume(
        "reception.emergencies",
        &events::emergencies::TOPICS,
        events::emergencies::handled_handler(clock.clone()),
    )?;
    backbone.consume(
        "reception.registry",
        &events::REGISTRY_TOPICS,
        events::registry_handler(),
    )?;
    let state = web::Data::new(state::AppState {
        pool: backbone.pool.clone(),
        relay_wake: backbone.relay_wake.clone(),
        clock,
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
        backbone.into_tasks(),
    )
}
