//! The money of a work order at the desk and the supervisor's: turning a free repair into paid
//! work, approving a fee above the estate's ceiling, waiving the wait for a charge, and the
//! estate's ceiling itself.

use super::work_orders::{actor, change, text};
use crate::app::orders;
use crate::db::settings::{self, SettingsRow};
use crate::domain::money::DEFAULT_FEE_CEILING_FEN;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use desk_auth::{Role, Staff};
use desk_platform::db;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who approves money: fees above the ceiling, waivers, the ceiling itself.
const SUPERVISING: [Role; 3] = [Role::Supervisor, Role::EstateManager, Role::Admin];
/// Who may turn an order into another kind: the desk, supervisors, and the order's technician.
const KIND_CHANGERS: [Role; 5] = [
    Role::Receptionist,
    Role::Supervisor,
    Role::EstateManager,
    Role::Admin,
    Role::Technician,
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindIn {
    /// `paid_repair` or `repair`.
    pub kind: String,
    pub reason: String,
}

/// A free repair found to be paid work (有偿维修) becomes a paid repair before it is completed
/// (or a paid service the desk logged that is a paid repair, or a paid repair found to be
/// free), with the reason in the trail.
#[post("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/kind")]
pub async fn change_kind(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<KindIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&KIND_CHANGERS)?;
    let b = body.into_inner();
    let reason = text("reason", &b.reason, 500)?;
    let kind = b.kind.trim().to_string();
    let as_technician = !staff.has_any_role(&[
        Role::Receptionist,
        Role::Supervisor,
        Role::EstateManager,
        Role::Admin,
    ]);
    let a = actor(&staff, &req, &state, as_technician);
    change(&staff, &state, move |conn| {
        orders::change_kind(conn, &a, estate_id, work_order_id, &kind, &reason)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeApprovalIn {
    /// The highest fee the technician may set, in fen.
    pub up_to_fen: i64,
    pub reason: String,
}

/// A supervisor approves a paid repair's fee above the estate's ceiling, up to an amount.
#[post("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/fee-approval")]
pub async fn approve_fee(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<FeeApprovalIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&SUPERVISING)?;
    let b = body.into_inner();
    if !(1..=100_000_000).contains(&b.up_to_fen) {
        return Err(Error::Invalid("up_to_fen: 1 to 100000000".into()));
    }
    let reason = text("reason", &b.reason, 500)?;
    let a = actor(&staff, &req, &state, false);
    change(&staff, &state, move |conn| {
        orders::approve_fee(conn, &a, estate_id, work_order_id, b.up_to_fen, &reason)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiverIn {
    /// The supervisor's written reason to close before the charge is paid.
    pub reason: String,
}

/// Paid work waiting for its charge closes on a supervisor's written waiver; the charge stays
/// owed in billing.
#[post("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/settlement-waiver")]
pub async fn waive_settlement(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<WaiverIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&SUPERVISING)?;
    let reason = text("reason", &body.reason, 500)?;
    let a = actor(&staff, &req, &state, false);
    change(&staff, &state, move |conn| {
        orders::settle(conn, &a, estate_id, work_order_id, Some(&reason))?
            .ok_or(Error::NotFound("work order"))
    })
    .await
}

#[derive(Debug, Serialize)]
pub struct SettingsView {
    pub estate_id: Uuid,
    pub fee_ceiling_fen: i64,
    /// The estate has not set its own: the default applies.
    pub default: bool,
}

/// The estate's repairs settings.
#[get("/api/v1/repairs/estates/{estate_id}/settings")]
pub async fn get_settings(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let row = db::run(&state.pool, move |conn| {
        settings::find(conn, group, estate_id).map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(SettingsView {
        estate_id,
        fee_ceiling_fen: row
            .as_ref()
            .map_or(DEFAULT_FEE_CEILING_FEN, |r| r.fee_ceiling_fen),
        default: row.is_none(),
    }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsIn {
    /// The fee a technician may set without a supervisor's approval, in fen.
    pub fee_ceiling_fen: i64,
}

#[put("/api/v1/repairs/estates/{estate_id}/settings")]
pub async fn put_settings(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<SettingsIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&SUPERVISING)?;
    if !(0..=100_000_000).contains(&body.fee_ceiling_fen) {
        return Err(Error::Invalid("fee_ceiling_fen: 0 to 100000000".into()));
    }
    let row = SettingsRow {
        group_id: staff.grp,
        estate_id,
        fee_ceiling_fen: body.fee_ceiling_fen,
        updated_by: staff.sub,
        updated_at: (state.clock)(),
    };
    let fee_ceiling_fen = row.fee_ceiling_fen;
    db::run(&state.pool, move |conn| {
        settings::upsert(conn, &row).map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(SettingsView {
        estate_id,
        fee_ceiling_fen,
        default: false,
    }))
}
