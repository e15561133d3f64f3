//! The complaints table.

use super::schema::complaints;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = complaints, check_for_backend(diesel::pg::Pg))]
pub struct ComplaintRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub complaint_id: Uuid,
    pub complaint_no: String,
    pub intake_id: Option<Uuid>,
    pub severity: String,
    pub status: String,
    pub channel: String,
    pub complainant_name: Option<String>,
    pub complainant_phone: Option<String>,
    pub unit_label: Option<String>,
    pub description: String,
    pub taken_by: Uuid,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Insert unless the intake already has its complaint; true when inserted.
pub fn insert_once_per_intake(conn: &mut PgConnection, row: &ComplaintRow) -> QueryResult<bool> {
    let n = diesel::insert_into(complaints::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(n == 1)
}

pub fn find_by_group_estate_complaint(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    complaint_id: Uuid,
) -> QueryResult<Option<ComplaintRow>> {
    complaints::table
        .filter(complaints::group_id.eq(group_id))
        .filter(complaints::estate_id.eq(estate_id))
        .filter(complaints::complaint_id.eq(complaint_id))
        .select(ComplaintRow::as_select())
        .first(conn)
        .optional()
}

pub fn list_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    intake_id: Option<Uuid>,
    limit: i64,
) -> QueryResult<Vec<ComplaintRow>> {
    let mut q = complaints::table
        .filter(complaints::group_id.eq(group_id))
        .filter(complaints::estate_id.eq(estate_id))
        .into_boxed();
    if let Some(i) = intake_id {
        q = q.filter(complaints::intake_id.eq(i));
    }
    q.order((
        complaints::created_at.desc(),
        complaints::complaint_id.desc(),
    ))
    .limit(limit)
    .select(ComplaintRow::as_select())
    .load(conn)
}
