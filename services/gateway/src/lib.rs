//! The gateway: the platform's only public entry. Staff sign in here and get a signed token;
//! `/api/v1/<service>/...` is routed to the services, which check the token themselves; one
//! merged OpenAPI document describes it all.

pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod http;
pub mod settings;
pub mod state;

use actix_web::web;
use desk_auth::{TokenSigner, TokenVerifier};
use desk_platform::db as pg;
use desk_platform::host::{self, Running};
use desk_platform::http::Readiness;
use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use std::sync::Arc;
use std::time::Duration;

pub use settings::Settings;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");
pub const SERVICE: &str = "gateway";

/// Settings from defaults, `$GATEWAY_CONFIG` and `GATEWAY__*` variables.
pub fn load_settings() -> anyhow::Result<Settings> {
    desk_platform::settings::load(SERVICE, &[settings::DEFAULTS])
}

/// Migrate the identity schema, then serve.
pub async fn start(settings: Settings) -> anyhow::Result<Running> {
    let signer = TokenSigner::from_base64(settings.auth.signing_key.expose())
        .map_err(|_| anyhow::anyhow!("GATEWAY__AUTH__SIGNING_KEY is missing or not an Ed25519 key; `gateway keygen` makes one"))?;
    let verifier = web::Data::new(TokenVerifier::from_base64(&signer.public_key())?);
    let pool = pg::pool(&settings.database);
    let p = pool.clone();
    tokio::task::spawn_blocking(move || pg::migrate(&p, MIGRATIONS)).await??;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(settings.upstreams.timeout_secs))
        .connect_timeout(Duration::from_secs(2))
        .pool_max_idle_per_host(64)
        // Below the services' keep-alive (5 s), so an idle connection is dropped here first.
        .pool_idle_timeout(Duration::from_secs(3))
        .build()?;
    let db_pool = pool.clone();
    let readiness = Readiness::default().with(
        "database",
        Arc::new(move || {
            let pool = db_pool.clone();
            Box::pin(async move { pg::ping(&pool).await })
        }),
    );
    let state = web::Data::new(state::AppState {
        pool,
        signer,
        token_ttl_secs: settings.auth.token_ttl_secs,
        upstreams: settings.upstreams.clone(),
        client,
    });
    let web_root = (!settings.web.dir.is_empty())
        .then(|| web::Data::new(http::webapp::WebRoot(settings.web.dir.clone().into())));
    host::serve(
        &settings.http,
        readiness,
        move |cfg| {
            cfg.app_data(state.clone())
                .app_data(verifier.clone())
                .configure(http::routes);
            if let Some(root) = &web_root {
                // After every API route: any other address is the web application's.
                cfg.app_data(root.clone()).service(
                    web::resource("/{tail:.*}")
                        .route(web::get().to(http::webapp::serve))
                        .default_service(web::to(desk_platform::problem::no_route)),
                );
            }
        },
        Vec::new(),
    )
}
