//! Changing the registry: estates (administrators), buildings and units (estate managers),
//! residents (the desk too), and importing a whole estate from CSV.

use super::views::{BuildingView, EstateView, ResidentView, UnitView};
use crate::app::registry::{self as app, Actor};
use crate::domain::import;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, patch, post, web};
use chrono::NaiveDate;
use desk_auth::{Role, Staff};
use desk_platform::db;
use diesel::Connection;
use serde::Deserialize;
use uuid::Uuid;

const ESTATE_ROLES: [Role; 1] = [Role::Admin];
const STRUCTURE_ROLES: [Role; 2] = [Role::Admin, Role::EstateManager];
const RESIDENT_ROLES: [Role; 4] = [
    Role::Admin,
    Role::EstateManager,
    Role::Supervisor,
    Role::Receptionist,
];

pub(super) fn actor(staff: &Staff, req: &HttpRequest) -> Actor {
    Actor {
        group_id: staff.grp,
        staff_id: staff.sub,
        correlation_id: desk_platform::http::correlation_id(req),
    }
}

/// Run `work` in one transaction, then wake the relay.
pub(super) async fn write<T: Send + 'static>(
    state: &web::Data<AppState>,
    work: impl FnOnce(&mut diesel::PgConnection) -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    let out = db::run(&state.pool, move |conn| conn.transaction(work)).await?;
    state.relay_wake.notify_one();
    Ok(out)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstateIn {
    pub code: String,
    pub name: String,
    pub service_centre_name: String,
    pub service_phone: String,
    pub greeting: Option<String>,
    pub business_hours: Option<String>,
    pub departments: Option<Vec<String>>,
    /// An IANA time zone; `Asia/Shanghai` when left out.
    pub time_zone: Option<String>,
}

#[post("/api/v1/documents/estates")]
pub async fn create_estate(
    staff: Staff,
    req: HttpRequest,
    body: web::Json<EstateIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    staff.require_any_role(&ESTATE_ROLES)?;
    let a = actor(&staff, &req);
    let b = body.into_inner();
    let now = (state.clock)();
    let row = write(&state, move |conn| {
        app::create_estate(
            conn,
            &a,
            app::NewEstate {
                estate_id: Uuid::now_v7(),
                code: b.code,
                name: b.name,
                service_centre_name: b.service_centre_name,
                service_phone: b.service_phone,
                greeting: b.greeting,
                business_hours: b.business_hours,
                departments: b.departments,
                time_zone: b.time_zone,
            },
            now,
        )
    })
    .await?;
    tracing::info!(estate_id = %row.estate_id, "Estate created.");
    Ok(HttpResponse::Created().json(EstateView::from(row)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstatePatch {
    pub name: Option<String>,
    pub service_centre_name: Option<String>,
    pub service_phone: Option<String>,
    pub greeting: Option<String>,
    pub business_hours: Option<String>,
    pub departments: Option<Vec<String>>,
    pub active: Option<bool>,
    /// An IANA time zone; changing it republishes the estate's calendar in the new zone.
    pub time_zone: Option<String>,
    /// The version the change was made against; a newer one in the registry is a 409.
    pub version: Option<i32>,
}

#[patch("/api/v1/documents/estates/{estate_id}")]
pub async fn change_estate(
    staff: Staff,
    req: HttpRequest,
    estate_id: web::Path<Uuid>,
    body: web::Json<EstatePatch>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&STRUCTURE_ROLES)?;
    let a = actor(&staff, &req);
    let b = body.into_inner();
    let now = (state.clock)();
    let row = write(&state, move |conn| {
        app::change_estate(
            conn,
            &a,
            estate_id,
            app::EstateChange {
                name: b.name,
                service_centre_name: b.service_centre_name,
                service_phone: b.service_phone,
                greeting: b.greeting,
                business_hours: b.business_hours,
                departments: b.departments,
                active: b.active,
                time_zone: b.time_zone,
                expected_version: b.version,
            },
            now,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(EstateView::from(row)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildingIn {
    pub name: String,
}

#[post("/api/v1/documents/estates/{estate_id}/buildings")]
pub async fn create_building(
    staff: Staff,
    req: HttpRequest,
    estate_id: web::Path<Uuid>,
    body: web::Json<BuildingIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&STRUCTURE_ROLES)?;
    let a = actor(&staff, &req);
    let name = body.into_inner().name;
    let row = write(&state, move |conn| {
        app::create_building(conn, &a, estate_id, &name)
    })
    .await?;
    Ok(HttpResponse::Created().json(BuildingView::from(row)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitIn {
    pub building_id: Uuid,
    pub label: String,
    pub floor: i32,
    /// Square metres, at most two decimals, as text: "89.50".
    pub area_m2: String,
    pub status: String,
}

#[post("/api/v1/documents/estates/{estate_id}/units")]
pub async fn create_unit(
    staff: Staff,
    req: HttpRequest,
    estate_id: web::Path<Uuid>,
    body: web::Json<UnitIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&STRUCTURE_ROLES)?;
    let a = actor(&staff, &req);
    let b = body.into_inner();
    let now = (state.clock)();
    let row = write(&state, move |conn| {
        app::create_unit(
            conn,
            &a,
            estate_id,
            app::NewUnit {
                building_id: b.building_id,
                label: b.label,
                floor: b.floor,
                area_m2: b.area_m2,
                status: b.status,
            },
            now,
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(UnitView::from(row)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitPatch {
    pub floor: Option<i32>,
    pub area_m2: Option<String>,
    pub status: Option<String>,
    pub active: Option<bool>,
    pub version: Option<i32>,
}

#[patch("/api/v1/documents/estates/{estate_id}/units/{unit_id}")]
pub async fn change_unit(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<UnitPatch>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, unit_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&STRUCTURE_ROLES)?;
    let a = actor(&staff, &req);
    let b = body.into_inner();
    let now = (state.clock)();
    let row = write(&state, move |conn| {
        app::change_unit(
            conn,
            &a,
            estate_id,
            unit_id,
            app::UnitChange {
                floor: b.floor,
                area_m2: b.area_m2,
                status: b.status,
                active: b.active,
                expected_version: b.version,
            },
            now,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(UnitView::from(row)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResidentIn {
    pub unit_id: Uuid,
    pub name: String,
    pub relation: String,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub id_number: Option<String>,
    pub move_in_date: Option<NaiveDate>,
    pub lease_start: Option<NaiveDate>,
    pub lease_end: Option<NaiveDate>,
}

#[post("/api/v1/documents/estates/{estate_id}/residents")]
pub async fn create_resident(
    staff: Staff,
    req: HttpRequest,
    estate_id: web::Path<Uuid>,
    body: web::Json<ResidentIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&RESIDENT_ROLES)?;
    let a = actor(&staff, &req);
    let b = body.into_inner();
    let sealer = state.sealer.clone();
    let now = (state.clock)();
    let row = write(&state, move |conn| {
        app::create_resident(
            conn,
            &a,
            &sealer,
            estate_id,
            app::NewResident {
                unit_id: b.unit_id,
                name: b.name,
                relation: b.relation,
                phone: b.phone,
                phone_alt: b.phone_alt,
                id_number: b.id_number,
                move_in_date: b.move_in_date,
                lease_start: b.lease_start,
                lease_end: b.lease_end,
            },
            now,
        )
    })
    .await?;
    tracing::info!(resident_id = %row.resident_id, %estate_id, "Resident registered.");
    Ok(HttpResponse::Created().json(ResidentView::new(row, true)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResidentPatch {
    pub name: Option<String>,
    pub relation: Option<String>,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub id_number: Option<String>,
    pub move_in_date: Option<NaiveDate>,
    pub lease_start: Option<NaiveDate>,
    pub lease_end: Option<NaiveDate>,
    pub active: Option<bool>,
    pub version: Option<i32>,
}

#[patch("/api/v1/documents/estates/{estate_id}/residents/{resident_id}")]
pub async fn change_resident(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ResidentPatch>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, resident_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&RESIDENT_ROLES)?;
    let a = actor(&staff, &req);
    let b = body.into_inner();
    let sealer = state.sealer.clone();
    let now = (state.clock)();
    let row = write(&state, move |conn| {
        app::change_resident(
            conn,
            &a,
            &sealer,
            estate_id,
            resident_id,
            app::ResidentChange {
                name: b.name,
                relation: b.relation,
                phone: b.phone,
                phone_alt: b.phone_alt,
                id_number: b.id_number,
                move_in_date: b.move_in_date,
                lease_start: b.lease_start,
                lease_end: b.lease_end,
                active: b.active,
                expected_version: b.version,
            },
            now,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(ResidentView::new(row, true)))
}

/// Import buildings, units and residents from a CSV file (`text/csv`) as spreadsheet programs
/// save it: UTF-8 (with or without its mark), GBK/GB18030, or UTF-16 "Unicode text"
/// (tab-separated); English or Chinese headers and words. Every line is checked first; one bad
/// line rejects the whole file with the list of what to fix.
pub async fn import_csv(
    staff: Staff,
    req: HttpRequest,
    estate_id: web::Path<Uuid>,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&STRUCTURE_ROLES)?;
    let a = actor(&staff, &req);
    // The charset the upload names, if any; else the file's mark or its bytes tell.
    let charset = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| {
            ct.split(';')
                .filter_map(|p| p.trim().split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
                .map(|(_, v)| v.trim().trim_matches('"').to_string())
        });
    let decoded = import::decode(&body, charset.as_deref());
    let plan = import::plan(&decoded.text).map_err(Error::ImportRejected)?;
    let sealer = state.sealer.clone();
    let now = (state.clock)();
    let done = write(&state, move |conn| {
        app::import(conn, &a, &sealer, estate_id, plan, now)
    })
    .await?;
    tracing::info!(%estate_id, encoding = decoded.encoding, units = done.units, residents = done.residents, "Estate imported.");
    Ok(HttpResponse::Created().json(done))
}
