//! `/api/v1/documents/estates/{estate_id}/calendar`: the estate calendar (working weekdays,
//! holidays, make-up working days 调休, close of business), read by anyone of the estate, set
//! by its supervisors, its estate manager and administrators. Complaints and billing keep a
//! copy of it from `documents.registry.v1`.

use super::manage::{actor, write};
use crate::app::calendar as app;
use crate::db::registry::EstateRow;
use crate::domain::calendar::{CalendarInput, EstateCalendar};
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, put, web};
use chrono::NaiveDate;
use desk_auth::{Role, Staff};
use desk_platform::db;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const CALENDAR_ROLES: [Role; 3] = [Role::Supervisor, Role::EstateManager, Role::Admin];

#[derive(Debug, Serialize)]
pub struct CalendarView {
    pub estate_id: Uuid,
    /// The estate's time zone: the calendar's days are its days.
    pub time_zone: String,
    pub working_weekdays: Vec<u32>,
    pub holidays: Vec<NaiveDate>,
    pub make_up_days: Vec<NaiveDate>,
    /// `HH:MM`.
    pub close_of_business: String,
    /// 0 while the estate keeps the default calendar.
    pub version: i32,
}

fn view((estate, c, version): (EstateRow, EstateCalendar, i32)) -> CalendarView {
    CalendarView {
        estate_id: estate.estate_id,
        time_zone: estate.time_zone,
        working_weekdays: c.working_weekdays,
        holidays: c.holidays,
        make_up_days: c.make_up_days,
        close_of_business: c.close_of_business.format("%H:%M").to_string(),
        version,
    }
}

#[get("/api/v1/documents/estates/{estate_id}/calendar")]
pub async fn read(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let found = db::run(&state.pool, move |conn| app::read(conn, group, estate_id)).await?;
    Ok(HttpResponse::Ok().json(view(found)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarIn {
    /// ISO weekdays worked, Monday = 1; Monday to Friday when left out.
    pub working_weekdays: Option<Vec<u32>>,
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
    /// Days worked although their weekday is not (调休).
    #[serde(default)]
    pub make_up_days: Vec<NaiveDate>,
    /// `HH:MM`; 18:00 when left out.
    pub close_of_business: Option<String>,
    /// The version read; a newer one is a 409 `stale_version`.
    pub version: Option<i32>,
}

#[put("/api/v1/documents/estates/{estate_id}/calendar")]
pub async fn set(
    staff: Staff,
    req: HttpRequest,
    estate_id: web::Path<Uuid>,
    body: web::Json<CalendarIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&CALENDAR_ROLES)?;
    let a = actor(&staff, &req);
    let b = body.into_inner();
    let now = (state.clock)();
    let saved = write(&state, move |conn| {
        app::set(
            conn,
            &a,
            estate_id,
            CalendarInput {
                working_weekdays: b.working_weekdays,
                holidays: b.holidays,
                make_up_days: b.make_up_days,
                close_of_business: b.close_of_business,
            },
            b.version,
            now,
        )
    })
    .await?;
    tracing::info!(%estate_id, version = saved.2, "Estate calendar set.");
    Ok(HttpResponse::Ok().json(view(saved)))
}
