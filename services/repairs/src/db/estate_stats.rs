//! The read model of each estate's monthly figures (`repairs.estate_month_stats`): head
//! office's ranking of every estate, an estate's figures by kind and technician, and its
//! follow-up rate, read without counting work orders on the request path.
//!
//! It moves **in the transaction of every change of a work order**: `work_orders::insert_once_per_intake`
//! and `work_orders::save` read the order as it was and as it is stored, and add the difference
//! of what it counts for (`domain::stats::delta`). Not from a consumer of the service's own events,
//! because most of what the figures count has no event (an appointment, a dispatch, a start, a
//! failed follow-up), the supervisor reads the follow-up rate right after recording a visit, and a
//! consumer would add a lag and a second copy of every fact to keep in step. Whatever writes a
//! work order through those two functions keeps the figures right; a write that bypasses them
//! (the weekly approval's UPDATE) must not change anything the figures count.

use super::schema::estate_month_stats as ems;
use super::work_orders::WorkOrderRow;
use crate::domain::stats::{self, Counts, Facts, Line};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Integer, Text, Uuid as SqlUuid};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ems, check_for_backend(diesel::pg::Pg))]
pub struct StatsRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub month: NaiveDate,
    pub dim: String,
    pub key: String,
    pub opened: i32,
    pub completed: i32,
    pub with_appointment: i32,
    pub arrived_on_time: i32,
    pub completion_ms: i64,
    pub followed_up: i32,
    pub rating_sum: i32,
    pub rating_count: i32,
    pub satisfied: i32,
    pub revenue_fen: i64,
    pub done: i32,
    pub done_followed_up: i32,
    pub follow_up_late: i32,
    pub awaiting_follow_up: i32,
}

/// The facts of a stored order that its figures depend on, its months read in `zone`.
pub fn facts(row: &WorkOrderRow, zone: desk_platform::local::Zone) -> Facts {
    let signed_off_at = row
        .details
        .get("signoff")
        .and_then(|s| s.get("at"))
        .and_then(|v| v.as_str())
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.with_timezone(&Utc));
    Facts {
        created_at: row.created_at,
        kind: row.kind.clone(),
        technician_id: row.technician_id,
        appointment_end: row.appointment_end,
        started_at: row.started_at,
        completed_at: row.completed_at,
        signed_off_at,
        followed_up: row.details.get("follow_up").is_some(),
        overall_rating: row.overall_rating,
        fee_fen: row.fee_fen,
        settled: row.details.get("settled_at").is_some(),
        follow_up_late: row
            .details
            .get("follow_up")
            .and_then(|f| f.get("late"))
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        awaiting_follow_up: (row.status == "completed" && row.details.get("follow_up").is_none())
            .then_some(row.follow_up_due)
            .flatten(),
        zone,
    }
}

/// Move the figures of the order's estate as the order went from `before` to `after`.
pub fn follow(
    conn: &mut PgConnection,
    before: Option<&WorkOrderRow>,
    after: &WorkOrderRow,
) -> QueryResult<()> {
    let zone = super::zones::zone_of(conn, after.group_id, after.estate_id)?;
    let moved = stats::delta(before.map(|b| facts(b, zone)).as_ref(), &facts(after, zone));
    add(conn, after.group_id, after.estate_id, &moved)
}

/// Add counters to lines of an estate.
pub fn add(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    lines: &[(Line, Counts)],
) -> QueryResult<()> {
    for (line, c) in lines {
        diesel::sql_query(
            "INSERT INTO repairs.estate_month_stats AS s (group_id, estate_id, month, dim, key, opened, completed, \
             with_appointment, arrived_on_time, completion_ms, followed_up, rating_sum, rating_count, satisfied, \
             revenue_fen, done, done_followed_up, follow_up_late, awaiting_follow_up) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) \
             ON CONFLICT (group_id, estate_id, month, dim, key) DO UPDATE SET \
             opened = s.opened + EXCLUDED.opened, completed = s.completed + EXCLUDED.completed, \
             with_appointment = s.with_appointment + EXCLUDED.with_appointment, \
             arrived_on_time = s.arrived_on_time + EXCLUDED.arrived_on_time, \
             completion_ms = s.completion_ms + EXCLUDED.completion_ms, followed_up = s.followed_up + EXCLUDED.followed_up, \
             rating_sum = s.rating_sum + EXCLUDED.rating_sum, rating_count = s.rating_count + EXCLUDED.rating_count, \
             satisfied = s.satisfied + EXCLUDED.satisfied, revenue_fen = s.revenue_fen + EXCLUDED.revenue_fen, \
             done = s.done + EXCLUDED.done, done_followed_up = s.done_followed_up + EXCLUDED.done_followed_up, \
             follow_up_late = s.follow_up_late + EXCLUDED.follow_up_late, \
             awaiting_follow_up = s.awaiting_follow_up + EXCLUDED.awaiting_follow_up",
        )
        .bind::<SqlUuid, _>(group_id)
        .bind::<SqlUuid, _>(estate_id)
        .bind::<Date, _>(line.month)
        .bind::<Text, _>(line.dim)
        .bind::<Text, _>(&line.key)
        .bind::<Integer, _>(c.opened)
        .bind::<Integer, _>(c.completed)
        .bind::<Integer, _>(c.with_appointment)
        .bind::<Integer, _>(c.arrived_on_time)
        .bind::<BigInt, _>(c.completion_ms)
        .bind::<Integer, _>(c.followed_up)
        .bind::<Integer, _>(c.rating_sum)
        .bind::<Integer, _>(c.rating_count)
        .bind::<Integer, _>(c.satisfied)
        .bind::<BigInt, _>(c.revenue_fen)
        .bind::<Integer, _>(c.done)
        .bind::<Integer, _>(c.done_followed_up)
        .bind::<Integer, _>(c.follow_up_late)
        .bind::<Integer, _>(c.awaiting_follow_up)
        .execute(conn)?;
    }
    Ok(())
}

/// The estates' own lines of the group for the months `[from, to]`; `estates` limits them to
/// those (an estate manager's), none means every estate of the group.
pub fn estates_by_group_months(
    conn: &mut PgConnection,
    group_id: Uuid,
    estates: Option<&[Uuid]>,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<StatsRow>> {
    let mut q = ems::table
        .filter(ems::group_id.eq(group_id))
        .filter(ems::month.between(from, to))
        .filter(ems::dim.eq(stats::ESTATE))
        .into_boxed();
    if let Some(ids) = estates {
        q = q.filter(ems::estate_id.eq_any(ids.to_vec()));
    }
    q.order((ems::month.asc(), ems::estate_id.asc()))
        .select(StatsRow::as_select())
        .load(conn)
}

/// One estate's lines of a month: `dim` estate, kind or technician.
pub fn lines_by_group_estate_month(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    month: NaiveDate,
) -> QueryResult<Vec<StatsRow>> {
    ems::table
        .filter(ems::group_id.eq(group_id))
        .filter(ems::estate_id.eq(estate_id))
        .filter(ems::month.eq(month))
        .order((ems::dim.asc(), ems::key.asc()))
        .select(StatsRow::as_select())
        .load(conn)
}

/// The estates' lines of done orders still waiting for their follow-up whose follow-up fell
/// due by `now`, for the months `[from, to]`: (estate, month, due key, how many). Read from the
/// figures (the months' few lines, by the primary key), never by counting orders.
pub fn due_follow_ups_by_group_months(
    conn: &mut PgConnection,
    group_id: Uuid,
    estates: Option<&[Uuid]>,
    (from, to): (NaiveDate, NaiveDate),
    now: DateTime<Utc>,
) -> QueryResult<Vec<(Uuid, NaiveDate, String, i32)>> {
    let mut q = ems::table
        .filter(ems::group_id.eq(group_id))
        .filter(ems::month.between(from, to))
        .filter(ems::dim.eq(stats::FOLLOW_UP_DUE))
        .filter(ems::key.le(stats::due_key(now)))
        .filter(ems::awaiting_follow_up.ne(0))
        .into_boxed();
    if let Some(ids) = estates {
        q = q.filter(ems::estate_id.eq_any(ids.to_vec()));
    }
    q.select((
        ems::estate_id,
        ems::month,
        ems::key,
        ems::awaiting_follow_up,
    ))
    .load(conn)
}
