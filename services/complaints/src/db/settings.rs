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
        }
    }

    pub fn calendar(&self) -> Calendar {
        Calendar {
            working_weekdays: self.working_weekdays.iter().map(|d| *d as u32).collect(),
            holidays: self.holidays.clone(),
            extra_workdays: self.extra_workdays.clone(),
            business_end: self.business_end,
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

pub fn upsert(conn: &mut PgConnection, row: &SettingsRow) -> QueryResult<()> {
    diesel::insert_into(estate_settings::table)
        .values(row)
        .on_conflict((estate_settings::group_id, estate_settings::estate_id))
        .do_update()
        .set(row)
        .execute(conn)?;
    Ok(())
}
