//! Each service's role reaches its own schema only, and every migration reverses cleanly.

use desk_platform::Secret;
use desk_platform::settings::DatabaseSettings;
use desk_testkit::TestDb;
use diesel::{Connection, PgConnection, RunQueryDsl};
use diesel_migrations::EmbeddedMigrations;

/// A service: its role, its schema, and its embedded migrations.
type Service = (&'static str, &'static str, fn() -> EmbeddedMigrations);

const SERVICES: [Service; 6] = [
    ("desk_gateway", "identity", || desk_gateway::MIGRATIONS),
    ("desk_reception", "reception", || desk_reception::MIGRATIONS),
    ("desk_complaints", "complaints", || {
        desk_complaints::MIGRATIONS
    }),
    ("desk_repairs", "repairs", || desk_repairs::MIGRATIONS),
    ("desk_billing", "billing", || desk_billing::MIGRATIONS),
    ("desk_documents", "documents", || desk_documents::MIGRATIONS),
];

fn pool(db: &TestDb, role: &str) -> desk_platform::db::Pool {
    desk_platform::db::pool(&DatabaseSettings {
        url: Secret::new(db.url_for(role)),
        pool_size: 1,
        connect_timeout_secs: 3,
    })
}

#[test]
fn every_migration_goes_up_down_and_up_again() -> anyhow::Result<()> {
    let db = TestDb::create()?;
    for (role, schema, migrations) in SERVICES {
        let p = pool(&db, role);
        let applied = desk_platform::db::migrate(&p, migrations())?;
        assert!(applied >= 1, "{schema}");
        let reverted = desk_platform::db::revert_all(&p, migrations())?;
        assert_eq!(reverted, applied, "{schema}: every migration has a down");
        let tables = db.count(&format!(
            "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = '{schema}' \
             AND table_name <> '__diesel_schema_migrations'"
        ))?;
        assert_eq!(tables, 0, "{schema}: down leaves nothing behind");
        assert_eq!(
            desk_platform::db::migrate(&p, migrations())?,
            applied,
            "{schema}: up again"
        );
    }
    Ok(())
}

#[test]
fn a_service_role_cannot_read_or_write_another_schema() -> anyhow::Result<()> {
    let db = TestDb::create()?;
    for (role, _, migrations) in SERVICES {
        desk_platform::db::migrate(&pool(&db, role), migrations())?;
    }
    let tables = [
        ("identity", "staff_accounts"),
        ("reception", "intakes"),
        ("complaints", "complaints"),
        ("repairs", "work_orders"),
        ("billing", "unit_accounts"),
        ("documents", "residents"),
    ];
    for (role, own, _) in SERVICES {
        let mut conn = PgConnection::establish(&db.url_for(role))?;
        for (schema, table) in tables {
            let read = diesel::sql_query(format!("SELECT 1 FROM {schema}.{table} LIMIT 1"))
                .execute(&mut conn);
            let write =
                diesel::sql_query(format!("DELETE FROM {schema}.{table}")).execute(&mut conn);
            if schema == own {
                assert!(
                    read.is_ok(),
                    "{role} reads its own {schema}.{table}: {read:?}"
                );
                assert!(write.is_ok(), "{role} writes its own {schema}.{table}");
            } else {
                let err = format!("{read:?}");
                assert!(
                    err.contains("permission denied"),
                    "{role} must not read {schema}.{table}: {err}"
                );
                assert!(write.is_err(), "{role} must not write {schema}.{table}");
            }
        }
        let create = diesel::sql_query("CREATE TABLE public.sneaky (x int)").execute(&mut conn);
        assert!(
            create.is_err(),
            "{role} cannot create tables outside its schema"
        );
    }
    Ok(())
}
