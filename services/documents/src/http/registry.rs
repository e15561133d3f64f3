//! Reading the registry: the caller's estates, buildings, units, the unit card with its
//! household, one resident, and the audited look at a full ID number.

use super::views::{BuildingView, EstateView, Page, ResidentView, UnitCard, UnitView};
use crate::db::registry;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use desk_auth::{EstateScope, Role, Staff};
use desk_platform::db;
use serde::Deserialize;
use uuid::Uuid;

/// Who calls residents back and so sees their numbers in full.
pub const CONTACT_ROLES: [Role; 4] = [
    Role::Receptionist,
    Role::Supervisor,
    Role::EstateManager,
    Role::Admin,
];
/// Who may see a full ID number (each look is recorded).
pub const ID_ROLES: [Role; 3] = [Role::Supervisor, Role::EstateManager, Role::Admin];

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
    Ok(HttpResponse::Ok().json(Page {
        items: rows.into_iter().map(EstateView::from).collect::<Vec<_>>(),
    }))
}

#[get("/api/v1/documents/estates/{estate_id}")]
pub async fn estate(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let row = db::run(&state.pool, move |conn| {
        registry::find_estate_by_group(conn, group, estate_id).map_err(Error::from)
    })
    .await?
    .ok_or(Error::NotFound("estate"))?;
    Ok(HttpResponse::Ok().json(EstateView::from(row)))
}

#[get("/api/v1/documents/estates/{estate_id}/buildings")]
pub async fn buildings(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let rows = db::run(&state.pool, move |conn| {
        registry::list_buildings_by_group_estate(conn, group, estate_id).map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(Page {
        items: rows.into_iter().map(BuildingView::from).collect::<Vec<_>>(),
    }))
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
    Ok(HttpResponse::Ok().json(Page {
        items: rows.into_iter().map(UnitView::from).collect::<Vec<_>>(),
    }))
}

/// The unit card: the unit and everyone registered in it.
#[get("/api/v1/documents/estates/{estate_id}/units/{unit_id}")]
pub async fn unit(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, unit_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let (unit, building, residents) = db::run(&state.pool, move |conn| {
        let unit = registry::find_unit_by_group_estate(conn, group, estate_id, unit_id)?
            .ok_or(Error::NotFound("unit"))?;
        let building =
            registry::find_building_by_group_estate(conn, group, estate_id, unit.building_id)?
                .map(|b| b.name)
                .unwrap_or_default();
        let residents =
            registry::list_residents_by_group_estate_unit(conn, group, estate_id, unit_id)?;
        Ok::<_, Error>((unit, building, residents))
    })
    .await?;
    let full = staff.has_any_role(&CONTACT_ROLES);
    Ok(HttpResponse::Ok().json(UnitCard {
        unit: UnitView::from(unit),
        building,
        residents: residents
            .into_iter()
            .map(|r| ResidentView::new(r, full))
            .collect(),
    }))
}

#[get("/api/v1/documents/estates/{estate_id}/residents/{resident_id}")]
pub async fn resident(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, resident_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let row = db::run(&state.pool, move |conn| {
        registry::find_resident_by_group_estate(conn, group, estate_id, resident_id)
            .map_err(Error::from)
    })
    .await?
    .ok_or(Error::NotFound("resident"))?;
    Ok(HttpResponse::Ok().json(ResidentView::new(row, staff.has_any_role(&CONTACT_ROLES))))
}

/// The full ID number, for the few roles that need it; every look is recorded.
#[get("/api/v1/documents/estates/{estate_id}/residents/{resident_id}/id-number")]
pub async fn id_number(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, resident_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&ID_ROLES)?;
    let (group, viewer) = (staff.grp, staff.sub);
    let sealer = state.sealer.clone();
    let now = (state.clock)();
    let number = db::run(&state.pool, move |conn| {
        let row = registry::find_resident_by_group_estate(conn, group, estate_id, resident_id)?
            .ok_or(Error::NotFound("resident"))?;
        let sealed = row.id_number_enc.ok_or(Error::NotFound("ID number"))?;
        registry::record_id_reveal(conn, group, estate_id, resident_id, viewer, now)?;
        sealer
            .open(resident_id, &sealed)
            .map_err(|e| Error::Internal(e.to_string()))
    })
    .await?;
    tracing::info!(%resident_id, staff_id = %viewer, "A full ID number was shown.");
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(serde_json::json!({ "resident_id": resident_id, "id_number": number })))
}
