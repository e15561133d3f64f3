//! Each estate's calendar. Every query names the group and estate first.

use super::schema::estate_calendars;
use crate::domain::calendar::EstateCalendar;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = estate_calendars, check_for_backend(diesel::pg::Pg))]
pub struct CalendarRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub working_weekdays: Vec<i32>,
    pub holidays: Vec<NaiveDate>,
    pub make_up_days: Vec<NaiveDate>,
    pub close_of_business: NaiveTime,
    pub version: i32,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTime<Utc>,
}

impl CalendarRow {
    pub fn calendar(&self) -> EstateCalendar {
        EstateCalendar {
            working_weekdays: self
                .working_weekdays
                .iter()
                .map(|d| (*d).clamp(1, 7) as u32)
                .collect(),
            holidays: self.holidays.clone(),
            make_up_days: self.make_up_days.clone(),
            close_of_business: self.close_of_business,
        }
    }
}

/// The estate's calendar row, locked for a change when `lock`.
pub fn find_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    lock: bool,
) -> QueryResult<Option<CalendarRow>> {
    let q = estate_calendars::table
        .filter(estate_calendars::group_id.eq(group_id))
        .filter(estate_calendars::estate_id.eq(estate_id))
        .select(CalendarRow::as_select());
    if lock {
        q.for_update().first(conn).optional()
    } else {
        q.first(conn).optional()
    }
}

pub fn upsert_by_group_estate(conn: &mut PgConnection, row: &CalendarRow) -> QueryResult<()> {
    diesel::insert_into(estate_calendars::table)
        .values(row)
        .on_conflict((estate_calendars::group_id, estate_calendars::estate_id))
        .do_update()
        .set(row)
        .execute(conn)?;
    Ok(())
}
