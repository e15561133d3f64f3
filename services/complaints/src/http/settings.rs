//! `/api/v1/complaints/estates/{estate_id}/settings`: the estate's business calendar, deadlines
//! per type, reminders, and departments.

use crate::db::settings::{self, SettingsRow};
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, put, web};
use chrono::{NaiveDate, NaiveTime, Utc};
use desk_auth::{Role, Staff};
use desk_platform::db;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsIo {
    /// Working days the department has to resolve a complaint.
    pub resolve_days: i32,
    /// Overrides per complaint type, e.g. {"engineering": 3}.
    #[serde(default)]
    pub resolve_days_by_type: std::collections::BTreeMap<String, i32>,
    pub remind_hours_before: i32,
    /// ISO weekdays worked, Monday = 1.
    pub working_weekdays: Vec<i32>,
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
    /// Weekend days worked instead of a holiday (调休).
    #[serde(default)]
    pub extra_workdays: Vec<NaiveDate>,
    /// HH:MM: the close of business, when a day's deadline falls.
    pub business_end: String,
    pub departments: Vec<String>,
    /// Hours a received or reopened complaint may wait for its assignment before it is overdue
    /// (立即报告客服主管); past the close of business, the next working day's close.
    #[serde(default = "default_assign_within_hours")]
    pub assign_within_hours: i32,
}

fn default_assign_within_hours() -> i32 {
    crate::domain::deadline::DEFAULT_ASSIGN_WITHIN_HOURS
}

fn view(s: SettingsRow) -> SettingsIo {
    SettingsIo {
        resolve_days: s.resolve_days,
        resolve_days_by_type: serde_json::from_value(s.resolve_days_by_type).unwrap_or_default(),
        remind_hours_before: s.remind_hours_before,
        working_weekdays: s.working_weekdays,
        holidays: s.holidays,
        extra_workdays: s.extra_workdays,
        business_end: s.business_end.format("%H:%M").to_string(),
        departments: s.departments,
        assign_within_hours: s.assign_within_hours,
    }
}

#[get("/api/v1/complaints/estates/{estate_id}/settings")]
pub async fn get(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let s = db::run(&state.pool, move |conn| {
        settings::find_or_default(conn, group, estate_id).map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view(s)))
}

#[put("/api/v1/complaints/estates/{estate_id}/settings")]
pub async fn put(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<SettingsIo>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[Role::EstateManager, Role::Admin])?;
    let b = body.into_inner();
    let bad = |m: &str| Error::Invalid(m.to_string());
    if !(1..=30).contains(&b.resolve_days)
        || b.resolve_days_by_type
            .values()
            .any(|d| !(1..=30).contains(d))
    {
        return Err(bad("resolve_days: 1 to 30 working days"));
    }
    if b.resolve_days_by_type
        .keys()
        .any(|t| !crate::domain::complaint::TYPES.contains(&t.as_str()))
    {
        return Err(bad("resolve_days_by_type: unknown complaint type"));
    }
    if !(0..=72).contains(&b.remind_hours_before) {
        return Err(bad("remind_hours_before: 0 to 72"));
    }
    if !(1..=24).contains(&b.assign_within_hours) {
        return Err(bad("assign_within_hours: 1 to 24"));
    }
    if b.working_weekdays.is_empty() || b.working_weekdays.iter().any(|d| !(1..=7).contains(d)) {
        return Err(bad(
            "working_weekdays: 1 (Monday) to 7 (Sunday), at least one",
        ));
    }
    if b.departments.is_empty()
        || b.departments
            .iter()
            .any(|d| d.trim().is_empty() || d.len() > 40)
    {
        return Err(bad(
            "departments: at least one name, each up to 40 characters",
        ));
    }
    let end = NaiveTime::parse_from_str(&b.business_end, "%H:%M")
        .map_err(|_| bad("business_end: HH:MM"))?;
    let row = SettingsRow {
        group_id: staff.grp,
        estate_id,
        resolve_days: b.resolve_days,
        resolve_days_by_type: serde_json::to_value(&b.resolve_days_by_type).unwrap_or_default(),
        remind_hours_before: b.remind_hours_before,
        working_weekdays: b.working_weekdays,
        holidays: b.holidays,
        extra_workdays: b.extra_workdays,
        business_end: end,
        departments: b
            .departments
            .into_iter()
            .map(|d| d.trim().to_string())
            .collect(),
        updated_at: Utc::now(),
        assign_within_hours: b.assign_within_hours,
        time_zone: String::new(),
        calendar_version: 0,
    };
    let saved = row.clone();
    db::run(&state.pool, move |conn| {
        // The calendar is documents' estate calendar once it has arrived: set it there.
        if settings::find_or_default(conn, row.group_id, row.estate_id)?
            .changes_estate_calendar(&row)
        {
            return Err(Error::Refused(desk_platform::Problem::conflict(
                "calendar_set_in_documents",
                "The estate's calendar is set in documents (/api/v1/documents/estates/{estate_id}/calendar); send it unchanged here.",
            )));
        }
        settings::upsert(conn, &row).map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view(saved)))
}
