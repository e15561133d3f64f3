//! Two replicas of complaints on one database: their deadline sweeps run at the same instant
//! and every reminder, late mark and escalation still happens once, with one event each; a
//! replica that stops while it holds complaints leaves them due, and the other's next sweep
//! does them. Two demo loaders started at once load one set of complaints.

use chrono::{DateTime, Duration, TimeZone, Utc};
use desk_auth::Role;
use desk_complaints::app::handling::{self, Actor, Classification, ExtensionIn, NewComplaint};
use desk_complaints::app::sweep::{Swept, sweep_once};
use desk_events::Payload;
use desk_platform::Secret;
use desk_platform::db::Pool;
use desk_platform::settings::DatabaseSettings;
use desk_testkit::TestDb;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bytea, Text};
use prost::Message;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Barrier};
use uuid::Uuid;

/// A replica's own pool on the test database.
fn replica(db: &TestDb) -> Pool {
    desk_platform::db::pool(&DatabaseSettings {
        url: Secret::new(db.url_for("desk_complaints")),
        pool_size: 2,
        connect_timeout_secs: 3,
    })
}

fn setup() -> anyhow::Result<(TestDb, Pool)> {
    let db = TestDb::create()?;
    let pool = replica(&db);
    desk_platform::db::migrate(&pool, desk_complaints::MIGRATIONS)?;
    Ok((db, pool))
}

fn group() -> Uuid {
    desk_platform::demo::group_id()
}

fn estate() -> Uuid {
    desk_platform::demo::estate_id("SUN")
}

/// Wednesday 2 December 2026, 10:00 in Beijing: a working day, before the close.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 2, 0, 0)
        .single()
        .unwrap_or_default()
}

fn actor(now: DateTime<Utc>) -> Actor {
    Actor {
        group_id: group(),
        staff_id: Some(Uuid::from_u128(7)),
        roles: vec![Role::Supervisor, Role::EstateManager, Role::Receptionist],
        now,
        correlation_id: Uuid::now_v7(),
    }
}

/// Open `n` complaints at `t0`; every other one is found valid and assigned ten minutes later.
/// Returns (assigned, left unassigned).
fn open_complaints(pool: &Pool, n: usize) -> anyhow::Result<(Vec<Uuid>, Vec<Uuid>)> {
    let mut conn = pool.get()?;
    let (mut assigned, mut waiting) = (Vec::new(), Vec::new());
    conn.transaction::<_, anyhow::Error, _>(|conn| {
        for i in 0..n {
            let c = handling::open(
                conn,
                &actor(t0()),
                NewComplaint {
                    estate_id: estate(),
                    intake_id: None,
                    channel: "phone".into(),
                    complainant_name: None,
                    complainant_phone: None,
                    unit_label: Some(format!("1-1-{}", 101 + i)),
                    description: "楼上漏水".into(),
                    location: None,
                    occurred_at: None,
                    demand: None,
                    complaint_type: Some("other".into()),
                    taken_by: Uuid::from_u128(7),
                },
            )?
            .ok_or_else(|| anyhow::anyhow!("complaint not opened"))?;
            if i % 2 == 1 {
                waiting.push(c.complaint_id);
                continue;
            }
            let later = actor(t0() + Duration::minutes(10));
            handling::classify(
                conn,
                &later,
                estate(),
                c.complaint_id,
                Classification {
                    complaint_type: None,
                    severity: None,
                    validity: Some("valid".into()),
                    reason: "已核实".into(),
                },
            )?;
            handling::assign(
                conn,
                &later,
                estate(),
                c.complaint_id,
                "engineering",
                None,
                ExtensionIn::default(),
            )?;
            assigned.push(c.complaint_id);
        }
        Ok(())
    })?;
    Ok((assigned, waiting))
}

/// Sweep from two replicas at the same instant, each on its own pool; what each did.
fn sweep_from_two_replicas(db: &TestDb, at: DateTime<Utc>) -> anyhow::Result<[Swept; 2]> {
    let start = Arc::new(Barrier::new(2));
    let replicas: Vec<_> = (0..2)
        .map(|_| {
            let (pool, start) = (replica(db), start.clone());
            std::thread::spawn(move || -> anyhow::Result<Swept> {
                let mut conn = pool.get()?;
                let clock: desk_platform::Clock = Arc::new(move || at);
                start.wait();
                sweep_once(&mut conn, &clock)
            })
        })
        .collect();
    let mut out = [Swept::default(); 2];
    for (i, r) in replicas.into_iter().enumerate() {
        out[i] = r
            .join()
            .map_err(|_| anyhow::anyhow!("replica panicked"))??;
    }
    Ok(out)
}

#[derive(QueryableByName)]
struct OutboxRow {
    #[diesel(sql_type = Text)]
    event_type: String,
    #[diesel(sql_type = Bytea)]
    payload: Vec<u8>,
}

/// Every escalation level announced per complaint, and every complaint announced due soon
/// (as often as announced), from the outbox.
type Announced = (BTreeMap<Uuid, Vec<i32>>, Vec<Uuid>);

fn announced(db: &TestDb) -> anyhow::Result<Announced> {
    let rows: Vec<OutboxRow> =
        diesel::sql_query("SELECT event_type, payload FROM complaints.outbox ORDER BY id")
            .load(&mut db.admin()?)?;
    let (mut escalated, mut due_soon) = (BTreeMap::<Uuid, Vec<i32>>::new(), Vec::new());
    for r in rows {
        let e = desk_events::Envelope::decode(r.payload.as_slice())?;
        match e.payload {
            Some(Payload::ComplaintEscalated(x)) => {
                escalated
                    .entry(x.complaint_id.parse()?)
                    .or_default()
                    .push(x.level);
            }
            Some(Payload::ComplaintDueSoon(x)) => due_soon.push(x.complaint_id.parse()?),
            _ => anyhow::ensure!(
                !r.event_type.contains("escalated") && !r.event_type.contains("due_soon"),
                "an escalation or reminder without its payload"
            ),
        }
    }
    Ok((escalated, due_soon))
}

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct PerEstate {
    #[diesel(sql_type = Text)]
    estate: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn per_estate_counts(db: &TestDb, sql: &str) -> anyhow::Result<BTreeMap<String, i64>> {
    let rows: Vec<PerEstate> = diesel::sql_query(sql).load(&mut db.admin()?)?;
    Ok(rows.into_iter().map(|r| (r.estate, r.n)).collect())
}

fn count(db: &TestDb, sql: &str) -> anyhow::Result<i64> {
    Ok(diesel::sql_query(sql).get_result::<N>(&mut db.admin()?)?.n)
}

#[test]
fn two_replicas_sweeping_at_once_remind_mark_late_and_escalate_each_complaint_once()
-> anyhow::Result<()> {
    let (db, pool) = setup()?;
    let (assigned, waiting) = open_complaints(&pool, 400)?;
    let deadline: DateTime<Utc> = {
        use desk_complaints::db::schema::complaints;
        complaints::table
            .filter(complaints::complaint_id.eq(assigned[0]))
            .select(complaints::deadline_at)
            .first::<Option<DateTime<Utc>>>(&mut pool.get()?)?
            .ok_or_else(|| anyhow::anyhow!("an assigned complaint has a deadline"))?
    };

    // Half an hour before the deadline: the assigned ones are reminded, the unassigned ones
    // (due for assignment within two hours of t0) have climbed.
    let first = sweep_from_two_replicas(&db, deadline - Duration::minutes(30))?;
    let (escalated, due_soon) = announced(&db)?;
    assert_eq!(
        first[0].reminded + first[1].reminded,
        assigned.len(),
        "{first:?}"
    );
    assert_eq!(
        due_soon.iter().collect::<BTreeSet<_>>(),
        assigned.iter().collect::<BTreeSet<_>>()
    );
    assert_eq!(due_soon.len(), assigned.len(), "one reminder each");
    assert_eq!(
        escalated.keys().collect::<BTreeSet<_>>(),
        waiting.iter().collect::<BTreeSet<_>>()
    );
    assert!(escalated.values().all(|levels| levels.len() == 1));
    assert_eq!(
        first[0].escalated + first[1].escalated,
        waiting.len(),
        "{first:?}"
    );

    // A month later every deadline has long passed: the assigned ones are late once each and
    // every complaint is at head office, each level announced once.
    let second = sweep_from_two_replicas(&db, t0() + Duration::days(30))?;
    assert_eq!(second[0].lapsed + second[1].lapsed, assigned.len());
    let (escalated, due_soon) = announced(&db)?;
    assert_eq!(due_soon.len(), assigned.len(), "no reminder again");
    assert_eq!(escalated.len(), assigned.len() + waiting.len());
    for (complaint, levels) in &escalated {
        let distinct: BTreeSet<_> = levels.iter().collect();
        assert_eq!(distinct.len(), levels.len(), "{complaint}: {levels:?}");
        assert_eq!(levels.last(), Some(&3), "{complaint} reached head office");
    }
    let events: usize = escalated.values().map(Vec::len).sum();
    assert_eq!(
        count(
            &db,
            "SELECT count(*) AS n FROM complaints.trail WHERE action = 'escalated'"
        )?,
        events as i64,
        "one trail step per escalation"
    );
    assert_eq!(
        (first[0].escalated + first[1].escalated + second[0].escalated + second[1].escalated),
        events
    );
    // Late once each in the month's figures, for the estate and for the group.
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT coalesce(sum(due), 0)::bigint AS n FROM complaints.stats WHERE estate_id = '{}'",
                estate()
            )
        )?,
        assigned.len() as i64
    );
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT coalesce(sum(due), 0)::bigint AS n FROM complaints.stats WHERE estate_id = '{}'",
                Uuid::nil()
            )
        )?,
        assigned.len() as i64
    );
    // Nothing is left to do at that instant.
    let again = sweep_from_two_replicas(&db, t0() + Duration::days(30))?;
    assert_eq!(again[0].escalated + again[1].escalated, 0);
    Ok(())
}

#[test]
fn complaints_a_stopped_replica_held_are_escalated_by_the_other_on_its_next_sweep()
-> anyhow::Result<()> {
    let (db, pool) = setup()?;
    let (assigned, waiting) = open_complaints(&pool, 40)?;
    let all = assigned.len() + waiting.len();
    let held: Vec<Uuid> = assigned
        .iter()
        .chain(&waiting)
        .step_by(8)
        .copied()
        .collect();
    let at = t0() + Duration::days(30);
    let clock: desk_platform::Clock = Arc::new(move || at);

    // The stopped replica was looking at five complaints: its transaction holds their rows.
    let mut stopped = PgConnection::establish(&db.url_for("desk_complaints"))?;
    let ids = held
        .iter()
        .map(|id| format!("'{id}'"))
        .collect::<Vec<_>>()
        .join(", ");
    stopped.batch_execute(&format!(
        "BEGIN; SELECT 1 FROM complaints.complaints WHERE complaint_id IN ({ids}) FOR UPDATE;"
    ))?;

    // The other replica does everything else, without waiting for it.
    let mut conn = pool.get()?;
    let started = std::time::Instant::now();
    let swept = sweep_once(&mut conn, &clock)?;
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(swept.escalated, all - held.len());
    let (escalated, _) = announced(&db)?;
    assert!(held.iter().all(|id| !escalated.contains_key(id)));

    // The replica dies: its transaction ends with its connection, and nothing it did stays.
    drop(stopped);
    let swept = sweep_once(&mut conn, &clock)?;
    assert_eq!(swept.escalated, held.len());
    let (escalated, _) = announced(&db)?;
    assert_eq!(escalated.len(), all);
    assert!(escalated.values().all(|levels| levels == &vec![3]));
    assert_eq!(sweep_once(&mut conn, &clock)?.escalated, 0);
    Ok(())
}

#[test]
fn two_demo_loaders_started_at_once_load_one_set_of_complaints() -> anyhow::Result<()> {
    let (db, _) = setup()?;
    let start = Arc::new(Barrier::new(2));
    let loaders: Vec<_> = (0..2)
        .map(|_| {
            let (pool, start) = (replica(&db), start.clone());
            std::thread::spawn(move || -> anyhow::Result<usize> {
                start.wait();
                desk_complaints::demo::load(&pool)
            })
        })
        .collect();
    let mut opened = 0;
    for l in loaders {
        opened += l.join().map_err(|_| anyhow::anyhow!("loader panicked"))??;
    }
    // One set: what a single loader loads into an empty database, estate by estate.
    let (reference, _) = setup()?;
    desk_complaints::demo::load(&replica(&reference))?;
    let per_estate = "SELECT estate_id::text AS estate, count(*) AS n FROM complaints.complaints \
                      GROUP BY estate_id ORDER BY estate_id";
    let stored = per_estate_counts(&db, per_estate)?;
    assert_eq!(stored, per_estate_counts(&reference, per_estate)?);
    assert_eq!(stored.len(), 3);
    let total: i64 = stored.values().sum();
    assert_eq!(opened as i64, total);
    assert_eq!(
        count(
            &db,
            "SELECT coalesce(sum(received), 0)::bigint AS n FROM complaints.stats WHERE estate_id <> '00000000-0000-0000-0000-000000000000'"
        )?,
        total
    );
    // And a restart loads nothing more.
    assert_eq!(desk_complaints::demo::load(&replica(&db))?, 0);
    Ok(())
}
