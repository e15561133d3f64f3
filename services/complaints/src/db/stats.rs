//! The monthly statistics read model: counters per estate (and for the whole group under the
//! nil estate), month, type and severity, moved in the transaction of every change.

use super::schema::stats;
use crate::domain::complaint::Counts;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

/// The estate id under which the group's totals are kept.
pub const GROUP_TOTAL: Uuid = Uuid::nil();

#[derive(Debug, Clone, Queryable, Selectable, Serialize, serde::Deserialize)]
#[diesel(table_name = stats, check_for_backend(diesel::pg::Pg))]
pub struct StatsRow {
    #[serde(skip)]
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub month: NaiveDate,
    pub complaint_type: String,
    pub severity: String,
    pub received: i32,
    pub valid: i32,
    pub invalid: i32,
    pub resolved: i32,
    pub on_time: i32,
    pub replied: i32,
    pub followed_up: i32,
    pub satisfied: i32,
    pub basically_satisfied: i32,
    pub dissatisfied: i32,
    pub due: i32,
    pub extended: i32,
}

/// Where a complaint is counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub month: NaiveDate,
    pub complaint_type: String,
    pub severity: String,
}

/// Add `d` to the counters of `key`, for the estate and for the group.
pub fn bump(conn: &mut PgConnection, key: &Key, d: Counts) -> QueryResult<()> {
    if d.is_zero() {
        return Ok(());
    }
    for estate in [key.estate_id, GROUP_TOTAL] {
        diesel::sql_query(
            "INSERT INTO complaints.stats AS s (group_id, estate_id, month, complaint_type, severity, received, valid, invalid, \
             resolved, on_time, replied, followed_up, satisfied, basically_satisfied, dissatisfied, due, extended) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
             ON CONFLICT (group_id, estate_id, month, complaint_type, severity) DO UPDATE SET \
             received = s.received + EXCLUDED.received, valid = s.valid + EXCLUDED.valid, invalid = s.invalid + EXCLUDED.invalid, \
             resolved = s.resolved + EXCLUDED.resolved, on_time = s.on_time + EXCLUDED.on_time, replied = s.replied + EXCLUDED.replied, \
             followed_up = s.followed_up + EXCLUDED.followed_up, satisfied = s.satisfied + EXCLUDED.satisfied, \
             basically_satisfied = s.basically_satisfied + EXCLUDED.basically_satisfied, dissatisfied = s.dissatisfied + EXCLUDED.dissatisfied, \
             due = s.due + EXCLUDED.due, extended = s.extended + EXCLUDED.extended",
        )
        .bind::<diesel::sql_types::Uuid, _>(key.group_id)
        .bind::<diesel::sql_types::Uuid, _>(estate)
        .bind::<diesel::sql_types::Date, _>(key.month)
        .bind::<diesel::sql_types::Text, _>(&key.complaint_type)
        .bind::<diesel::sql_types::Text, _>(&key.severity)
        .bind::<diesel::sql_types::Integer, _>(d.received)
        .bind::<diesel::sql_types::Integer, _>(d.valid)
        .bind::<diesel::sql_types::Integer, _>(d.invalid)
        .bind::<diesel::sql_types::Integer, _>(d.resolved)
        .bind::<diesel::sql_types::Integer, _>(d.on_time)
        .bind::<diesel::sql_types::Integer, _>(d.replied)
        .bind::<diesel::sql_types::Integer, _>(d.followed_up)
        .bind::<diesel::sql_types::Integer, _>(d.satisfied)
        .bind::<diesel::sql_types::Integer, _>(d.basically_satisfied)
        .bind::<diesel::sql_types::Integer, _>(d.dissatisfied)
        .bind::<diesel::sql_types::Integer, _>(d.due)
        .bind::<diesel::sql_types::Integer, _>(d.extended)
        .execute(conn)?;
    }
    Ok(())
}

/// One estate's (or, with [`GROUP_TOTAL`], the group's) counters for a month.
pub fn month_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    month: NaiveDate,
) -> QueryResult<Vec<StatsRow>> {
    stats::table
        .filter(stats::group_id.eq(group_id))
        .filter(stats::estate_id.eq(estate_id))
        .filter(stats::month.eq(month))
        .order((stats::complaint_type.asc(), stats::severity.asc()))
        .select(StatsRow::as_select())
        .load(conn)
}

/// Every estate's counters for a month (not the group's total), one row per estate: its type and
/// severity rows added up in the database, so head office's page costs one small answer.
pub fn month_by_group(
    conn: &mut PgConnection,
    group_id: Uuid,
    month: NaiveDate,
) -> QueryResult<Vec<StatsRow>> {
    use diesel::sql_types::{Date, Uuid as SqlUuid};
    #[derive(QueryableByName)]
    struct Sum {
        #[diesel(sql_type = SqlUuid)]
        estate_id: Uuid,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        received: i32,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        valid: i32,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        invalid: i32,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        resolved: i32,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        on_time: i32,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        replied: i32,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        followed_up: i32,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        satisfied: i32,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        basically_satisfied: i32,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        dissatisfied: i32,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        due: i32,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        extended: i32,
    }
    let rows: Vec<Sum> = diesel::sql_query(
        "SELECT estate_id, sum(received)::int AS received, sum(valid)::int AS valid, \
                sum(invalid)::int AS invalid, sum(resolved)::int AS resolved, sum(on_time)::int AS on_time, \
                sum(replied)::int AS replied, sum(followed_up)::int AS followed_up, \
                sum(satisfied)::int AS satisfied, sum(basically_satisfied)::int AS basically_satisfied, \
                sum(dissatisfied)::int AS dissatisfied, sum(due)::int AS due, sum(extended)::int AS extended \
         FROM complaints.stats WHERE group_id = $1 AND month = $2 AND estate_id <> $3 \
         GROUP BY estate_id ORDER BY estate_id",
    )
    .bind::<SqlUuid, _>(group_id)
    .bind::<Date, _>(month)
    .bind::<SqlUuid, _>(GROUP_TOTAL)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| StatsRow {
            group_id,
            estate_id: r.estate_id,
            month,
            complaint_type: String::new(),
            severity: String::new(),
            received: r.received,
            valid: r.valid,
            invalid: r.invalid,
            resolved: r.resolved,
            on_time: r.on_time,
            replied: r.replied,
            followed_up: r.followed_up,
            satisfied: r.satisfied,
            basically_satisfied: r.basically_satisfied,
            dissatisfied: r.dissatisfied,
            due: r.due,
            extended: r.extended,
        })
        .collect())
}
