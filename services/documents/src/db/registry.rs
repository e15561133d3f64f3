//! The registry tables. Every query names the group first, then the estate.

use super::schema::{buildings, estates, id_reveals, residents, units};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = estates, check_for_backend(diesel::pg::Pg))]
pub struct EstateRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub code: String,
    pub name: String,
    pub service_centre_name: String,
    pub service_phone: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub greeting: Option<String>,
    pub business_hours: String,
    pub departments: Vec<String>,
    pub version: i32,
    /// The estate's time zone, an IANA name (`Asia/Shanghai` by default).
    pub time_zone: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = buildings, check_for_backend(diesel::pg::Pg))]
pub struct BuildingRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub building_id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = units, check_for_backend(diesel::pg::Pg))]
pub struct UnitRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub unit_id: Uuid,
    pub building_id: Uuid,
    pub label: String,
    pub floor: i32,
    pub area_centi_m2: i64,
    pub status: String,
    pub active: bool,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<Uuid>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = residents, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct ResidentRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub resident_id: Uuid,
    pub unit_id: Uuid,
    pub name: String,
    pub phone: Option<String>,
    pub relation: String,
    pub active: bool,
    pub phone_alt: Option<String>,
    pub id_number_enc: Option<Vec<u8>>,
    pub id_last4: Option<String>,
    pub move_in_date: Option<NaiveDate>,
    pub lease_start: Option<NaiveDate>,
    pub lease_end: Option<NaiveDate>,
    pub name_grams: Vec<String>,
    pub phone_rev: Option<String>,
    pub phone_alt_rev: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<Uuid>,
}

fn inserted(n: usize) -> bool {
    n == 1
}

/// Insert unless it exists (by key or by code); true when inserted.
pub fn insert_estate(conn: &mut PgConnection, row: &EstateRow) -> QueryResult<bool> {
    diesel::insert_into(estates::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)
        .map(inserted)
}

pub fn update_estate(conn: &mut PgConnection, row: &EstateRow) -> QueryResult<()> {
    diesel::update(
        estates::table
            .filter(estates::group_id.eq(row.group_id))
            .filter(estates::estate_id.eq(row.estate_id)),
    )
    .set(row)
    .execute(conn)?;
    Ok(())
}

pub fn find_estate_by_group(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
) -> QueryResult<Option<EstateRow>> {
    estates::table
        .filter(estates::group_id.eq(group_id))
        .filter(estates::estate_id.eq(estate_id))
        .select(EstateRow::as_select())
        .first(conn)
        .optional()
}

/// The group's estates, all of them or those listed.
pub fn list_estates_by_group(
    conn: &mut PgConnection,
    group_id: Uuid,
    only: Option<&[Uuid]>,
) -> QueryResult<Vec<EstateRow>> {
    let mut q = estates::table
        .filter(estates::group_id.eq(group_id))
        .into_boxed();
    if let Some(ids) = only {
        q = q.filter(estates::estate_id.eq_any(ids.to_vec()));
    }
    q.order(estates::code.asc())
        .select(EstateRow::as_select())
        .load(conn)
}

pub fn insert_building(conn: &mut PgConnection, row: &BuildingRow) -> QueryResult<bool> {
    diesel::insert_into(buildings::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)
        .map(inserted)
}

pub fn find_building_by_group_estate_name(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    name: &str,
) -> QueryResult<Option<BuildingRow>> {
    buildings::table
        .filter(buildings::group_id.eq(group_id))
        .filter(buildings::estate_id.eq(estate_id))
        .filter(buildings::name.eq(name))
        .select(BuildingRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_building_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    building_id: Uuid,
) -> QueryResult<Option<BuildingRow>> {
    buildings::table
        .filter(buildings::group_id.eq(group_id))
        .filter(buildings::estate_id.eq(estate_id))
        .filter(buildings::building_id.eq(building_id))
        .select(BuildingRow::as_select())
        .first(conn)
        .optional()
}

pub fn list_buildings_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
) -> QueryResult<Vec<BuildingRow>> {
    buildings::table
        .filter(buildings::group_id.eq(group_id))
        .filter(buildings::estate_id.eq(estate_id))
        .order(buildings::name.asc())
        .select(BuildingRow::as_select())
        .load(conn)
}

pub fn insert_unit(conn: &mut PgConnection, row: &UnitRow) -> QueryResult<bool> {
    diesel::insert_into(units::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)
        .map(inserted)
}

pub fn update_unit(conn: &mut PgConnection, row: &UnitRow) -> QueryResult<()> {
    diesel::update(
        units::table
            .filter(units::group_id.eq(row.group_id))
            .filter(units::estate_id.eq(row.estate_id))
            .filter(units::unit_id.eq(row.unit_id)),
    )
    .set(row)
    .execute(conn)?;
    Ok(())
}

pub fn find_unit_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    unit_id: Uuid,
) -> QueryResult<Option<UnitRow>> {
    units::table
        .filter(units::group_id.eq(group_id))
        .filter(units::estate_id.eq(estate_id))
        .filter(units::unit_id.eq(unit_id))
        .select(UnitRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_unit_by_group_estate_label(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    label: &str,
) -> QueryResult<Option<UnitRow>> {
    units::table
        .filter(units::group_id.eq(group_id))
        .filter(units::estate_id.eq(estate_id))
        .filter(units::label.eq(label))
        .select(UnitRow::as_select())
        .first(conn)
        .optional()
}

pub fn list_units_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    after_label: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<UnitRow>> {
    let mut q = units::table
        .filter(units::group_id.eq(group_id))
        .filter(units::estate_id.eq(estate_id))
        .into_boxed();
    if let Some(a) = after_label {
        q = q.filter(units::label.gt(a.to_string()));
    }
    q.order(units::label.asc())
        .limit(limit)
        .select(UnitRow::as_select())
        .load(conn)
}

pub fn insert_resident(conn: &mut PgConnection, row: &ResidentRow) -> QueryResult<bool> {
    diesel::insert_into(residents::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)
        .map(inserted)
}

pub fn update_resident(conn: &mut PgConnection, row: &ResidentRow) -> QueryResult<()> {
    diesel::update(
        residents::table
            .filter(residents::group_id.eq(row.group_id))
            .filter(residents::estate_id.eq(row.estate_id))
            .filter(residents::resident_id.eq(row.resident_id)),
    )
    .set(row)
    .execute(conn)?;
    Ok(())
}

pub fn find_resident_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    resident_id: Uuid,
) -> QueryResult<Option<ResidentRow>> {
    residents::table
        .filter(residents::group_id.eq(group_id))
        .filter(residents::estate_id.eq(estate_id))
        .filter(residents::resident_id.eq(resident_id))
        .select(ResidentRow::as_select())
        .first(conn)
        .optional()
}

pub fn list_residents_by_group_estate_unit(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    unit_id: Uuid,
) -> QueryResult<Vec<ResidentRow>> {
    residents::table
        .filter(residents::group_id.eq(group_id))
        .filter(residents::estate_id.eq(estate_id))
        .filter(residents::unit_id.eq(unit_id))
        .order((
            residents::active.desc(),
            residents::relation.asc(),
            residents::name.asc(),
        ))
        .select(ResidentRow::as_select())
        .load(conn)
}

pub fn record_id_reveal(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    resident_id: Uuid,
    staff_id: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(id_reveals::table)
        .values((
            id_reveals::group_id.eq(group_id),
            id_reveals::estate_id.eq(estate_id),
            id_reveals::resident_id.eq(resident_id),
            id_reveals::staff_id.eq(staff_id),
            id_reveals::revealed_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
