//! What every domain service runs beside its HTTP API: its database pool and migrations,
//! its outbox relay, and its inbox consumers, with readiness checks for the database and the
//! broker. A service builds one, adds its consumers, and hands the tasks to
//! `desk_platform::host::serve`.

use crate::consumer::{Handler, Health, InboxConsumer};
use crate::outbox::Outbox;
use crate::relay::{Relay, RelayOptions};
use crate::{kafka, topics};
use desk_platform::db::{self, Pool};
use desk_platform::host::Task;
use desk_platform::http::Readiness;
use desk_platform::settings::ServiceSettings;
use diesel_migrations::EmbeddedMigrations;
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

pub struct Backbone {
    pub pool: Pool,
    /// Wake the relay after committing an outbox row.
    pub relay_wake: Arc<Notify>,
    pub readiness: Readiness,
    schema: &'static str,
    settings: ServiceSettings,
    tasks: Vec<Task>,
    consumers: Arc<Mutex<Vec<Arc<Health>>>>,
}

impl Backbone {
    /// Connect, migrate the service's schema, make sure the platform's topics exist, and
    /// prepare the outbox relay.
    pub async fn start(
        schema: &'static str,
        migrations: EmbeddedMigrations,
        settings: &ServiceSettings,
    ) -> anyhow::Result<Self> {
        let pool = db::pool(&settings.database);
        let p = pool.clone();
        tokio::task::spawn_blocking(move || db::migrate(&p, migrations)).await??;
        let names: Vec<String> = topics::ALL
            .iter()
            .map(|t| topics::named(&settings.kafka.topic_prefix, t))
            .collect();
        if let Err(e) = kafka::ensure_topics(&settings.kafka, &names).await {
            // The relay and consumers wait for the broker; a missing broker delays, never loses.
            tracing::warn!(error = %e, "Topics could not be checked; continuing without the broker.");
        }
        let relay_wake = Arc::new(Notify::new());
        let relay = Relay::new(
            pool.clone(),
            Outbox::new(schema),
            &settings.kafka,
            relay_wake.clone(),
            RelayOptions::default(),
        )?;
        let db_pool = pool.clone();
        let consumers: Arc<Mutex<Vec<Arc<Health>>>> = Arc::default();
        let watched = consumers.clone();
        let readiness = Readiness::default()
            .with(
                "database",
                Arc::new(move || {
                    let pool = db_pool.clone();
                    Box::pin(async move { db::ping(&pool).await })
                }),
            )
            .with("broker", kafka::readiness(&settings.kafka)?)
            .with(
                "consumers",
                Arc::new(move || {
                    let working = watched
                        .lock()
                        .map(|all| all.iter().all(|h| h.is_working()))
                        .unwrap_or(false);
                    Box::pin(async move { working })
                }),
            );
        let relay_task: Task = Box::new(move |cancel| Box::pin(relay.run(cancel)));
        Ok(Self {
            pool,
            relay_wake,
            readiness,
            schema,
            settings: settings.clone(),
            tasks: vec![relay_task],
            consumers,
        })
    }

    /// Add a consumer of `topics` (unprefixed) named `name`, applying events with `handler`.
    pub fn consume(
        &mut self,
        name: &'static str,
        topics: &[&str],
        handler: Handler,
    ) -> anyhow::Result<()> {
        let consumer = InboxConsumer::new(
            name,
            self.schema,
            self.pool.clone(),
            &self.settings.kafka,
            topics,
            handler,
            Some(self.relay_wake.clone()),
        )?;
        if let Ok(mut all) = self.consumers.lock() {
            all.push(consumer.health());
        }
        self.tasks
            .push(Box::new(move |cancel| Box::pin(consumer.run(cancel))));
        Ok(())
    }

    /// The relay and consumers, to run beside the HTTP server.
    pub fn into_tasks(self) -> Vec<Task> {
        self.tasks
    }
}

/// `migrate` mode: apply pending migrations and exit.
pub fn migrate_only(
    settings: &ServiceSettings,
    migrations: EmbeddedMigrations,
) -> anyhow::Result<()> {
    let pool = db::pool(&settings.database);
    let n = db::migrate(&pool, migrations)?;
    tracing::info!(applied = n, "Migrations are up to date.");
    Ok(())
}
