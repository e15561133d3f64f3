//! Billing's copy of documents' estate calendar. Every query names the group and estate first.

use super::schema::estate_calendars;
use chrono::{NaiveDate, NaiveTime};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = estate_calendars, check_for_backend(diesel::pg::Pg))]
pub struct EstateCalendarRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub working_weekdays: Vec<i32>,
    pub holidays: Vec<NaiveDate>,
    pub make_up_days: Vec<NaiveDate>,
    pub close_of_business: NaiveTime,
    pub time_zone: String,
    pub version: i64,
}

/// Keep the calendar if it is newer than the copy held; true when it was kept.
pub fn upsert_newer_by_group_estate(
    conn: &mut PgConnection,
    row: &EstateCalendarRow,
) -> QueryResult<bool> {
    let held: Option<i64> = estate_calendars::table
        .filter(estate_calendars::group_id.eq(row.group_id))
        .filter(estate_calendars::estate_id.eq(row.estate_id))
        .select(estate_calendars::version)
        .for_update()
        .first(conn)
        .optional()?;
    if held.is_some_and(|v| v >= row.version) {
        return Ok(false);
    }
    diesel::insert_into(estate_calendars::table)
        .values(row)
        .on_conflict((estate_calendars::group_id, estate_calendars::estate_id))
        .do_update()
        .set(row)
        .execute(conn)?;
    Ok(true)
}

/// The estate's time zone as its calendar copy names it; Asia/Shanghai before one arrived.
pub fn zone_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
) -> QueryResult<desk_platform::local::Zone> {
    Ok(find_by_group_estate(conn, group_id, estate_id)?
        .map(|c| desk_platform::local::Zone::or_default(&c.time_zone))
        .unwrap_or_default())
}

pub fn find_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
) -> QueryResult<Option<EstateCalendarRow>> {
    estate_calendars::table
        .filter(estate_calendars::group_id.eq(group_id))
        .filter(estate_calendars::estate_id.eq(estate_id))
        .select(EstateCalendarRow::as_select())
        .first(conn)
        .optional()
}
