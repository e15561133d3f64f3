//! The resident portal's side of billing: a resident sees the charges and payments of their own
//! units only, and pays online (recorded as WeChat Pay or Alipay; no drawer, no cashier). Anything
//! not theirs answers 404, the same as what does not exist.

use crate::book::{self, Payment};
use crate::db::ledger;
use crate::domain::money::yuan;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use desk_auth::Resident;
use desk_platform::db;
use diesel::Connection;
use serde::Deserialize;
use uuid::Uuid;

/// The charges of every unit of the resident, with what is owed.
#[get("/api/v1/billing/resident/charges")]
pub async fn charges(
    resident: Resident,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (group, units) = (resident.grp, resident.units.clone());
    let (charges, payments) = db::run(&state.pool, move |conn| {
        let mut charges = Vec::new();
        let mut payments = Vec::new();
        for u in units.iter().take(20) {
            charges.extend(ledger::list_by_group_estate_unit(
                conn,
                group,
                u.estate_id,
                &u.unit_label,
            )?);
            payments.extend(ledger::payments_of_unit(
                conn,
                group,
                u.estate_id,
                &u.unit_label,
                20,
            )?);
        }
        Ok::<_, Error>((charges, payments))
    })
    .await?;
    let owed: i64 = charges.iter().map(|c| c.amount_fen - c.paid_fen).sum();
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "items": charges, "owed_fen": owed, "owed_yuan": yuan(owed), "payments": payments,
    })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResidentPaymentIn {
    pub estate_id: Uuid,
    pub unit_label: String,
    /// wechat or alipay.
    pub method: String,
    pub amount_fen: i64,
    #[serde(default)]
    pub charge_ids: Vec<Uuid>,
}

/// Pay for one's own unit online: recorded, numbered, allocated like a payment at the desk.
#[post("/api/v1/billing/resident/payments")]
pub async fn pay(
    resident: Resident,
    req: HttpRequest,
    body: web::Json<ResidentPaymentIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let b = body.into_inner();
    let unit = b.unit_label.trim().to_uppercase();
    resident.require_unit(b.estate_id, &unit)?;
    if !["wechat", "alipay"].contains(&b.method.as_str()) {
        return Err(Error::Invalid("method: wechat or alipay".into()));
    }
    let p = Payment {
        group_id: resident.grp,
        estate_id: b.estate_id,
        unit_label: unit,
        method: b.method,
        amount_fen: b.amount_fen,
        charge_ids: b.charge_ids,
        taken_by: resident.sub,
        session_id: None,
        correlation_id: desk_platform::http::correlation_id(&req),
        actor_kind: "resident",
        idempotency_key: desk_platform::http::idempotency_key(&req)?,
    };
    let now = (state.clock)();
    let taken = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| book::take_payment(conn, p, now))
    })
    .await?;
    state.relay_wake.notify_one();
    let crate::book::Taken { payment, created } = taken;
    if !created {
        return Ok(HttpResponse::Ok().json(payment));
    }
    tracing::info!(payment_id = %payment.payment_id, estate_id = %payment.estate_id, receipt_no = %payment.receipt_no, "Online payment recorded.");
    Ok(HttpResponse::Created().json(payment))
}

/// A receipt of one's own unit.
#[get("/api/v1/billing/resident/estates/{estate_id}/payments/{payment_id}")]
pub async fn receipt(
    resident: Resident,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, payment_id) = path.into_inner();
    let group = resident.grp;
    let body = db::run(&state.pool, move |conn| {
        super::payments::receipt_body(conn, group, estate_id, payment_id)
    })
    .await?;
    let unit = body["payment"]["unit_label"].as_str().unwrap_or_default();
    if !resident.owns(estate_id, unit) {
        return Err(Error::NotFound("payment"));
    }
    Ok(HttpResponse::Ok().json(body))
}
