//! Two replicas of billing on one database: the month's fee run asked of both at once (in
//! either order of months) charges every unit once per item and month, with the month's
//! figures counted once; two demo loaders started at once load one set of books.

use chrono::Utc;
use desk_billing::db::fees;
use desk_billing::domain::fees::{FeeItem, ItemKind};
use desk_platform::Secret;
use desk_platform::db::Pool;
use desk_platform::settings::DatabaseSettings;
use desk_testkit::TestDb;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use std::collections::BTreeMap;
use std::sync::{Arc, Barrier};
use uuid::Uuid;

/// A replica's own pool on the test database.
fn replica(db: &TestDb) -> Pool {
    desk_platform::db::pool(&DatabaseSettings {
        url: Secret::new(db.url_for("desk_billing")),
        pool_size: 2,
        connect_timeout_secs: 3,
    })
}

fn setup() -> anyhow::Result<(TestDb, Pool)> {
    let db = TestDb::create()?;
    let pool = replica(&db);
    desk_platform::db::migrate(&pool, desk_billing::MIGRATIONS)?;
    Ok((db, pool))
}

fn group() -> Uuid {
    desk_platform::demo::group_id()
}

/// `n` unit accounts of the estate, as the registry's events would have opened them.
fn open_units(db: &TestDb, estate: Uuid, n: usize) -> anyhow::Result<()> {
    let values = (0..n)
        .map(|i| {
            format!(
                "('{}', '{estate}', '{}', '{}-1-{}', {}, 1)",
                group(),
                desk_platform::demo::id("unit", &format!("{estate}/{i}")),
                1 + i / 40,
                101 + i % 40,
                8000 + 100 * i
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    db.admin()?.batch_execute(&format!(
        "INSERT INTO billing.unit_accounts (group_id, estate_id, unit_id, unit_label, area_centi_m2, registry_at) VALUES {values}"
    ))?;
    Ok(())
}

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(db: &TestDb, sql: &str) -> anyhow::Result<i64> {
    Ok(diesel::sql_query(sql).get_result::<N>(&mut db.admin()?)?.n)
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

/// The month's run as the fee-run endpoint does it: the schedule, then the run, in one
/// transaction.
fn run(pool: &Pool, estate: Uuid, month: &str) -> anyhow::Result<usize> {
    let mut conn = pool.get()?;
    conn.transaction::<_, anyhow::Error, _>(|conn| {
        let (rate, items) =
            fees::schedule(conn, group(), estate)?.ok_or_else(|| anyhow::anyhow!("no schedule"))?;
        let monthly: Vec<FeeItem> = items
            .into_iter()
            .filter(|i| i.kind == ItemKind::Monthly)
            .collect();
        Ok(fees::run_month(
            conn,
            group(),
            estate,
            (month, Utc::now()),
            rate,
            &monthly,
        )?)
    })
}

#[test]
fn the_months_fee_run_asked_of_two_replicas_at_once_charges_each_unit_once() -> anyhow::Result<()> {
    let (db, pool) = setup()?;
    let estate = desk_platform::demo::estate_id("SUN");
    let units = 240;
    open_units(&db, estate, units)?;
    let item = |code: &str, kind, price_fen| FeeItem {
        code: code.into(),
        name: code.into(),
        kind,
        price_fen,
    };
    fees::save_schedule(
        &mut *pool.get()?,
        group(),
        estate,
        250,
        &[
            item("garbage", ItemKind::Monthly, 1000),
            item("lift", ItemKind::Monthly, 1500),
            item("meeting_room", ItemKind::PerHour, 5000),
        ],
        Uuid::from_u128(1),
    )?;
    let months = ["2026-09", "2026-10", "2026-11"];
    let start = Arc::new(Barrier::new(2));
    let replicas: Vec<_> = (0..2)
        .map(|r| {
            let (pool, start) = (replica(&db), start.clone());
            std::thread::spawn(move || -> anyhow::Result<usize> {
                let mut order = months.to_vec();
                if r == 1 {
                    order.reverse();
                }
                start.wait();
                let mut charged = 0;
                for m in order {
                    charged += run(&pool, estate, m)?;
                }
                Ok(charged)
            })
        })
        .collect();
    let mut charged = 0;
    for r in replicas {
        charged += r
            .join()
            .map_err(|_| anyhow::anyhow!("replica panicked"))??;
    }
    // The management fee and the two monthly items, per unit and month, once.
    let want = (units * 3 * months.len()) as i64;
    assert_eq!(charged as i64, want);
    assert_eq!(
        count(&db, "SELECT count(*) AS n FROM billing.charges")?,
        want
    );
    let per_month = (units * 3) as i64;
    assert_eq!(
        keyed(
            &db,
            "SELECT period AS key, charges AS n FROM billing.period_stats ORDER BY period"
        )?,
        months.iter().map(|m| (m.to_string(), per_month)).collect()
    );
    assert_eq!(
        keyed(
            &db,
            "SELECT s.period AS key, (s.charged_fen - c.fen)::bigint AS n FROM billing.period_stats s \
             JOIN (SELECT period, sum(amount_fen) AS fen FROM billing.charges GROUP BY period) c USING (period)"
        )?,
        months.iter().map(|m| (m.to_string(), 0)).collect(),
        "the month's figures equal a recount"
    );
    // Run again: nothing is missing, nothing is charged.
    assert_eq!(run(&pool, estate, "2026-10")?, 0);
    Ok(())
}

#[test]
fn a_fee_run_stopped_midway_leaves_nothing_and_the_other_replica_charges_every_unit()
-> anyhow::Result<()> {
    let (db, pool) = setup()?;
    let estate = desk_platform::demo::estate_id("LAK");
    let units = 60;
    open_units(&db, estate, units)?;
    fees::save_schedule(
        &mut *pool.get()?,
        group(),
        estate,
        180,
        &[],
        Uuid::from_u128(1),
    )?;

    // One replica is halfway through the month's run: it holds the estate's run and has
    // charged some units when it is killed.
    let mut stopped = PgConnection::establish(&db.url_for("desk_billing"))?;
    stopped.batch_execute(&format!(
        "BEGIN; SELECT pg_advisory_xact_lock(hashtextextended('billing.fee_run/{estate}', 0)); \
         INSERT INTO billing.charges (group_id, estate_id, charge_id, unit_label, source, source_id, description, amount_fen, created_at, period) \
         SELECT group_id, estate_id, gen_random_uuid(), unit_label, 'management_fee', '2026-11/' || unit_id, '2026-11 物业管理费', 100, now(), '2026-11' \
         FROM billing.unit_accounts WHERE estate_id = '{estate}' LIMIT 20;"
    ))?;
    // The other replica, asked meanwhile, waits for it ...
    let other = {
        let pool = replica(&db);
        std::thread::spawn(move || run(&pool, estate, "2026-11"))
    };
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(!other.is_finished(), "the second run waits for the first");
    // ... and once the first is gone with nothing kept, charges every unit itself.
    drop(stopped);
    let charged = other
        .join()
        .map_err(|_| anyhow::anyhow!("replica panicked"))??;
    assert_eq!(charged, units);
    assert_eq!(
        count(&db, "SELECT count(*) AS n FROM billing.charges")?,
        units as i64
    );
    assert_eq!(
        count(&db, "SELECT charges AS n FROM billing.period_stats")?,
        units as i64
    );
    Ok(())
}

#[test]
fn two_demo_loaders_started_at_once_load_one_set_of_books() -> anyhow::Result<()> {
    let load_units = |db: &TestDb| -> anyhow::Result<()> {
        for (code, ..) in desk_platform::demo::ESTATES {
            open_units(db, desk_platform::demo::estate_id(code), 30)?;
        }
        Ok(())
    };
    let (db, _) = setup()?;
    load_units(&db)?;
    let start = Arc::new(Barrier::new(2));
    let loaders: Vec<_> = (0..2)
        .map(|_| {
            let (pool, start) = (replica(&db), start.clone());
            std::thread::spawn(move || -> anyhow::Result<usize> {
                start.wait();
                desk_billing::demo::load(&pool, std::time::Duration::from_secs(20))
            })
        })
        .collect();
    let mut added = 0;
    for l in loaders {
        added += l.join().map_err(|_| anyhow::anyhow!("loader panicked"))??;
    }

    // One set: what a single loader loads into an empty database, estate by estate.
    let (reference, reference_pool) = setup()?;
    load_units(&reference)?;
    desk_billing::demo::load(&reference_pool, std::time::Duration::from_secs(20))?;
    for sql in [
        "SELECT estate_id::text AS key, count(*) AS n FROM billing.payments GROUP BY estate_id",
        "SELECT estate_id::text AS key, count(*) AS n FROM billing.charges GROUP BY estate_id",
        "SELECT estate_id::text || '/' || period AS key, collected_fen AS n FROM billing.period_stats",
    ] {
        let stored = keyed(&db, sql)?;
        assert!(!stored.is_empty(), "{sql}");
        assert_eq!(stored, keyed(&reference, sql)?, "{sql}");
    }
    let payments = count(&db, "SELECT count(*) AS n FROM billing.payments")?;
    assert_eq!(added as i64, payments);
    // Receipt numbers stay gap-free: as many numbers as payments, per estate and year.
    assert_eq!(
        count(
            &db,
            "SELECT coalesce(sum(last_no), 0)::bigint AS n FROM billing.receipt_counters"
        )?,
        payments
    );
    // And a restart loads nothing more.
    assert_eq!(
        desk_billing::demo::load(&replica(&db), std::time::Duration::from_secs(20))?,
        0
    );
    Ok(())
}
