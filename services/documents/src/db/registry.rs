//! The registry tables.

use super::schema::{buildings, estates, residents, units};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = estates, check_for_backend(diesel::pg::Pg))]
pub struct EstateRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub code: String,
    pub name: String,
    pub service_centre_name: String,
    pub service_phone: String,
    pub active: bool,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = buildings, check_for_backend(diesel::pg::Pg))]
pub struct BuildingRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub building_id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
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
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = residents, check_for_backend(diesel::pg::Pg))]
pub struct ResidentRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub resident_id: Uuid,
    pub unit_id: Uuid,
    pub name: String,
    pub phone: Option<String>,
    pub relation: String,
    pub active: bool,
}

/// Insert an estate unless it exists; true when inserted.
pub fn insert_estate(conn: &mut PgConnection, row: &EstateRow) -> QueryResult<bool> {
    Ok(diesel::insert_into(estates::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?
        == 1)
}

pub fn insert_building(conn: &mut PgConnection, row: &BuildingRow) -> QueryResult<bool> {
    Ok(diesel::insert_into(buildings::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?
        == 1)
}

pub fn insert_unit(conn: &mut PgConnection, row: &UnitRow) -> QueryResult<bool> {
    Ok(diesel::insert_into(units::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?
        == 1)
}

pub fn insert_resident(conn: &mut PgConnection, row: &ResidentRow) -> QueryResult<bool> {
    Ok(diesel::insert_into(residents::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?
        == 1)
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
