//! The service's PostgreSQL pool, its embedded migrations, and blocking database work run
//! off the async threads.

use crate::settings::DatabaseSettings;
use diesel::PgConnection;
use diesel::r2d2::{ConnectionManager, Pool as R2d2Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};
use std::time::Duration;

pub type Pool = R2d2Pool<ConnectionManager<PgConnection>>;
pub type Conn = PooledConnection<ConnectionManager<PgConnection>>;

/// Why a unit of database work did not happen.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// No connection could be had in time: the database is down or saturated.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl DbError {
    /// True when the error is a unique-constraint violation.
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            DbError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }
}

/// Build the pool without waiting for the database: a service starts, answers `/healthz`,
/// and reports not-ready until the database is reachable.
pub fn pool(settings: &DatabaseSettings) -> Pool {
    let manager = ConnectionManager::<PgConnection>::new(settings.url.expose().clone());
    R2d2Pool::builder()
        .max_size(settings.pool_size)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(settings.connect_timeout_secs.max(1)))
        .test_on_check_out(false)
        .build_unchecked(manager)
}

/// Run every pending embedded migration; returns how many ran.
pub fn migrate(pool: &Pool, migrations: EmbeddedMigrations) -> anyhow::Result<usize> {
    let mut conn = pool.get()?;
    let done = conn
        .run_pending_migrations(migrations)
        .map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
    for version in &done {
        tracing::info!(%version, "Applied migration.");
    }
    Ok(done.len())
}

/// Revert every applied migration, newest first (used to prove each migration reverses).
pub fn revert_all(pool: &Pool, migrations: EmbeddedMigrations) -> anyhow::Result<usize> {
    let mut conn = pool.get()?;
    let done = conn
        .revert_all_migrations(migrations)
        .map_err(|e| anyhow::anyhow!("reverting migrations failed: {e}"))?;
    Ok(done.len())
}

/// Run `work` with a pooled connection on the blocking thread pool.
pub async fn run<F, T, E>(pool: &Pool, work: F) -> Result<T, E>
where
    F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: From<DbError> + Send + 'static,
{
    let pool = pool.clone();
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || {
        let _entered = span.enter();
        let mut conn = pool
            .get()
            .map_err(|e| E::from(DbError::Unavailable(e.to_string())))?;
        work(&mut conn)
    })
    .await
    .map_err(|e| E::from(DbError::Unavailable(format!("database task failed: {e}"))))?
}

/// True when a connection can be had and answers.
pub async fn ping(pool: &Pool) -> bool {
    use diesel::RunQueryDsl;
    run(pool, |conn| {
        diesel::sql_query("SELECT 1")
            .execute(conn)
            .map_err(DbError::from)
    })
    .await
    .is_ok()
}
