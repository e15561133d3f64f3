//! The service's PostgreSQL pool, its embedded migrations, and blocking database work run
//! off the async threads.
//!
//! A pooled connection that the server has closed (a restart, a failover, an idle timeout on
//! the way) is noticed the first time it fails and is dropped instead of going back to the
//! pool, so the next request gets a fresh one: the process recovers by itself as soon as the
//! database is back, without a probe query on every checkout.

use crate::settings::DatabaseSettings;
use diesel::connection::{Instrumentation, InstrumentationEvent};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, ManageConnection, Pool as R2d2Pool, PooledConnection};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};
use std::cell::Cell;
use std::time::Duration;

pub type Pool = R2d2Pool<Manager>;
pub type Conn = PooledConnection<Manager>;

/// Why a unit of database work did not happen.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// No connection could be had in time, or the one in hand was lost: the database is
    /// down, restarting or saturated. Answered as 503 and retried by consumers.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Query(diesel::result::Error),
}

impl From<DieselError> for DbError {
    fn from(e: DieselError) -> Self {
        if connection_lost(&e) {
            DbError::Unavailable(e.to_string())
        } else {
            DbError::Query(e)
        }
    }
}

/// True when the error says the connection itself is gone, not that the statement failed.
pub fn connection_lost(e: &DieselError) -> bool {
    matches!(
        e,
        DieselError::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _
        ) | DieselError::BrokenTransactionManager
    )
}

thread_local! {
    /// Set when a statement on this thread found its connection gone; read when the
    /// connection goes back to the pool (on the same thread, synchronously).
    static LOST: Cell<bool> = const { Cell::new(false) };
}

/// Watches every statement of one connection for a lost connection.
struct LossWatch;

impl Instrumentation for LossWatch {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::FinishQuery { error: Some(e), .. } = event
            && connection_lost(e)
        {
            LOST.set(true);
        }
    }
}

/// The pool's connection manager: diesel's, plus dropping connections found lost.
#[derive(Debug)]
pub struct Manager(ConnectionManager<PgConnection>);

impl ManageConnection for Manager {
    type Connection = PgConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<PgConnection, Self::Error> {
        let mut conn = self.0.connect()?;
        conn.set_instrumentation(LossWatch);
        Ok(conn)
    }

    fn is_valid(&self, conn: &mut PgConnection) -> Result<(), Self::Error> {
        self.0.is_valid(conn)
    }

    fn has_broken(&self, conn: &mut PgConnection) -> bool {
        let lost = LOST.replace(false);
        lost || self.0.has_broken(conn)
    }
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
    let manager = Manager(ConnectionManager::<PgConnection>::new(
        settings.url.expose().clone(),
    ));
    R2d2Pool::builder()
        .max_size(settings.pool_size)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(settings.connect_timeout_secs.max(1)))
        .test_on_check_out(false)
        .build_unchecked(manager)
}

/// Run every pending embedded migration; returns how many ran. Replicas starting together
/// take turns (a session advisory lock per database role, so per schema): the second finds
/// nothing left to do instead of colliding on the first's half-made tables.
pub fn migrate(pool: &Pool, migrations: EmbeddedMigrations) -> anyhow::Result<usize> {
    let mut conn = pool.get()?;
    diesel::sql_query("SELECT pg_advisory_lock(hashtext('desk.migrate:' || current_user))")
        .execute(&mut conn)?;
    let done = conn
        .run_pending_migrations(migrations)
        .map(|versions| versions.iter().map(ToString::to_string).collect::<Vec<_>>())
        .map_err(|e| anyhow::anyhow!("migrations failed: {e}"));
    let unlocked =
        diesel::sql_query("SELECT pg_advisory_unlock(hashtext('desk.migrate:' || current_user))")
            .execute(&mut conn);
    let done = done?;
    if unlocked.is_err() {
        // The lock dies with the session: drop this connection rather than return it.
        LOST.set(true);
    }
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

/// Run `work` with a pooled connection on the blocking thread pool. A connection found lost
/// during the work is dropped, never returned to the pool.
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
        LOST.set(false);
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
    run(pool, |conn| {
        diesel::sql_query("SELECT 1")
            .execute(conn)
            .map_err(DbError::from)
    })
    .await
    .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Info(&'static str);

    impl diesel::result::DatabaseErrorInformation for Info {
        fn message(&self) -> &str {
            self.0
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            None
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    fn db_error(kind: DatabaseErrorKind) -> DieselError {
        DieselError::DatabaseError(kind, Box::new(Info("server closed the connection")))
    }

    #[test]
    fn a_lost_connection_is_unavailable_and_a_failed_statement_is_not() {
        for kind in [
            DatabaseErrorKind::ClosedConnection,
            DatabaseErrorKind::UnableToSendCommand,
        ] {
            assert!(matches!(
                DbError::from(db_error(kind)),
                DbError::Unavailable(_)
            ));
        }
        assert!(matches!(
            DbError::from(db_error(DatabaseErrorKind::UniqueViolation)),
            DbError::Query(_)
        ));
        assert!(matches!(
            DbError::from(DieselError::NotFound),
            DbError::Query(_)
        ));
    }
}
