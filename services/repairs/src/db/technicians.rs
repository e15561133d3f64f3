//! The estate's technicians.

use super::schema::technicians;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = technicians, check_for_backend(diesel::pg::Pg))]
pub struct TechnicianRow {
    #[serde(skip)]
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub technician_id: Uuid,
    pub name: String,
    pub skills: Vec<String>,
    pub working_hours: String,
    pub max_open: i32,
    pub active: bool,
    pub updated_at: DateTime<Utc>,
}

pub fn upsert(conn: &mut PgConnection, row: &TechnicianRow) -> QueryResult<()> {
    diesel::insert_into(technicians::table)
        .values(row)
        .on_conflict((
            technicians::group_id,
            technicians::estate_id,
            technicians::technician_id,
        ))
        .do_update()
        .set(row)
        .execute(conn)?;
    Ok(())
}

pub fn find(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    technician_id: Uuid,
) -> QueryResult<Option<TechnicianRow>> {
    technicians::table
        .filter(technicians::group_id.eq(group_id))
        .filter(technicians::estate_id.eq(estate_id))
        .filter(technicians::technician_id.eq(technician_id))
        .select(TechnicianRow::as_select())
        .first(conn)
        .optional()
}

pub fn list_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
) -> QueryResult<Vec<TechnicianRow>> {
    technicians::table
        .filter(technicians::group_id.eq(group_id))
        .filter(technicians::estate_id.eq(estate_id))
        .order(technicians::name.asc())
        .select(TechnicianRow::as_select())
        .load(conn)
}
