//! The work-orders table.

use super::estate_stats;
use super::schema::work_orders;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = work_orders, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
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
    pub skill: Option<String>,
    pub technician_id: Option<Uuid>,
    pub appointment_start: Option<DateTime<Utc>>,
    pub appointment_end: Option<DateTime<Utc>>,
    pub dispatched_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub fee_fen: i64,
    pub follow_up_due: Option<DateTime<Utc>>,
    pub overall_rating: Option<i32>,
    pub closed_at: Option<DateTime<Utc>>,
    pub needs_callback: bool,
    pub details: serde_json::Value,
    /// The time the desk promised to call the resident back.
    pub callback_due: Option<DateTime<Utc>>,
}

/// Insert unless the intake already has its order; true when inserted. The estate's monthly
/// figures count the new order in the same transaction.
pub fn insert_once_per_intake(conn: &mut PgConnection, row: &WorkOrderRow) -> QueryResult<bool> {
    let stored = diesel::insert_into(work_orders::table)
        .values(row)
        .on_conflict_do_nothing()
        .returning(WorkOrderRow::as_returning())
        .get_result(conn)
        .optional()?;
    match stored {
        Some(stored) => {
            estate_stats::follow(conn, None, &stored)?;
            Ok(true)
        }
        None => Ok(false),
    }
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

/// Filters of the work-order list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub intake_id: Option<Uuid>,
    pub status: Option<String>,
    pub technician_id: Option<Uuid>,
    pub needs_callback: bool,
    pub limit: i64,
}

pub fn list_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    f: &ListFilter,
) -> QueryResult<Vec<WorkOrderRow>> {
    let limit = f.limit;
    let mut q = work_orders::table
        .filter(work_orders::group_id.eq(group_id))
        .filter(work_orders::estate_id.eq(estate_id))
        .into_boxed();
    if let Some(i) = f.intake_id {
        q = q.filter(work_orders::intake_id.eq(i));
    }
    if let Some(s) = &f.status {
        q = q.filter(work_orders::status.eq(s.clone()));
    }
    if let Some(t) = f.technician_id {
        q = q.filter(work_orders::technician_id.eq(t));
    }
    if f.needs_callback {
        q = q.filter(work_orders::needs_callback.eq(true));
    }
    q.order((
        work_orders::created_at.desc(),
        work_orders::work_order_id.desc(),
    ))
    .limit(limit)
    .select(WorkOrderRow::as_select())
    .load(conn)
}

/// Store the order as changed, and move the estate's monthly figures by what the change made
/// of it, in the same transaction. The stored order is locked first (callers have usually
/// locked it already), so that the figures move from the order as it really was.
pub fn save(conn: &mut PgConnection, row: &WorkOrderRow) -> QueryResult<()> {
    let Some(before) =
        lock_by_group_estate_work_order(conn, row.group_id, row.estate_id, row.work_order_id)?
    else {
        return Err(diesel::result::Error::NotFound);
    };
    let stored = diesel::update(
        work_orders::table
            .filter(work_orders::group_id.eq(row.group_id))
            .filter(work_orders::estate_id.eq(row.estate_id))
            .filter(work_orders::work_order_id.eq(row.work_order_id)),
    )
    .set(row)
    .returning(WorkOrderRow::as_returning())
    .get_result(conn)?;
    estate_stats::follow(conn, Some(&before), &stored)
}

pub fn lock_by_group_estate_work_order(
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
        .for_update()
        .first(conn)
        .optional()
}

/// Orders the technician carries now.
pub fn open_count_by_group_technician(
    conn: &mut PgConnection,
    group_id: Uuid,
    technician_id: Uuid,
) -> QueryResult<i64> {
    work_orders::table
        .filter(work_orders::group_id.eq(group_id))
        .filter(work_orders::technician_id.eq(technician_id))
        .filter(work_orders::status.eq_any(["dispatched", "accepted", "in_progress", "paused"]))
        .count()
        .get_result(conn)
}

/// The technician's orders: those open, and those with an appointment in `[from, to)`.
pub fn for_technician(
    conn: &mut PgConnection,
    group_id: Uuid,
    technician_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> QueryResult<Vec<WorkOrderRow>> {
    work_orders::table
        .filter(work_orders::group_id.eq(group_id))
        .filter(work_orders::technician_id.eq(technician_id))
        .filter(
            work_orders::status
                .eq_any(["dispatched", "accepted", "in_progress", "paused"])
                .or(work_orders::appointment_start
                    .ge(from)
                    .and(work_orders::appointment_start.lt(to))),
        )
        .order((
            work_orders::appointment_start.asc().nulls_last(),
            work_orders::created_at.asc(),
        ))
        .limit(200)
        .select(WorkOrderRow::as_select())
        .load(conn)
}

/// Open orders per technician of the group, in one query (the roster's counts).
pub fn open_counts_by_group(
    conn: &mut PgConnection,
    group_id: Uuid,
    technician_ids: &[Uuid],
) -> QueryResult<std::collections::HashMap<Uuid, i64>> {
    let rows: Vec<(Option<Uuid>, i64)> = work_orders::table
        .filter(work_orders::group_id.eq(group_id))
        .filter(work_orders::technician_id.eq_any(technician_ids.to_vec()))
        .filter(work_orders::status.eq_any(["dispatched", "accepted", "in_progress", "paused"]))
        .group_by(work_orders::technician_id)
        .select((work_orders::technician_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(t, n)| t.map(|t| (t, n)))
        .collect())
}

/// The orders of some units of an estate (a resident's own), newest first.
pub fn list_by_group_estate_units(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    unit_labels: &[String],
    limit: i64,
) -> QueryResult<Vec<WorkOrderRow>> {
    work_orders::table
        .filter(work_orders::group_id.eq(group_id))
        .filter(work_orders::estate_id.eq(estate_id))
        .filter(work_orders::unit_label.eq_any(unit_labels))
        .order((
            work_orders::created_at.desc(),
            work_orders::work_order_id.desc(),
        ))
        .limit(limit)
        .select(WorkOrderRow::as_select())
        .load(conn)
}

/// The order a resident already reported for the unit under this idempotency key (a retried
/// report), if any.
pub fn find_by_group_estate_unit_reporter_key(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    unit_label: &str,
    reported_by: Uuid,
    key: &str,
) -> QueryResult<Option<WorkOrderRow>> {
    work_orders::table
        .filter(work_orders::group_id.eq(group_id))
        .filter(work_orders::estate_id.eq(estate_id))
        .filter(work_orders::unit_label.eq(unit_label))
        .filter(work_orders::reported_by.eq(reported_by))
        .filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>("details->>'idempotency_key' = ")
                .bind::<diesel::sql_types::Text, _>(key),
        )
        .select(WorkOrderRow::as_select())
        .first(conn)
        .optional()
}

/// Take one reporter's reports one at a time until the transaction ends, so that a retried
/// report finds the first.
pub fn lock_reporter(conn: &mut PgConnection, reported_by: Uuid) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind::<diesel::sql_types::Text, _>(reported_by.to_string())
        .execute(conn)?;
    Ok(())
}

/// Orders done and not yet followed up, by when the visit is due: those still due
/// (`overdue` false) or past it (`overdue` true) at `now`.
pub fn follow_ups_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    now: DateTime<Utc>,
    overdue: bool,
    limit: i64,
) -> QueryResult<Vec<WorkOrderRow>> {
    let q = work_orders::table
        .filter(work_orders::group_id.eq(group_id))
        .filter(work_orders::estate_id.eq(estate_id))
        .filter(work_orders::status.eq("completed"))
        .into_boxed();
    let q = if overdue {
        q.filter(work_orders::follow_up_due.le(now))
    } else {
        q.filter(work_orders::follow_up_due.gt(now))
    };
    q.order((
        work_orders::follow_up_due.asc(),
        work_orders::work_order_id.asc(),
    ))
    .limit(limit)
    .select(WorkOrderRow::as_select())
    .load(conn)
}

/// Open orders that may be late at `now` (a call back past its time, an appointment window
/// passed before work started, a day without a technician, a follow-up past due); the rules
/// in `domain::late` say which and why.
pub fn late_candidates_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    now: DateTime<Utc>,
    no_technician_since: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<WorkOrderRow>> {
    let waiting = ["awaiting_dispatch", "reopened"];
    let before_start = ["awaiting_dispatch", "reopened", "dispatched", "accepted"];
    work_orders::table
        .filter(work_orders::group_id.eq(group_id))
        .filter(work_orders::estate_id.eq(estate_id))
        .filter(
            work_orders::needs_callback
                .eq(true)
                .and(work_orders::callback_due.le(now))
                .or(work_orders::status
                    .eq_any(before_start)
                    .and(work_orders::started_at.is_null())
                    .and(work_orders::appointment_end.le(now)))
                .or(work_orders::status
                    .eq_any(waiting)
                    .and(work_orders::created_at.le(no_technician_since)))
                .or(work_orders::status
                    .eq("completed")
                    .and(work_orders::follow_up_due.le(now))),
        )
        .order((
            work_orders::created_at.asc(),
            work_orders::work_order_id.asc(),
        ))
        .limit(limit)
        .select(WorkOrderRow::as_select())
        .load(conn)
}
