//! The complaints table.

use super::schema::complaints;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = complaints, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
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
    pub complaint_type: String,
    pub validity: Option<String>,
    pub department: Option<String>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub deadline_at: Option<DateTime<Utc>>,
    pub reply_due: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub replied_at: Option<DateTime<Utc>>,
    pub satisfaction: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub escalation_level: i32,
    pub reminded_at: Option<DateTime<Utc>>,
    pub details: serde_json::Value,
    pub month: NaiveDate,
    pub assign_by: Option<DateTime<Utc>>,
    pub sweep_at: Option<DateTime<Utc>>,
}

impl ComplaintRow {
    /// When the deadline in force passed while the complaint was unresolved: late in its
    /// month's figures from then on (kept in `details`).
    pub fn lapsed_at(&self) -> Option<DateTime<Utc>> {
        self.details
            .get("lapsed_at")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
    }

    pub fn set_lapsed_at(&mut self, at: Option<DateTime<Utc>>) {
        self.set_detail("lapsed_at", at.map(|a| serde_json::json!(a)));
    }

    /// How often the deadline was extended (kept in `details`).
    pub fn extensions(&self) -> i32 {
        self.details
            .get("extensions")
            .and_then(|v| v.as_i64())
            .map_or(0, |n| n as i32)
    }

    pub fn set_extensions(&mut self, n: i32) {
        self.set_detail("extensions", Some(serde_json::json!(n)));
    }

    fn set_detail(&mut self, field: &str, value: Option<serde_json::Value>) {
        if !self.details.is_object() {
            self.details = serde_json::json!({});
        }
        if let Some(o) = self.details.as_object_mut() {
            match value {
                Some(v) => o.insert(field.to_string(), v),
                None => o.remove(field),
            };
        }
    }
}

/// Insert unless the intake already has its complaint; true when inserted.
pub fn insert_once_per_intake(conn: &mut PgConnection, row: &ComplaintRow) -> QueryResult<bool> {
    let n = diesel::insert_into(complaints::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(n == 1)
}

pub fn save(conn: &mut PgConnection, row: &ComplaintRow) -> QueryResult<()> {
    diesel::update(
        complaints::table
            .filter(complaints::group_id.eq(row.group_id))
            .filter(complaints::estate_id.eq(row.estate_id))
            .filter(complaints::complaint_id.eq(row.complaint_id)),
    )
    .set(row)
    .execute(conn)?;
    Ok(())
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

pub fn lock_by_group_estate_complaint(
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
        .for_update()
        .first(conn)
        .optional()
}

/// The complaint for the sweep, locked until the transaction ends, unless another transaction
/// holds it (`SKIP LOCKED`): another replica's sweep is looking at it, or a person is changing
/// it, and either way it is not this sweep's to look at now. A holder that dies releases it,
/// and the next sweep finds it still due.
pub fn claim_for_sweep(
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
        .for_update()
        .skip_locked()
        .first(conn)
        .optional()
}

/// Hold the estate's demo loading until the transaction ends, so that two loaders started at
/// once load it once: the second waits, then finds the first's complaints.
pub fn lock_demo_of_estate(conn: &mut PgConnection, estate_id: Uuid) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind::<diesel::sql_types::Text, _>(format!("complaints.demo/{estate_id}"))
        .execute(conn)?;
    Ok(())
}

/// Filters of the complaints list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub intake_id: Option<Uuid>,
    pub status: Option<String>,
    pub complaint_type: Option<String>,
    pub severity: Option<String>,
    pub overdue_at: Option<DateTime<Utc>>,
    pub escalated: bool,
    pub month: Option<NaiveDate>,
    pub before: Option<DateTime<Utc>>,
    pub limit: i64,
}

pub fn list_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    f: &ListFilter,
) -> QueryResult<Vec<ComplaintRow>> {
    let mut q = complaints::table
        .filter(complaints::group_id.eq(group_id))
        .filter(complaints::estate_id.eq(estate_id))
        .into_boxed();
    if let Some(i) = f.intake_id {
        q = q.filter(complaints::intake_id.eq(i));
    }
    if let Some(s) = &f.status {
        q = q.filter(complaints::status.eq(s.clone()));
    }
    if let Some(t) = &f.complaint_type {
        q = q.filter(complaints::complaint_type.eq(t.clone()));
    }
    if let Some(s) = &f.severity {
        q = q.filter(complaints::severity.eq(s.clone()));
    }
    if let Some(now) = f.overdue_at {
        q = q.filter(
            complaints::status
                .eq("assigned")
                .and(complaints::deadline_at.lt(now))
                .or(complaints::status
                    .eq_any(["received", "reopened"])
                    .and(complaints::assign_by.lt(now))),
        );
    }
    if f.escalated {
        q = q
            .filter(complaints::escalation_level.gt(0))
            .filter(complaints::status.ne("closed"));
    }
    if let Some(m) = f.month {
        q = q.filter(complaints::month.eq(m));
    }
    if let Some(b) = f.before {
        q = q.filter(complaints::created_at.lt(b));
    }
    q.order((
        complaints::created_at.desc(),
        complaints::complaint_id.desc(),
    ))
    .limit(f.limit)
    .select(ComplaintRow::as_select())
    .load(conn)
}

/// Where the sweep is in its work list: the last complaint it looked at.
pub type SweepKey = (DateTime<Utc>, Uuid);

/// The next page of the sweep's work list, across every group: complaints whose next look
/// (`sweep_at`) has come, after `after`, in the order of `complaints_sweep`. Complaints that can
/// no longer move (resolved, closed, at head office already) have no `sweep_at` and are never
/// read, however many there are.
pub fn due_for_sweep(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    after: Option<SweepKey>,
    limit: i64,
) -> QueryResult<Vec<ComplaintRow>> {
    let mut q = complaints::table
        .filter(complaints::sweep_at.le(now))
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(
            complaints::sweep_at.gt(at).or(complaints::sweep_at
                .eq(at)
                .and(complaints::complaint_id.gt(id))),
        );
    }
    q.order((complaints::sweep_at.asc(), complaints::complaint_id.asc()))
        .limit(limit)
        .select(ComplaintRow::as_select())
        .load(conn)
}

/// The complaints of some units of an estate (a resident's own), newest first.
pub fn list_by_group_estate_units(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    unit_labels: &[String],
    limit: i64,
) -> QueryResult<Vec<ComplaintRow>> {
    complaints::table
        .filter(complaints::group_id.eq(group_id))
        .filter(complaints::estate_id.eq(estate_id))
        .filter(complaints::unit_label.eq_any(unit_labels))
        .order((
            complaints::created_at.desc(),
            complaints::complaint_id.desc(),
        ))
        .limit(limit)
        .select(ComplaintRow::as_select())
        .load(conn)
}

/// The complaint a resident already made for the unit under this idempotency key (a retried
/// request), if any.
pub fn find_by_group_estate_unit_taker_key(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    unit_label: &str,
    taken_by: Uuid,
    key: &str,
) -> QueryResult<Option<ComplaintRow>> {
    complaints::table
        .filter(complaints::group_id.eq(group_id))
        .filter(complaints::estate_id.eq(estate_id))
        .filter(complaints::unit_label.eq(unit_label))
        .filter(complaints::taken_by.eq(taken_by))
        .filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>("details->>'idempotency_key' = ")
                .bind::<diesel::sql_types::Text, _>(key),
        )
        .select(ComplaintRow::as_select())
        .first(conn)
        .optional()
}

/// Take one person's complaints one at a time until the transaction ends, so that a retried
/// request finds the first.
pub fn lock_taker(conn: &mut PgConnection, taken_by: Uuid) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind::<diesel::sql_types::Text, _>(taken_by.to_string())
        .execute(conn)?;
    Ok(())
}
