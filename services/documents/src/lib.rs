//! Documents: the estate registry (group → estate → building → unit → residents), the pass
//! register (resident, tenant and temporary passes) and, in later releases, move-in, decoration
//! and files. Every registry change is published on `documents.registry.v1` for the other
//! services' local copies; passes issued, renewed and handed back on `documents.records.v1`,
//! which billing charges from.

pub mod app;
pub mod db;
pub mod domain;
pub mod error;
pub mod events;
pub mod http;
pub mod privacy;
pub mod state;

use actix_web::web;
use desk_auth::TokenVerifier;
use desk_events::backbone::Backbone;
use desk_events::topics;
use desk_platform::Secret;
use desk_platform::db::Pool;
use desk_platform::host::{self, Running};
use desk_platform::settings::{self, COMMON_DEFAULTS, ServiceSettings};
use diesel::Connection;
use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use serde::Deserialize;
use uuid::Uuid;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");
pub const SERVICE: &str = "documents";

const DEFAULTS: &str = r#"
[http]
bind = "127.0.0.1:8085"

[database]
url = "postgres://desk_documents@127.0.0.1:5432/estate_desk"

[privacy]
id_key = ""
"#;

/// The documents service's settings: the common ones, and the key ID numbers are sealed with.
#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    #[serde(flatten)]
    pub common: ServiceSettings,
    pub privacy: Privacy,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Privacy {
    /// 32 random bytes, base64url (`DOCUMENTS__PRIVACY__ID_KEY`); from the environment only.
    pub id_key: Secret<String>,
}

/// Settings from defaults, `$DOCUMENTS_CONFIG` and `DOCUMENTS__*` variables.
pub fn load_settings() -> anyhow::Result<Settings> {
    settings::load(SERVICE, &[COMMON_DEFAULTS, DEFAULTS])
}

/// Migrate, then serve the API with the outbox relay.
pub async fn start(settings: Settings) -> anyhow::Result<Running> {
    start_with_clock(settings, desk_platform::system_clock()).await
}

/// The same on a given clock (tests move it past deadlines).
pub async fn start_with_clock(
    settings: Settings,
    clock: desk_platform::Clock,
) -> anyhow::Result<Running> {
    let sealer = privacy::IdSealer::from_base64(settings.privacy.id_key.expose())
        .map_err(|e| anyhow::anyhow!("DOCUMENTS__PRIVACY__ID_KEY: {e}"))?;
    let settings = settings.common;
    let verifier = web::Data::new(TokenVerifier::from_base64(&settings.auth.public_key)?);
    let mut backbone = Backbone::start(db::SCHEMA, MIGRATIONS, &settings).await?;
    // Finance's receipt hands a pending pass over.
    backbone.consume(
        "documents.passes",
        &events::passes::PAYMENT_TOPICS,
        events::passes::payment_handler(clock.clone()),
    )?;
    let state = web::Data::new(state::AppState {
        pool: backbone.pool.clone(),
        relay_wake: backbone.relay_wake.clone(),
        clock,
        sealer,
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

/// What loading the demo registry added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub estates: usize,
    pub units: usize,
    pub residents: usize,
}

/// Load the demo registry into the schema, each estate in one transaction with its events.
/// Records that exist already are left alone and not announced again.
pub fn load_demo(pool: &Pool) -> anyhow::Result<Loaded> {
    let mut conn = pool.get()?;
    let correlation = Uuid::now_v7();
    let mut loaded = Loaded::default();
    for bundle in domain::demo::estates() {
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
            let e = &bundle.estate;
            if db::registry::insert_estate(conn, e)? {
                loaded.estates += 1;
                events::OUTBOX.enqueue(
                    conn,
                    topics::REGISTRY,
                    &events::estate_upserted(e, correlation, "demo"),
                )?;
            }
            for b in &bundle.buildings {
                db::registry::insert_building(conn, b)?;
            }
            for u in &bundle.units {
                if db::registry::insert_unit(conn, u)? {
                    loaded.units += 1;
                    let building = bundle
                        .buildings
                        .iter()
                        .find(|b| b.building_id == u.building_id)
                        .map(|b| b.name.as_str())
                        .unwrap_or_default();
                    events::OUTBOX.enqueue(
                        conn,
                        topics::REGISTRY,
                        &events::unit_upserted(u, building, correlation, "demo"),
                    )?;
                }
            }
            for r in &bundle.residents {
                if db::registry::insert_resident(conn, r)? {
                    loaded.residents += 1;
                    events::OUTBOX.enqueue(
                        conn,
                        topics::REGISTRY,
                        &events::resident_upserted(r, correlation, "demo"),
                    )?;
                }
            }
            Ok(())
        })?;
    }
    Ok(loaded)
}
