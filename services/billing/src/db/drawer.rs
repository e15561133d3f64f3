//! Cash sessions.

use super::schema::cash_sessions;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = cash_sessions, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct SessionRow {
    #[serde(skip)]
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub session_id: Uuid,
    pub cashier: Uuid,
    pub opened_at: DateTime<Utc>,
    pub opening_float_fen: i64,
    pub closed_at: Option<DateTime<Utc>>,
    pub expected: Option<serde_json::Value>,
    pub counted: Option<serde_json::Value>,
    pub difference_fen: Option<i64>,
    pub handed_over_at: Option<DateTime<Utc>>,
    pub hand_over_due: Option<DateTime<Utc>>,
    pub handed_over_late: Option<bool>,
    pub handed_over_by: Option<Uuid>,
    /// Finance's confirmation of what it received, by another person than the cashier.
    pub confirmed_by: Option<Uuid>,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// How a difference was dealt with: `settled` or `explained`.
    pub resolution: Option<String>,
    pub resolution_note: Option<String>,
}

/// Open a drawer; false when the cashier already has one open.
pub fn open(conn: &mut PgConnection, row: &SessionRow) -> QueryResult<bool> {
    Ok(diesel::insert_into(cash_sessions::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?
        == 1)
}

pub fn open_of_cashier(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    cashier: Uuid,
) -> QueryResult<Option<SessionRow>> {
    cash_sessions::table
        .filter(cash_sessions::group_id.eq(group_id))
        .filter(cash_sessions::estate_id.eq(estate_id))
        .filter(cash_sessions::cashier.eq(cashier))
        .filter(cash_sessions::closed_at.is_null())
        .select(SessionRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn lock(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    session_id: Uuid,
) -> QueryResult<Option<SessionRow>> {
    cash_sessions::table
        .filter(cash_sessions::group_id.eq(group_id))
        .filter(cash_sessions::estate_id.eq(estate_id))
        .filter(cash_sessions::session_id.eq(session_id))
        .select(SessionRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn save(conn: &mut PgConnection, row: &SessionRow) -> QueryResult<()> {
    diesel::update(
        cash_sessions::table
            .filter(cash_sessions::group_id.eq(row.group_id))
            .filter(cash_sessions::estate_id.eq(row.estate_id))
            .filter(cash_sessions::session_id.eq(row.session_id)),
    )
    .set(row)
    .execute(conn)?;
    Ok(())
}

/// What the session's takings add up to, per method: payments in, less the reversals and
/// the cash of deposit refunds paid out of it.
pub fn takings_by_method(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    session_id: Uuid,
) -> QueryResult<Vec<(String, i64)>> {
    #[derive(QueryableByName)]
    struct Taking {
        #[diesel(sql_type = diesel::sql_types::Text)]
        method: String,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        fen: i64,
    }
    let rows: Vec<Taking> = diesel::sql_query(
        "SELECT method, sum(fen)::bigint AS fen FROM ( \
           SELECT method, amount_fen AS fen FROM billing.payments \
            WHERE group_id = $1 AND estate_id = $2 AND session_id = $3 \
           UNION ALL SELECT method, -amount_fen FROM billing.reversals \
            WHERE group_id = $1 AND estate_id = $2 AND session_id = $3 AND status = 'approved' \
           UNION ALL SELECT 'cash', -refund_cash_fen FROM billing.deposits \
            WHERE group_id = $1 AND estate_id = $2 AND refund_session = $3 \
         ) t GROUP BY method",
    )
    .bind::<diesel::sql_types::Uuid, _>(group_id)
    .bind::<diesel::sql_types::Uuid, _>(estate_id)
    .bind::<diesel::sql_types::Uuid, _>(session_id)
    .load(conn)?;
    Ok(rows.into_iter().map(|t| (t.method, t.fen)).collect())
}

/// Finance's days at the estate: documents' estate calendar (billing's copy of it), with
/// finance's own exceptions on top (`save_calendar`); weekdays only when neither is set.
pub fn calendar(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
) -> QueryResult<crate::domain::calendar::WorkingDays> {
    use super::schema::calendars;
    use crate::domain::calendar::WorkingDays;
    let row: Option<(Vec<chrono::NaiveDate>, Vec<chrono::NaiveDate>)> = calendars::table
        .filter(calendars::group_id.eq(group_id))
        .filter(calendars::estate_id.eq(estate_id))
        .select((calendars::holidays, calendars::make_up_days))
        .first(conn)
        .optional()?;
    let (holidays, make_up_days) = row.unwrap_or_default();
    let estate = super::calendar::find_by_group_estate(conn, group_id, estate_id)?
        .map(|c| WorkingDays {
            holidays: c.holidays,
            make_up_days: c.make_up_days,
        })
        .unwrap_or_default();
    Ok(WorkingDays::of_estate(
        &estate,
        &WorkingDays {
            holidays,
            make_up_days,
        },
    ))
}

pub fn save_calendar(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    cal: &crate::domain::calendar::WorkingDays,
    by: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    use super::schema::calendars;
    diesel::insert_into(calendars::table)
        .values((
            calendars::group_id.eq(group_id),
            calendars::estate_id.eq(estate_id),
            calendars::holidays.eq(&cal.holidays),
            calendars::make_up_days.eq(&cal.make_up_days),
            calendars::updated_by.eq(by),
            calendars::updated_at.eq(now),
        ))
        .on_conflict((calendars::group_id, calendars::estate_id))
        .do_update()
        .set((
            calendars::holidays.eq(&cal.holidays),
            calendars::make_up_days.eq(&cal.make_up_days),
            calendars::updated_by.eq(by),
            calendars::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The cashier's open drawer at the estate, without locking it.
pub fn current_of_cashier(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    cashier: Uuid,
) -> QueryResult<Option<SessionRow>> {
    cash_sessions::table
        .filter(cash_sessions::group_id.eq(group_id))
        .filter(cash_sessions::estate_id.eq(estate_id))
        .filter(cash_sessions::cashier.eq(cashier))
        .filter(cash_sessions::closed_at.is_null())
        .select(SessionRow::as_select())
        .first(conn)
        .optional()
}

/// The estate's drawers opened in `[from, to)`, newest first.
pub fn sessions_between(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> QueryResult<Vec<SessionRow>> {
    cash_sessions::table
        .filter(cash_sessions::group_id.eq(group_id))
        .filter(cash_sessions::estate_id.eq(estate_id))
        .filter(cash_sessions::opened_at.ge(from))
        .filter(cash_sessions::opened_at.lt(to))
        .order(cash_sessions::opened_at.desc())
        .select(SessionRow::as_select())
        .load(conn)
}

/// The estate's drawers not handed over whose deadline is before `now` (or unknown: drawers
/// opened before deadlines were fixed at opening), oldest deadline first.
pub fn owed_before(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<Vec<SessionRow>> {
    cash_sessions::table
        .filter(cash_sessions::group_id.eq(group_id))
        .filter(cash_sessions::estate_id.eq(estate_id))
        .filter(cash_sessions::handed_over_at.is_null())
        .filter(
            cash_sessions::hand_over_due
                .lt(now)
                .or(cash_sessions::hand_over_due.is_null()),
        )
        .order(cash_sessions::hand_over_due.asc())
        .limit(500)
        .select(SessionRow::as_select())
        .load(conn)
}
