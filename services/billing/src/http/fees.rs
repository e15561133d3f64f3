//! The fee schedule: the management fee per square metre and month, and the estate's items
//! (monthly fixed items, meeting rooms by the hour, special services, utility top-ups); the
//! month's run that charges every unit once; the desk charging an item as it is used.

use crate::db::{fees, ledger};
use crate::domain::calendar::parse_period;
use crate::domain::fees::{FeeItem, ItemKind, check_items, price};
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, put, web};
use desk_auth::{Role, Staff};
use desk_platform::db;
use diesel::Connection;
use serde::Deserialize;
use uuid::Uuid;

const FEE_ROLES: [Role; 3] = [Role::EstateManager, Role::Supervisor, Role::Admin];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleIn {
    /// Management fee per square metre and month, in fen (e.g. 250 = 2.50 yuan/m²).
    pub management_fen_per_m2: i64,
    /// The estate's items; the ones set before are kept when absent.
    pub items: Option<Vec<FeeItem>>,
}

#[put("/api/v1/billing/estates/{estate_id}/fee-schedule")]
pub async fn put_schedule(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<ScheduleIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&FEE_ROLES)?;
    let b = body.into_inner();
    let rate = b.management_fen_per_m2;
    if !(0..=100_000).contains(&rate) {
        return Err(Error::Invalid("management_fen_per_m2: 0 to 100000".into()));
    }
    if let Some(items) = &b.items {
        check_items(items).map_err(Error::Invalid)?;
    }
    let (group, by) = (staff.grp, staff.sub);
    let items = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let items = match b.items {
                Some(items) => items,
                None => fees::schedule(conn, group, estate_id)?
                    .map(|s| s.1)
                    .unwrap_or_default(),
            };
            fees::save_schedule(conn, group, estate_id, rate, &items, by)?;
            Ok(items)
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .json(serde_json::json!({ "management_fen_per_m2": rate, "items": items })))
}

#[get("/api/v1/billing/estates/{estate_id}/fee-schedule")]
pub async fn get_schedule(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let (rate, items) = db::run(&state.pool, move |conn| {
        fees::schedule(conn, group, estate_id)?.ok_or(Error::NotFound("fee schedule"))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .json(serde_json::json!({ "management_fen_per_m2": rate, "items": items })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunIn {
    /// YYYY-MM.
    pub month: String,
}

/// Charge every unit of the estate its management fee and monthly items for the month; running
/// it again charges only what was not charged yet (new units, new items), never twice.
#[post("/api/v1/billing/estates/{estate_id}/management-fees")]
pub async fn run_month(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<RunIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&FEE_ROLES)?;
    let month = body.into_inner().month;
    if parse_period(&month).is_none() {
        return Err(Error::Invalid("month: YYYY-MM".into()));
    }
    let group = staff.grp;
    let now = (state.clock)();
    let charged = db::run(&state.pool, move |conn| {
        conn.transaction::<usize, Error, _>(|conn| {
            let (rate, items) = fees::schedule(conn, group, estate_id)?.ok_or(Error::Rule(
                "no_fee_schedule",
                "Set the estate's fee schedule first.",
            ))?;
            let monthly: Vec<FeeItem> = items
                .into_iter()
                .filter(|i| i.kind == ItemKind::Monthly)
                .collect();
            Ok(fees::run_month(
                conn,
                group,
                estate_id,
                (&month, now),
                rate,
                &monthly,
            )?)
        })
    })
    .await?;
    tracing::info!(%estate_id, charged, "Fees charged for the month.");
    Ok(HttpResponse::Ok().json(serde_json::json!({ "charged": charged })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChargeIn {
    pub unit_label: String,
    /// The code of one of the estate's items.
    pub item_code: String,
    /// Uses or hours; 1 when absent.
    #[serde(default)]
    pub quantity: Option<i64>,
    /// For a top-up: the amount bought on the resident's behalf, in fen.
    #[serde(default)]
    pub amount_fen: Option<i64>,
    /// What the desk notes on the charge (e.g. the meeting's date).
    #[serde(default)]
    pub note: Option<String>,
}

/// The desk charges one of the estate's items to a unit as it is used.
#[post("/api/v1/billing/estates/{estate_id}/charges")]
pub async fn charge_item(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<ChargeIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[
        Role::Cashier,
        Role::Receptionist,
        Role::Supervisor,
        Role::Admin,
    ])?;
    let b = body.into_inner();
    let unit = b.unit_label.trim().to_uppercase();
    let note = b.note.unwrap_or_default().trim().to_string();
    if note.chars().count() > 100 {
        return Err(Error::Invalid("note: at most 100 characters".into()));
    }
    let group = staff.grp;
    let now = (state.clock)();
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let (_, items) = fees::schedule(conn, group, estate_id)?.ok_or(Error::Rule(
                "no_fee_schedule",
                "Set the estate's fee schedule first.",
            ))?;
            let item = items
                .iter()
                .find(|i| i.code == b.item_code)
                .ok_or(Error::Invalid(
                    "item_code: not an item of the estate".into(),
                ))?;
            let quantity = b.quantity.unwrap_or(1);
            let amount = price(item, quantity, b.amount_fen).ok_or(Error::Invalid(
                "quantity 1–1000 for uses and hours; amount_fen only, and required, for a top-up"
                    .into(),
            ))?;
            if !fees::unit_known(conn, group, estate_id, &unit)? {
                return Err(Error::NotFound("unit"));
            }
            let mut description = item.name.clone();
            if matches!(item.kind, ItemKind::PerHour | ItemKind::PerUse) && quantity > 1 {
                description.push_str(&format!(" ×{quantity}"));
            }
            if !note.is_empty() {
                description.push_str(&format!(" ({note})"));
            }
            let row = ledger::ChargeRow {
                group_id: group,
                estate_id,
                charge_id: Uuid::now_v7(),
                unit_label: unit,
                source: "desk".into(),
                source_id: Uuid::now_v7().to_string(),
                description,
                amount_fen: amount,
                paid_fen: 0,
                created_at: now,
                // The month of the estate's own day.
                period: crate::db::calendar::zone_by_group_estate(conn, group, estate_id)?
                    .month(now),
            };
            ledger::insert_charge_once(conn, &row)?;
            Ok(row)
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(row))
}
