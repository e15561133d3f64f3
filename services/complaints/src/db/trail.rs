//! The complaint's trail: every step, who took it, and why.

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
    pub complaint_id: Uuid,
    #[serde(skip)]
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<Uuid>,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub reason: Option<String>,
    pub details: serde_json::Value,
}

pub struct Step<'a> {
    pub at: DateTime<Utc>,
    pub actor: Option<Uuid>,
    pub action: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub details: serde_json::Value,
}

pub fn record(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    complaint_id: Uuid,
    s: Step<'_>,
) -> QueryResult<()> {
    diesel::insert_into(trail::table)
        .values((
            trail::group_id.eq(group_id),
            trail::estate_id.eq(estate_id),
            trail::complaint_id.eq(complaint_id),
            trail::at.eq(s.at),
            trail::actor.eq(s.actor),
            trail::action.eq(s.action),
            trail::from_status.eq(s.from_status),
            trail::to_status.eq(s.to_status),
            trail::reason.eq(s.reason),
            trail::details.eq(s.details),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn of_complaint(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    complaint_id: Uuid,
) -> QueryResult<Vec<TrailRow>> {
    trail::table
        .filter(trail::group_id.eq(group_id))
        .filter(trail::estate_id.eq(estate_id))
        .filter(trail::complaint_id.eq(complaint_id))
        .order(trail::seq.asc())
        .select(TrailRow::as_select())
        .load(conn)
}
