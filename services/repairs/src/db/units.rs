//! The registry's units, as documents publishes them.

use super::schema::units;
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = units, check_for_backend(diesel::pg::Pg))]
pub struct UnitRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub unit_id: Uuid,
    pub unit_label: String,
    pub active: bool,
    pub registry_at: i64,
}

/// Keep the unit as the registry says, unless a newer version is already kept.
pub fn upsert_newer(conn: &mut PgConnection, row: &UnitRow) -> QueryResult<()> {
    use diesel::sql_types::{BigInt, Bool, Text, Uuid as SqlUuid};
    diesel::sql_query(
        "INSERT INTO repairs.units (group_id, estate_id, unit_id, unit_label, active, registry_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (group_id, estate_id, unit_id) DO UPDATE SET \
         unit_label = EXCLUDED.unit_label, active = EXCLUDED.active, registry_at = EXCLUDED.registry_at \
         WHERE repairs.units.registry_at <= EXCLUDED.registry_at",
    )
    .bind::<SqlUuid, _>(row.group_id)
    .bind::<SqlUuid, _>(row.estate_id)
    .bind::<SqlUuid, _>(row.unit_id)
    .bind::<Text, _>(&row.unit_label)
    .bind::<Bool, _>(row.active)
    .bind::<BigInt, _>(row.registry_at)
    .execute(conn)?;
    Ok(())
}

/// The estate's registry has an active unit with this label.
pub fn exists_by_group_estate_label(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    unit_label: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        units::table
            .filter(units::group_id.eq(group_id))
            .filter(units::estate_id.eq(estate_id))
            .filter(units::unit_label.eq(unit_label))
            .filter(units::active.eq(true)),
    ))
    .get_result(conn)
}
