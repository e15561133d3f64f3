//! The work-orders table.

use super::schema::work_orders;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = work_orders, check_for_backend(diesel::pg::Pg))]
pub struct WorkOrderRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub work_order_id: Uuid,
    pub order_no: String,
    pub intake_id: Option<Uuid>,
    pub kind: String,
    pub status: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub unit_label: Option<String>,
    pub problem: String,
    pub reported_by: Uuid,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Insert unless the intake already has its order; true when inserted.
pub fn insert_once_per_intake(conn: &mut PgConnection, row: &WorkOrderRow) -> QueryResult<bool> {
    let n = diesel::insert_into(work_orders::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(n == 1)
}

pub fn find_by_group_estate_work_order(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    work_order_id: Uuid,
) -> QueryResult<Option<WorkOrderRow>> {
    work_orders::table
        .filter(work_orders::group_id.eq(group_id))
        .filter(work_orders::estate_id.eq(estate_id))
        .filter(work_orders::work_order_id.eq(work_order_id))
        .select(WorkOrderRow::as_select())
        .first(conn)
        .optional()
}

pub fn list_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    intake_id: Option<Uuid>,
    limit: i64,
) -> QueryResult<Vec<WorkOrderRow>> {
    let mut q = work_orders::table
        .filter(work_orders::group_id.eq(group_id))
        .filter(work_orders::estate_id.eq(estate_id))
        .into_boxed();
    if let Some(i) = intake_id {
        q = q.filter(work_orders::intake_id.eq(i));
    }
    q.order((
        work_orders::created_at.desc(),
        work_orders::work_order_id.desc(),
    ))
    .limit(limit)
    .select(WorkOrderRow::as_select())
    .load(conn)
}
