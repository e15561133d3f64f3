//! The intake ledger table.

use super::schema::intakes;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = intakes, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct IntakeRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub intake_id: Uuid,
    pub channel: String,
    pub category: String,
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    pub unit_label: Option<String>,
    pub request: String,
    pub taken_by: Uuid,
    pub status: String,
    pub downstream_kind: Option<String>,
    pub downstream_id: Option<Uuid>,
    pub downstream_no: Option<String>,
    pub idempotency_key: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub unit_id: Option<Uuid>,
    pub resident_id: Option<Uuid>,
    pub due_at: Option<DateTime<Utc>>,
    pub promised_by: Option<DateTime<Utc>>,
    pub downstream_closed_at: Option<DateTime<Utc>>,
    pub downstream_result: Option<String>,
    pub told_at: Option<DateTime<Utc>>,
    pub told_via: Option<String>,
    pub result: Option<String>,
    pub satisfaction: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<Uuid>,
    pub updated_by: Option<Uuid>,
}

pub fn insert(conn: &mut PgConnection, row: &IntakeRow) -> QueryResult<()> {
    diesel::insert_into(intakes::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Write the whole row back (it was read `FOR UPDATE` in the same transaction).
pub fn save(conn: &mut PgConnection, row: &IntakeRow) -> QueryResult<()> {
    diesel::update(
        intakes::table
            .filter(intakes::group_id.eq(row.group_id))
            .filter(intakes::estate_id.eq(row.estate_id))
            .filter(intakes::intake_id.eq(row.intake_id)),
    )
    .set(row)
    .execute(conn)?;
    Ok(())
}

pub fn find_by_group_estate_intake(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    intake_id: Uuid,
) -> QueryResult<Option<IntakeRow>> {
    intakes::table
        .filter(intakes::group_id.eq(group_id))
        .filter(intakes::estate_id.eq(estate_id))
        .filter(intakes::intake_id.eq(intake_id))
        .select(IntakeRow::as_select())
        .first(conn)
        .optional()
}

/// The same, locked for a change in this transaction.
pub fn lock_by_group_estate_intake(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    intake_id: Uuid,
) -> QueryResult<Option<IntakeRow>> {
    intakes::table
        .filter(intakes::group_id.eq(group_id))
        .filter(intakes::estate_id.eq(estate_id))
        .filter(intakes::intake_id.eq(intake_id))
        .select(IntakeRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// The intake an earlier attempt of the same request recorded, if any.
pub fn find_by_group_estate_idempotency_key(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    taken_by: Uuid,
    key: &str,
) -> QueryResult<Option<IntakeRow>> {
    intakes::table
        .filter(intakes::group_id.eq(group_id))
        .filter(intakes::estate_id.eq(estate_id))
        .filter(intakes::taken_by.eq(taken_by))
        .filter(intakes::idempotency_key.eq(key))
        .select(IntakeRow::as_select())
        .first(conn)
        .optional()
}

/// Which entries of the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    All,
    /// Not closed.
    Open,
    /// Not closed, due by the end of today (Beijing time).
    Due,
    /// Not closed, past due.
    Overdue,
}

/// Filters of the ledger list.
#[derive(Debug, Clone)]
pub struct ListFilter {
    pub view: View,
    pub status: Option<String>,
    pub category: Option<String>,
    pub unit_id: Option<Uuid>,
    pub resident_id: Option<Uuid>,
    pub taken_by: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Newest first; the page after this creation time.
    pub before: Option<DateTime<Utc>>,
    pub limit: i64,
    pub now: DateTime<Utc>,
}

pub fn list_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    f: &ListFilter,
) -> QueryResult<Vec<IntakeRow>> {
    let mut q = intakes::table
        .filter(intakes::group_id.eq(group_id))
        .filter(intakes::estate_id.eq(estate_id))
        .into_boxed();
    match f.view {
        View::All => {}
        View::Open => q = q.filter(intakes::status.ne("closed")),
        View::Due => {
            q = q
                .filter(intakes::status.ne("closed"))
                .filter(intakes::due_at.ge(f.now))
                .filter(intakes::due_at.lt(crate::domain::intake::end_of_today(f.now)))
        }
        View::Overdue => {
            q = q
                .filter(intakes::status.ne("closed"))
                .filter(intakes::due_at.lt(f.now))
        }
    }
    if let Some(s) = &f.status {
        q = q.filter(intakes::status.eq(s.clone()));
    }
    if let Some(c) = &f.category {
        q = q.filter(intakes::category.eq(c.clone()));
    }
    if let Some(u) = f.unit_id {
        q = q.filter(intakes::unit_id.eq(u));
    }
    if let Some(r) = f.resident_id {
        q = q.filter(intakes::resident_id.eq(r));
    }
    if let Some(t) = f.taken_by {
        q = q.filter(intakes::taken_by.eq(t));
    }
    if let Some(from) = f.from {
        q = q.filter(intakes::created_at.ge(from));
    }
    if let Some(to) = f.to {
        q = q.filter(intakes::created_at.lt(to));
    }
    if let Some(b) = f.before {
        q = q.filter(intakes::created_at.lt(b));
    }
    q.order((intakes::created_at.desc(), intakes::intake_id.desc()))
        .limit(f.limit)
        .select(IntakeRow::as_select())
        .load(conn)
}

/// Every entry not closed, oldest first (what a shift hands over).
pub fn open_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    limit: i64,
) -> QueryResult<Vec<IntakeRow>> {
    intakes::table
        .filter(intakes::group_id.eq(group_id))
        .filter(intakes::estate_id.eq(estate_id))
        .filter(intakes::status.ne("closed"))
        .order(intakes::created_at.asc())
        .limit(limit)
        .select(IntakeRow::as_select())
        .load(conn)
}
