//! Two replicas of the gateway on one database: two demo loaders started at once (or one again
//! after a restart) create each demo account once.

use desk_platform::Secret;
use desk_platform::db::Pool;
use desk_platform::settings::DatabaseSettings;
use desk_testkit::TestDb;
use std::sync::{Arc, Barrier};

/// A replica's own pool on the test database.
fn replica(db: &TestDb) -> Pool {
    desk_platform::db::pool(&DatabaseSettings {
        url: Secret::new(db.url_for("desk_gateway")),
        pool_size: 2,
        connect_timeout_secs: 3,
    })
}

#[test]
fn two_demo_loaders_started_at_once_create_each_account_once() -> anyhow::Result<()> {
    let db = TestDb::create()?;
    desk_platform::db::migrate(&replica(&db), desk_gateway::MIGRATIONS)?;
    let start = Arc::new(Barrier::new(2));
    let loaders: Vec<_> = (0..2)
        .map(|_| {
            let (pool, start) = (replica(&db), start.clone());
            std::thread::spawn(move || -> anyhow::Result<usize> {
                start.wait();
                desk_gateway::demo::load(&pool)
            })
        })
        .collect();
    let mut created = 0;
    for l in loaders {
        created += l.join().map_err(|_| anyhow::anyhow!("loader panicked"))??;
    }
    let want = desk_gateway::demo::ACCOUNTS.len() + desk_gateway::demo::RESIDENTS.len();
    assert_eq!(created, want);
    assert_eq!(
        db.count("SELECT count(*) AS n FROM identity.staff_accounts")?
            + db.count("SELECT count(*) AS n FROM identity.resident_accounts")?,
        want as i64
    );
    // A restart creates nothing.
    assert_eq!(desk_gateway::demo::load(&replica(&db))?, 0);
    Ok(())
}
