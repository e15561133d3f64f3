//! Two replicas of documents on one database: two demo loaders started at once (or one again
//! after a restart) load one registry, and announce each record once.

use desk_platform::Secret;
use desk_platform::db::Pool;
use desk_platform::settings::DatabaseSettings;
use desk_testkit::TestDb;
use std::sync::{Arc, Barrier};

/// A replica's own pool on the test database.
fn replica(db: &TestDb) -> Pool {
    desk_platform::db::pool(&DatabaseSettings {
        url: Secret::new(db.url_for("desk_documents")),
        pool_size: 2,
        connect_timeout_secs: 3,
    })
}

#[test]
fn two_demo_loaders_started_at_once_load_one_registry_and_announce_it_once() -> anyhow::Result<()> {
    let db = TestDb::create()?;
    desk_platform::db::migrate(&replica(&db), desk_documents::MIGRATIONS)?;
    let start = Arc::new(Barrier::new(2));
    let loaders: Vec<_> = (0..2)
        .map(|_| {
            let (pool, start) = (replica(&db), start.clone());
            std::thread::spawn(move || -> anyhow::Result<desk_documents::Loaded> {
                start.wait();
                desk_documents::load_demo(&pool)
            })
        })
        .collect();
    let mut loaded = desk_documents::Loaded::default();
    for l in loaders {
        let l = l.join().map_err(|_| anyhow::anyhow!("loader panicked"))??;
        loaded.estates += l.estates;
        loaded.units += l.units;
        loaded.residents += l.residents;
    }
    let count = |table: &str| db.count(&format!("SELECT count(*) AS n FROM documents.{table}"));
    let (estates, units, residents) = (count("estates")?, count("units")?, count("residents")?);
    assert_eq!(
        estates,
        desk_documents::domain::demo::estates().len() as i64
    );
    assert!(units > 0 && residents > 0);
    assert_eq!(
        (
            loaded.estates as i64,
            loaded.units as i64,
            loaded.residents as i64
        ),
        (estates, units, residents)
    );
    // One event per record, from whichever loader stored it.
    assert_eq!(count("outbox")?, estates + units + residents);
    // A restart adds and announces nothing.
    assert_eq!(
        desk_documents::load_demo(&replica(&db))?,
        desk_documents::Loaded::default()
    );
    assert_eq!(count("outbox")?, estates + units + residents);
    Ok(())
}
