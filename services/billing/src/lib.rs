//! Billing: fees, charges, payments, receipts, deposits and the daily cash-up, per unit account.

pub mod book;
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
pub const SERVICE: &str = "billing";

const DEFAULTS: &str = r#"
[http]
bind = "127.0.0.1:8084"

[database]
url = "postgres://desk_billing@127.0.0.1:5432/estate_desk"
"#;

/// Settings from defaults, `$BILLING_CONFIG` and `BILLING__*` variables.
pub fn load_settings() -> anyhow::Result<ServiceSettings> {
    settings::load(SERVICE, &[COMMON_DEFAULTS, DEFAULTS])
}

/// Migrate, then serve the API with the outbox relay and the registry consumer.
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
        "billing.registry",
        &events::REGISTRY_TOPICS,
        events::registry_handler(clock.clone()),
    )?;
    backbone.consume(
        "billing.work",
        &events::WORK_TOPICS,
        events::work_handler(clock.clone()),
    )?;
    // Documents' estate calendar, copied for finance's days.
    backbone.consume(
        "billing.calendar",
        &events::calendar::CALENDAR_TOPICS,
        events::calendar::calendar_handler(),
    )?;
    backbone.consume(
        "billing.passes",
        &events::PASS_TOPICS,
        events::pass_handler(clock.clone()),
    )?;
    // Outsiders' key deposits, taken and refunded through the drawer.
    backbone.consume(
        "billing.keys",
        &events::keys::KEY_TOPICS,
        events::keys::key_handler(clock.clone()),
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
