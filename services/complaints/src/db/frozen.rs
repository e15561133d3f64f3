//! Months whose report the supervisor handed in (投诉情况月汇总表): their figures as they were.

use super::schema::frozen_months;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = frozen_months, check_for_backend(diesel::pg::Pg))]
pub struct FrozenRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub month: NaiveDate,
    pub frozen_at: DateTime<Utc>,
    pub frozen_by: Uuid,
    pub figures: serde_json::Value,
}

/// Keep a month's figures; false when the month was frozen already (never overwritten).
pub fn insert_once(conn: &mut PgConnection, row: &FrozenRow) -> QueryResult<bool> {
    let n = diesel::insert_into(frozen_months::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(n == 1)
}

pub fn find_by_group_estate_month(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    month: NaiveDate,
) -> QueryResult<Option<FrozenRow>> {
    frozen_months::table
        .filter(frozen_months::group_id.eq(group_id))
        .filter(frozen_months::estate_id.eq(estate_id))
        .filter(frozen_months::month.eq(month))
        .select(FrozenRow::as_select())
        .first(conn)
        .optional()
}

/// Every frozen estate of the group for a month.
pub fn of_group_month(
    conn: &mut PgConnection,
    group_id: Uuid,
    month: NaiveDate,
) -> QueryResult<Vec<FrozenRow>> {
    frozen_months::table
        .filter(frozen_months::group_id.eq(group_id))
        .filter(frozen_months::month.eq(month))
        .select(FrozenRow::as_select())
        .load(conn)
}
