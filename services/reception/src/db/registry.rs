//! Reception's copy of the registry. Each upsert applies only a newer version than the one
//! held, so replays and out-of-order deliveries leave the newest state.

use super::schema::{estates, residents, units};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = estates, check_for_backend(diesel::pg::Pg))]
pub struct EstateCopy {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub code: String,
    pub name: String,
    pub service_centre_name: String,
    pub greeting: Option<String>,
    pub business_hours: String,
    pub active: bool,
    pub version: i32,
    /// The estate's IANA time zone, where its dates are read.
    pub time_zone: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = units, check_for_backend(diesel::pg::Pg))]
pub struct UnitCopy {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub unit_id: Uuid,
    pub label: String,
    pub building_name: String,
    pub status: String,
    pub active: bool,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = residents, check_for_backend(diesel::pg::Pg))]
pub struct ResidentCopy {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub resident_id: Uuid,
    pub unit_id: Uuid,
    pub name: String,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub relation: String,
    pub active: bool,
    pub version: i32,
}

pub fn upsert_estate(conn: &mut PgConnection, row: &EstateCopy) -> QueryResult<()> {
    if diesel::insert_into(estates::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?
        == 0
    {
        diesel::update(
            estates::table
                .filter(estates::group_id.eq(row.group_id))
                .filter(estates::estate_id.eq(row.estate_id))
                .filter(estates::version.lt(row.version)),
        )
        .set((
            estates::code.eq(&row.code),
            estates::name.eq(&row.name),
            estates::service_centre_name.eq(&row.service_centre_name),
            estates::greeting.eq(&row.greeting),
            estates::business_hours.eq(&row.business_hours),
            estates::active.eq(row.active),
            estates::version.eq(row.version),
            estates::time_zone.eq(&row.time_zone),
        ))
        .execute(conn)?;
    }
    Ok(())
}

pub fn upsert_unit(conn: &mut PgConnection, row: &UnitCopy) -> QueryResult<()> {
    if diesel::insert_into(units::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?
        == 0
    {
        diesel::update(
            units::table
                .filter(units::group_id.eq(row.group_id))
                .filter(units::estate_id.eq(row.estate_id))
                .filter(units::unit_id.eq(row.unit_id))
                .filter(units::version.lt(row.version)),
        )
        .set((
            units::label.eq(&row.label),
            units::building_name.eq(&row.building_name),
            units::status.eq(&row.status),
            units::active.eq(row.active),
            units::version.eq(row.version),
        ))
        .execute(conn)?;
    }
    Ok(())
}

pub fn upsert_resident(conn: &mut PgConnection, row: &ResidentCopy) -> QueryResult<()> {
    if diesel::insert_into(residents::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?
        == 0
    {
        diesel::update(
            residents::table
                .filter(residents::group_id.eq(row.group_id))
                .filter(residents::estate_id.eq(row.estate_id))
                .filter(residents::resident_id.eq(row.resident_id))
                .filter(residents::version.lt(row.version)),
        )
        .set((
            residents::unit_id.eq(row.unit_id),
            residents::name.eq(&row.name),
            residents::phone.eq(&row.phone),
            residents::phone_alt.eq(&row.phone_alt),
            residents::relation.eq(&row.relation),
            residents::active.eq(row.active),
            residents::version.eq(row.version),
        ))
        .execute(conn)?;
    }
    Ok(())
}

pub fn find_unit(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    unit_id: Uuid,
) -> QueryResult<Option<UnitCopy>> {
    units::table
        .filter(units::group_id.eq(group_id))
        .filter(units::estate_id.eq(estate_id))
        .filter(units::unit_id.eq(unit_id))
        .select(UnitCopy::as_select())
        .first(conn)
        .optional()
}

pub fn find_unit_by_label(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    label: &str,
) -> QueryResult<Option<UnitCopy>> {
    units::table
        .filter(units::group_id.eq(group_id))
        .filter(units::estate_id.eq(estate_id))
        .filter(units::label.eq(label))
        .filter(units::active.eq(true))
        .select(UnitCopy::as_select())
        .first(conn)
        .optional()
}

pub fn find_resident(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    resident_id: Uuid,
) -> QueryResult<Option<ResidentCopy>> {
    residents::table
        .filter(residents::group_id.eq(group_id))
        .filter(residents::estate_id.eq(estate_id))
        .filter(residents::resident_id.eq(resident_id))
        .select(ResidentCopy::as_select())
        .first(conn)
        .optional()
}

/// Residents whose phone is exactly `phone`, in the given estates: the caller before the desk answers.
pub fn residents_by_phone(
    conn: &mut PgConnection,
    group_id: Uuid,
    estates_in: Option<&[Uuid]>,
    phone: &str,
) -> QueryResult<Vec<ResidentCopy>> {
    let mut q = residents::table
        .filter(residents::group_id.eq(group_id))
        .filter(
            residents::phone
                .eq(phone)
                .or(residents::phone_alt.eq(phone)),
        )
        .filter(residents::active.eq(true))
        .into_boxed();
    if let Some(ids) = estates_in {
        q = q.filter(residents::estate_id.eq_any(ids.to_vec()));
    }
    q.limit(10).select(ResidentCopy::as_select()).load(conn)
}

/// The estate's time zone: the registry's, or Asia/Shanghai for an estate not (yet) copied.
pub fn zone_of_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
) -> QueryResult<desk_platform::local::Zone> {
    let name: Option<String> = estates::table
        .filter(estates::group_id.eq(group_id))
        .filter(estates::estate_id.eq(estate_id))
        .select(estates::time_zone)
        .first(conn)
        .optional()?;
    Ok(name
        .map(|n| desk_platform::local::Zone::or_default(&n))
        .unwrap_or_default())
}

pub fn find_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
) -> QueryResult<Option<EstateCopy>> {
    estates::table
        .filter(estates::group_id.eq(group_id))
        .filter(estates::estate_id.eq(estate_id))
        .select(EstateCopy::as_select())
        .first(conn)
        .optional()
}
