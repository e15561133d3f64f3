//! The work order's trail.

use super::schema::trail;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = trail, check_for_backend(diesel::pg::Pg))]
pub struct TrailRow {
    #[serde(skip)]
    pub group_id: Uuid,
    #[serde(skip)]
    pub estate_id: Uuid,
    #[serde(skip)]
    pub work_order_id: Uuid,
    #[serde(skip)]
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<Uuid>,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub reason: Option<String>,
}

#[allow(clippy::too_many_arguments)]
pub fn record(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    work_order_id: Uuid,
    at: DateTime<Utc>,
    actor: Option<Uuid>,
    action: &str,
    from: Option<&str>,
    to: Option<&str>,
    reason: Option<&str>,
) -> QueryResult<()> {
    diesel::insert_into(trail::table)
        .values((
            trail::group_id.eq(group_id),
            trail::estate_id.eq(estate_id),
            trail::work_order_id.eq(work_order_id),
            trail::at.eq(at),
            trail::actor.eq(actor),
            trail::action.eq(action),
            trail::from_status.eq(from),
            trail::to_status.eq(to),
            trail::reason.eq(reason),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn of_work_order(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    work_order_id: Uuid,
) -> QueryResult<Vec<TrailRow>> {
    trail::table
        .filter(trail::group_id.eq(group_id))
        .filter(trail::estate_id.eq(estate_id))
        .filter(trail::work_order_id.eq(work_order_id))
        .order(trail::seq.asc())
        .select(TrailRow::as_select())
        .load(conn)
}
