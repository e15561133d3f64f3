//! The intake ledger table.

use super::schema::intakes;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = intakes, check_for_backend(diesel::pg::Pg))]
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
}

pub fn insert(conn: &mut PgConnection, row: &IntakeRow) -> QueryResult<()> {
    diesel::insert_into(intakes::table)
        .values(row)
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

/// Filters of the ledger list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub status: Option<String>,
    pub category: Option<String>,
    /// Newest first; the page after this creation time.
    pub before: Option<DateTime<Utc>>,
    pub limit: i64,
}

pub fn list_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    filter: &ListFilter,
) -> QueryResult<Vec<IntakeRow>> {
    let mut q = intakes::table
        .filter(intakes::group_id.eq(group_id))
        .filter(intakes::estate_id.eq(estate_id))
        .into_boxed();
    if let Some(s) = &filter.status {
        q = q.filter(intakes::status.eq(s.clone()));
    }
    if let Some(c) = &filter.category {
        q = q.filter(intakes::category.eq(c.clone()));
    }
    if let Some(b) = filter.before {
        q = q.filter(intakes::created_at.lt(b));
    }
    q.order((intakes::created_at.desc(), intakes::intake_id.desc()))
        .limit(filter.limit)
        .select(IntakeRow::as_select())
        .load(conn)
}

/// The complaint or work order that took an intake over.
#[derive(Debug, Clone)]
pub struct Downstream<'a> {
    pub kind: &'a str,
    pub id: Uuid,
    pub no: &'a str,
}

/// Record that the intake was taken over downstream. Returns the updated row, or `None` when
/// no such intake exists.
pub fn mark_forwarded_by_group_estate_intake(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    intake_id: Uuid,
    status: &str,
    downstream: &Downstream<'_>,
) -> QueryResult<Option<IntakeRow>> {
    diesel::update(
        intakes::table
            .filter(intakes::group_id.eq(group_id))
            .filter(intakes::estate_id.eq(estate_id))
            .filter(intakes::intake_id.eq(intake_id)),
    )
    .set((
        intakes::status.eq(status),
        intakes::downstream_kind.eq(downstream.kind),
        intakes::downstream_id.eq(downstream.id),
        intakes::downstream_no.eq(downstream.no),
        intakes::version.eq(intakes::version + 1),
        intakes::updated_at.eq(diesel::dsl::now),
    ))
    .returning(IntakeRow::as_returning())
    .get_result(conn)
    .optional()
}
