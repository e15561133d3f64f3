//! Repairs: work orders (派工单) from the call to the follow-up visit.

pub mod app;
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
pub const SERVICE: &str = "repairs";

const DEFAULTS: &str = r#"
[http]
bind = "127.0.0.1:8083"

[database]
url = "postgres://desk_repairs@127.0.0.1:5432/estate_desk"
"#;

/// Settings from defaults, `$REPAIRS_CONFIG` and `REPAIRS__*` variables.
pub fn load_settings() -> anyhow::Result<ServiceSettings> {
    settings::load(SERVICE, &[COMMON_DEFAULTS, DEFAULTS])
}

/// Migrate, then serve the API with the outbox relay and the intake consumer.
pub async fn start(settings: ServiceSettings) -> anyhow::Result<Running> {
    start_with_clock(settings, desk_platform::system_clock()).await
}

/// The same on a given clock (tests move it to the day after a repair).
pub async fn start_with_clock(
    settings: ServiceSettings,
    clock: desk_platform::Clock,
) -> anyhow::Result<Running> {
    let verifier = web::Data::new(TokenVerifier::from_base64(&settings.auth.public_key)?);
    let mut backbone = Backbone::start(db::SCHEMA, MIGRATIONS, &settings).await?;
    backbone.consume(
        "repairs.intake",
        &events::INTAKE_TOPICS,
        events::intake_handler(clock.clone()),
    )?;
    backbone.consume(
        "repairs.payments",
        &events::BILLING_TOPICS,
        events::payments_handler(clock.clone()),
    )?;
    backbone.consume(
        "repairs.registry",
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

/// Load the demo work orders (six months at each demo estate) with their monthly figures, one
/// estate per transaction; orders already there are left alone. They are history, so nothing is
/// announced. Returns how many orders were added.
pub fn load_demo(pool: &desk_platform::db::Pool) -> anyhow::Result<usize> {
    use diesel::Connection;
    let mut conn = pool.get()?;
    let now = chrono::Utc::now();
    let group = desk_platform::demo::group_id();
    let mut added = 0;
    for (code, ..) in desk_platform::demo::ESTATES {
        let estate = desk_platform::demo::estate_id(code);
        let technician = desk_platform::demo::id("staff", &format!("{}.tech", code.to_lowercase()));
        let desk = desk_platform::demo::id("staff", &format!("{}.desk", code.to_lowercase()));
        let rows = domain::demo::orders(group, estate, code, technician, desk, now);
        added += conn.transaction::<_, diesel::result::Error, _>(|conn| {
            let mut n = 0;
            for row in &rows {
                n += usize::from(db::work_orders::insert_once_per_intake(conn, row)?);
            }
            Ok(n)
        })?;
    }
    Ok(added)
}
