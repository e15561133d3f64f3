//! Two replicas of repairs on one database: two demo loaders started at once (or one again
//! after a restart) load one set of work orders, with each estate's monthly figures counted
//! once.

use desk_platform::Secret;
use desk_platform::db::Pool;
use desk_platform::settings::DatabaseSettings;
use desk_testkit::TestDb;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use std::collections::BTreeMap;
use std::sync::{Arc, Barrier};

/// A replica's own pool on the test database.
fn replica(db: &TestDb) -> Pool {
    desk_platform::db::pool(&DatabaseSettings {
        url: Secret::new(db.url_for("desk_repairs")),
        pool_size: 2,
        connect_timeout_secs: 3,
    })
}

fn setup() -> anyhow::Result<TestDb> {
    let db = TestDb::create()?;
    desk_platform::db::migrate(&replica(&db), desk_repairs::MIGRATIONS)?;
    Ok(db)
}

#[derive(QueryableByName)]
struct Keyed {
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn keyed(db: &TestDb, sql: &str) -> anyhow::Result<BTreeMap<String, i64>> {
    let rows: Vec<Keyed> = diesel::sql_query(sql).load(&mut db.admin()?)?;
    Ok(rows.into_iter().map(|r| (r.key, r.n)).collect())
}

#[test]
fn two_demo_loaders_started_at_once_load_one_set_of_work_orders() -> anyhow::Result<()> {
    let db = setup()?;
    let start = Arc::new(Barrier::new(2));
    let loaders: Vec<_> = (0..2)
        .map(|_| {
            let (pool, start) = (replica(&db), start.clone());
            std::thread::spawn(move || -> anyhow::Result<usize> {
                start.wait();
                desk_repairs::load_demo(&pool)
            })
        })
        .collect();
    let mut added = 0;
    for l in loaders {
        added += l.join().map_err(|_| anyhow::anyhow!("loader panicked"))??;
    }
    let orders = db.count("SELECT count(*) AS n FROM repairs.work_orders")?;
    assert!(orders > 0);
    assert_eq!(added as i64, orders);

    // One set: what a single loader loads into an empty database, figures included.
    let reference = setup()?;
    desk_repairs::load_demo(&replica(&reference))?;
    for sql in [
        "SELECT estate_id::text AS key, count(*) AS n FROM repairs.work_orders GROUP BY estate_id",
        "SELECT estate_id::text || '/' || month || '/' || dim || '/' || key AS key, \
         (opened * 1000 + completed * 100 + followed_up)::bigint AS n FROM repairs.estate_month_stats",
    ] {
        assert_eq!(keyed(&db, sql)?, keyed(&reference, sql)?, "{sql}");
    }
    // A restart adds nothing.
    assert_eq!(desk_repairs::load_demo(&replica(&db))?, 0);
    Ok(())
}
