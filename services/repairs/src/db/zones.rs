//! Each estate's time zone, as the registry publishes it.

use super::schema::estate_zones as ez;
use desk_platform::local::Zone;
use diesel::prelude::*;
use uuid::Uuid;

/// The estate's zone: the registry's, or the default (Asia/Shanghai) for an estate not copied.
pub fn zone_of(conn: &mut PgConnection, group_id: Uuid, estate_id: Uuid) -> QueryResult<Zone> {
    let name: Option<String> = ez::table
        .filter(ez::group_id.eq(group_id))
        .filter(ez::estate_id.eq(estate_id))
        .select(ez::time_zone)
        .first(conn)
        .optional()?;
    Ok(name.map(|n| Zone::or_default(&n)).unwrap_or_default())
}

/// Keep the estate's zone as the registry says, unless a newer version is already kept.
pub fn upsert_newer(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    time_zone: &str,
    registry_at: i64,
) -> QueryResult<()> {
    use diesel::sql_types::{BigInt, Text, Uuid as SqlUuid};
    diesel::sql_query(
        "INSERT INTO repairs.estate_zones (group_id, estate_id, time_zone, registry_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (group_id, estate_id) DO UPDATE SET \
         time_zone = EXCLUDED.time_zone, registry_at = EXCLUDED.registry_at \
         WHERE repairs.estate_zones.registry_at <= EXCLUDED.registry_at",
    )
    .bind::<SqlUuid, _>(group_id)
    .bind::<SqlUuid, _>(estate_id)
    .bind::<Text, _>(time_zone)
    .bind::<BigInt, _>(registry_at)
    .execute(conn)?;
    Ok(())
}
