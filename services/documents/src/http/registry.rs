//! The registry as the desk reads it: the estates in the caller's scope, and their units.

use crate::db::registry;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use desk_auth::{EstateScope, Staff};
use desk_platform::db;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Serialize)]
pub struct EstateView {
    pub estate_id: Uuid,
    pub code: String,
    pub name: String,
    pub service_centre_name: String,
    pub service_phone: String,
    pub active: bool,
}

#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
}

/// The estates the caller may work in, for the estate picker.
#[get("/api/v1/documents/estates")]
pub async fn estates(staff: Staff, state: web::Data<AppState>) -> Result<HttpResponse, Error> {
    let group = staff.grp;
    let only = match &staff.scope {
        EstateScope::Group => None,
        EstateScope::Estates(ids) => Some(ids.clone()),
    };
    let rows = db::run(&state.pool, move |conn| {
        registry::list_estates_by_group(conn, group, only.as_deref()).map_err(Error::from)
    })
    .await?;
    let items = rows
        .into_iter()
        .map(|e| EstateView {
            estate_id: e.estate_id,
            code: e.code,
            name: e.name,
            service_centre_name: e.service_centre_name,
            service_phone: e.service_phone,
            active: e.active,
        })
        .collect();
    Ok(HttpResponse::Ok().json(Page { items }))
}

#[derive(Debug, Serialize)]
pub struct UnitView {
    pub unit_id: Uuid,
    pub building_id: Uuid,
    pub label: String,
    pub floor: i32,
    /// Floor area in square metres, two decimals, as text (exact).
    pub area_m2: String,
    pub status: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitsQuery {
    /// Continue after this unit label.
    pub after: Option<String>,
    pub limit: Option<u16>,
}

/// The estate's units in label order, a page at a time.
#[get("/api/v1/documents/estates/{estate_id}/units")]
pub async fn units(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    query: web::Query<UnitsQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let q = query.into_inner();
    let limit = i64::from(q.limit.unwrap_or(100).clamp(1, 500));
    let group = staff.grp;
    let rows = db::run(&state.pool, move |conn| {
        registry::list_units_by_group_estate(conn, group, estate_id, q.after.as_deref(), limit)
            .map_err(Error::from)
    })
    .await?;
    let items = rows
        .into_iter()
        .map(|u| UnitView {
            unit_id: u.unit_id,
            building_id: u.building_id,
            label: u.label,
            floor: u.floor,
            area_m2: format!("{}.{:02}", u.area_centi_m2 / 100, u.area_centi_m2 % 100),
            status: u.status,
        })
        .collect();
    Ok(HttpResponse::Ok().json(Page { items }))
}
