//! Each estate's complaint settings: calendar, deadlines, departments.

use super::schema::estate_settings;
use crate::domain::calendar::Calendar;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = estate_settings, check_for_backend(diesel::pg::Pg))]
pub struct SettingsRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub resolve_days: i32,
    pub resolve_days_by_type: serde_json::Value,
    pub remind_hours_before: i32,
    pub working_weekdays: Vec<i32>,
    pub holidays: Vec<NaiveDate>,
    pub extra_workdays: Vec<NaiveDate>,
    pub business_end: NaiveTime,
    pub departments: Vec<String>,
    pub updated_at: DateTime<Utc>,
    /// Hours a received or reopened complaint may wait to be assigned.
    pub assign_within_hours: i32,
    /// The estate's time zone, from documents' estate calendar (never written by a settings
    /// change).
    #[diesel(skip_insertion, skip_update)]
    pub time_zone: String,
    /// The version of documents' estate calendar copied into the calendar columns; 0 while
    /// none has arrived (then the calendar set here counts).
    #[diesel(skip_insertion, skip_update)]
    pub calendar_version: i64,
}

impl SettingsRow {
    /// The built-in settings of an estate that has none stored.
    pub fn defaults(group_id: Uuid, estate_id: Uuid) -> Self {
        Self {
            group_id,
            estate_id,
            resolve_days: 2,
            resolve_days_by_type: serde_json::json!({}),
            remind_hours_before: 4,
            working_weekdays: vec![1, 2, 3, 4, 5],
            holidays: vec![],
            extra_workdays: vec![],
            business_end: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default(),
            departments: [
                "engineering",
                "security",
                "cleaning",
                "greening",
                "customer_service",
            ]
            .map(String::from)
            .to_vec(),
            updated_at: Utc::now(),
            assign_within_hours: crate::domain::deadline::DEFAULT_ASSIGN_WITHIN_HOURS,
            time_zone: desk_platform::local::DEFAULT_ZONE.to_string(),
            calendar_version: 0,
        }
    }

    /// True when documents' estate calendar counts here and `sent` would change it: the
    /// calendar is set in documents, not in complaints' settings.
    pub fn changes_estate_calendar(&self, sent: &SettingsRow) -> bool {
        fn set<T: Ord + Clone>(v: &[T]) -> Vec<T> {
            let mut v = v.to_vec();
            v.sort();
            v.dedup();
            v
        }
        self.calendar_version > 0
            && (set(&self.working_weekdays) != set(&sent.working_weekdays)
                || set(&self.holidays) != set(&sent.holidays)
                || set(&self.extra_workdays) != set(&sent.extra_workdays)
                || self.business_end != sent.business_end)
    }

    pub fn calendar(&self) -> Calendar {
        Calendar {
            working_weekdays: self.working_weekdays.iter().map(|d| *d as u32).collect(),
            holidays: self.holidays.clone(),
            extra_workdays: self.extra_workdays.clone(),
            business_end: self.business_end,
            zone: desk_platform::local::Zone::or_default(&self.time_zone),
        }
    }

    /// Working days the department has for a complaint of `complaint_type`.
    pub fn resolve_days_for(&self, complaint_type: &str) -> u32 {
        self.resolve_days_by_type
            .get(complaint_type)
            .and_then(|v| v.as_u64())
            .map(|d| d as u32)
            .unwrap_or(self.resolve_days as u32)
    }
}

pub fn find_or_default(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
) -> QueryResult<SettingsRow> {
    Ok(estate_settings::table
        .filter(estate_settings::group_id.eq(group_id))
        .filter(estate_settings::estate_id.eq(estate_id))
        .select(SettingsRow::as_select())
        .first(conn)
        .optional()?
        .unwrap_or_else(|| SettingsRow::defaults(group_id, estate_id)))
}

/// The estate calendar documents published, copied into the estate's settings when it is newer
/// than the copy held (a replayed or late older one changes nothing). An estate with no
/// settings yet gets the default ones with this calendar.
pub fn copy_estate_calendar(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    calendar: &Calendar,
    version: i64,
) -> QueryResult<bool> {
    use diesel::sql_types::{Array, BigInt, Date, Integer, Text, Time};
    let defaults = SettingsRow::defaults(group_id, estate_id);
    let weekdays: Vec<i32> = calendar
        .working_weekdays
        .iter()
        .map(|d| *d as i32)
        .collect();
    let n = diesel::sql_query(
        "INSERT INTO complaints.estate_settings (group_id, estate_id, resolve_days, \
           resolve_days_by_type, remind_hours_before, working_weekdays, holidays, extra_workdays, \
           business_end, departments, updated_at, assign_within_hours, time_zone, calendar_version) \
         VALUES ($1, $2, $3, '{}'::jsonb, $4, $5, $6, $7, $8, $9, now(), $10, $11, $12) \
         ON CONFLICT (group_id, estate_id) DO UPDATE SET \
           working_weekdays = excluded.working_weekdays, holidays = excluded.holidays, \
           extra_workdays = excluded.extra_workdays, business_end = excluded.business_end, \
           time_zone = excluded.time_zone, calendar_version = excluded.calendar_version \
         WHERE complaints.estate_settings.calendar_version < excluded.calendar_version",
    )
    .bind::<diesel::sql_types::Uuid, _>(group_id)
    .bind::<diesel::sql_types::Uuid, _>(estate_id)
    .bind::<Integer, _>(defaults.resolve_days)
    .bind::<Integer, _>(defaults.remind_hours_before)
    .bind::<Array<Integer>, _>(weekdays)
    .bind::<Array<Date>, _>(&calendar.holidays)
    .bind::<Array<Date>, _>(&calendar.extra_workdays)
    .bind::<Time, _>(calendar.business_end)
    .bind::<Array<Text>, _>(&defaults.departments)
    .bind::<Integer, _>(defaults.assign_within_hours)
    .bind::<Text, _>(calendar.zone.name())
    .bind::<BigInt, _>(version)
    .execute(conn)?;
    Ok(n > 0)
}

pub fn upsert(conn: &mut PgConnection, row: &SettingsRow) -> QueryResult<()> {
    diesel::insert_into(estate_settings::table)
        .values(row)
        .on_conflict((estate_settings::group_id, estate_settings::estate_id))
        .do_update()
        .set(row)
        .execute(conn)?;
    Ok(())
}
