//! The pass register against a real PostgreSQL: numbers stay gap-free while desks issue at
//! once and some issues roll back, every pass leaves with exactly one event, a retried issue
//! finds its pass, and the holder's ID number is sealed at rest.

use desk_documents::app::passes::{self as app, NewPass};
use desk_documents::app::registry::Actor;
use desk_documents::db::registry;
use desk_documents::error::Error;
use desk_documents::privacy::IdSealer;
use desk_platform::Secret;
use desk_platform::db::Pool;
use desk_platform::settings::DatabaseSettings;
use desk_testkit::TestDb;
use diesel::Connection;
use std::collections::BTreeSet;
use uuid::Uuid;

const ID_NUMBER: &str = "11010519491231002X";

fn setup() -> anyhow::Result<(TestDb, Pool, IdSealer, Uuid, String)> {
    let db = TestDb::create()?;
    let pool = desk_platform::db::pool(&DatabaseSettings {
        url: Secret::new(db.url_for("desk_documents")),
        pool_size: 8,
        connect_timeout_secs: 3,
    });
    desk_platform::db::migrate(&pool, desk_documents::MIGRATIONS)?;
    desk_documents::load_demo(&pool)?;
    let sealer = IdSealer::from_base64(&desk_testkit::random_key())?;
    let sun = desk_platform::demo::estate_id("SUN");
    let mut conn = pool.get()?;
    let units = registry::list_units_by_group_estate(
        &mut conn,
        desk_platform::demo::group_id(),
        sun,
        None,
        200,
    )?;
    let unit = units
        .into_iter()
        .find(|u| u.status == "occupied")
        .map(|u| u.label)
        .ok_or_else(|| anyhow::anyhow!("an occupied unit"))?;
    Ok((db, pool, sealer, sun, unit))
}

fn actor(staff: u128) -> Actor {
    Actor {
        group_id: desk_platform::demo::group_id(),
        staff_id: Uuid::from_u128(staff),
        correlation_id: Uuid::now_v7(),
    }
}

fn resident_pass(unit: &str, key: Option<&str>) -> NewPass {
    NewPass {
        kind: "resident".into(),
        unit_id: None,
        unit_label: Some(unit.to_string()),
        holder_name: "李四".into(),
        holder_phone: Some("13800138000".into()),
        holder_id_number: ID_NUMBER.into(),
        resident_id: None,
        owner_resident_id: None,
        valid_until: None,
        idempotency_key: key.map(str::to_string),
    }
}

#[test]
fn pass_numbers_have_no_gaps_while_desks_issue_at_once() -> anyhow::Result<()> {
    let (db, pool, sealer, sun, unit) = setup()?;
    let desks: Vec<_> = (0..6_u128)
        .map(|d| {
            let (pool, sealer, unit) = (pool.clone(), sealer.clone(), unit.clone());
            std::thread::spawn(move || -> anyhow::Result<usize> {
                let mut conn = pool.get()?;
                let mut kept = 0;
                for i in 0..8 {
                    let roll_back = i % 3 == 2;
                    let done = conn.transaction::<_, Error, _>(|conn| {
                        app::issue(
                            conn,
                            &actor(d + 1),
                            &sealer,
                            sun,
                            chrono::Utc::now(),
                            today(),
                            resident_pass(&unit, None),
                        )?;
                        if roll_back {
                            return Err(Error::Internal("the desk cancelled".into()));
                        }
                        Ok(())
                    });
                    match (done, roll_back) {
                        (Ok(()), false) => kept += 1,
                        (Err(Error::Internal(_)), true) => {}
                        (other, _) => anyhow::bail!("unexpected: {other:?}"),
                    }
                }
                Ok(kept)
            })
        })
        .collect();
    let mut kept = 0;
    for d in desks {
        kept += d.join().map_err(|_| anyhow::anyhow!("a desk panicked"))??;
    }
    assert_eq!(kept, 6 * 6);
    let numbers: BTreeSet<i64> = {
        #[derive(diesel::QueryableByName)]
        struct Seq {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            seq: i64,
        }
        let mut admin = db.admin()?;
        let rows: Vec<Seq> = diesel::RunQueryDsl::load(
            diesel::sql_query("SELECT seq FROM documents.passes"),
            &mut admin,
        )?;
        rows.into_iter().map(|r| r.seq).collect()
    };
    assert_eq!(numbers, (1..=kept as i64).collect(), "1 to {kept}, no gaps");
    assert_eq!(
        db.count(
            "SELECT count(*) AS n FROM documents.outbox WHERE event_type = 'documents.pass.issued'"
        )?,
        kept as i64,
        "one event per pass kept, none for the rolled back"
    );
    Ok(())
}

#[test]
fn a_retried_issue_finds_its_pass_and_the_id_number_is_sealed() -> anyhow::Result<()> {
    let (db, pool, sealer, sun, unit) = setup()?;
    let mut conn = pool.get()?;
    let mut issue = |staff: u128, key: Option<&str>| {
        conn.transaction::<_, Error, _>(|conn| {
            app::issue(
                conn,
                &actor(staff),
                &sealer,
                sun,
                chrono::Utc::now(),
                today(),
                resident_pass(&unit, key),
            )
        })
    };
    let (first, created) = issue(1, Some("k-1"))?;
    assert!(created);
    let (again, created) = issue(1, Some("k-1"))?;
    assert!(!created);
    assert_eq!(again.pass_id, first.pass_id);
    let (other, created) = issue(2, Some("k-1"))?;
    assert!(created, "another desk's key is its own");
    assert_ne!(other.pass_id, first.pass_id);
    assert_eq!(
        db.count(
            "SELECT count(*) AS n FROM documents.outbox WHERE event_type = 'documents.pass.issued'"
        )?,
        2
    );
    assert_eq!(
        db.count(&format!(
            "SELECT count(*) AS n FROM documents.passes WHERE position('{ID_NUMBER}'::bytea in holder_id_enc) > 0 \
             OR holder_id_last4 <> '002X'"
        ))?,
        0,
        "only the last four characters in clear"
    );
    assert_eq!(sealer.open(first.pass_id, &first.holder_id_enc)?, ID_NUMBER);
    assert!(
        sealer.open(other.pass_id, &first.holder_id_enc).is_err(),
        "bound to its pass"
    );
    Ok(())
}

/// Today at the demo estates.
fn today() -> chrono::NaiveDate {
    desk_platform::local::Zone::default().date(chrono::Utc::now())
}
