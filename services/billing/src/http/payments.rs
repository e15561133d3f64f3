//! The cash desk: a unit's charges, taking a payment (allocated to the oldest charges first,
//! with a gap-free receipt number), and the receipt.

use crate::db::ledger::{self, PaymentRow};
use crate::domain::allocation::{Owed, allocate, receipt_no};
use crate::domain::money::yuan;
use crate::error::Error;
use crate::events::{OUTBOX, payment_recorded};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Datelike;
use desk_auth::{Role, Staff};
use desk_events::topics;
use desk_platform::db;
use diesel::Connection;
use serde::Deserialize;
use uuid::Uuid;

const CASH_DESK: [Role; 4] = [
    Role::Cashier,
    Role::Receptionist,
    Role::Supervisor,
    Role::Admin,
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitQuery {
    pub unit_label: String,
}

/// A unit's charges and what is still owed (the resident card's arrears).
#[get("/api/v1/billing/estates/{estate_id}/charges")]
pub async fn charges(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<UnitQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[
        Role::Cashier,
        Role::Receptionist,
        Role::Supervisor,
        Role::EstateManager,
        Role::Hq,
        Role::Admin,
    ])?;
    let (group, unit) = (staff.grp, q.unit_label.trim().to_uppercase());
    let rows = db::run(&state.pool, move |conn| {
        ledger::list_by_group_estate_unit(conn, group, estate_id, &unit).map_err(Error::from)
    })
    .await?;
    let owed: i64 = rows.iter().map(|c| c.amount_fen - c.paid_fen).sum();
    Ok(HttpResponse::Ok()
        .json(serde_json::json!({ "items": rows, "owed_fen": owed, "owed_yuan": yuan(owed) })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentIn {
    pub unit_label: String,
    /// cash, card, bank_transfer, wechat or alipay.
    pub method: String,
    pub amount_fen: i64,
}

/// Take a payment for a unit: allocated to its oldest open charges, numbered, announced.
#[post("/api/v1/billing/estates/{estate_id}/payments")]
pub async fn take(
    staff: Staff,
    req: HttpRequest,
    estate_id: web::Path<Uuid>,
    body: web::Json<PaymentIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&CASH_DESK)?;
    let b = body.into_inner();
    if !["cash", "card", "bank_transfer", "wechat", "alipay"].contains(&b.method.as_str()) {
        return Err(Error::Invalid(
            "method: cash, card, bank_transfer, wechat or alipay".into(),
        ));
    }
    let (group, cashier, correlation) = (
        staff.grp,
        staff.sub,
        desk_platform::http::correlation_id(&req),
    );
    let unit = b.unit_label.trim().to_uppercase();
    let now = chrono::Utc::now();
    let payment = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            // Every payment goes into the open drawer of the one who takes it.
            let session = crate::db::drawer::open_of_cashier(conn, group, estate_id, cashier)?
                .ok_or(Error::Rule(
                    "drawer_not_open",
                    "Open your cash drawer before taking payments.",
                ))?;
            let open = ledger::lock_open_by_group_estate_unit(conn, group, estate_id, &unit)?;
            let owed: Vec<Owed<usize>> = open
                .iter()
                .enumerate()
                .map(|(i, c)| Owed {
                    id: i,
                    owed_fen: c.amount_fen - c.paid_fen,
                })
                .collect();
            let parts = allocate(&owed, b.amount_fen).ok_or(Error::Rule(
                "amount_exceeds_owed",
                "The amount is more than the unit owes, or not positive.",
            ))?;
            let n = ledger::next_receipt_number(conn, group, estate_id, now.year())?;
            let code = estate_id.simple().to_string()[..6].to_uppercase();
            let p = PaymentRow {
                group_id: group,
                estate_id,
                payment_id: Uuid::now_v7(),
                unit_label: unit.clone(),
                method: b.method,
                amount_fen: b.amount_fen,
                receipt_no: receipt_no(&code, now.year(), n),
                cashier,
                taken_at: now,
                session_id: Some(session.session_id),
            };
            ledger::insert_payment(conn, &p)?;
            for (i, fen) in parts {
                let c = &open[i];
                ledger::insert_allocation(conn, group, estate_id, p.payment_id, c.charge_id, fen)?;
                ledger::add_paid(conn, group, estate_id, c.charge_id, fen)?;
                if matches!(c.source.as_str(), "work_order" | "special_service") {
                    OUTBOX.enqueue(
                        conn,
                        topics::LEDGER,
                        &payment_recorded(&p, &c.source_id, fen, correlation),
                    )?;
                }
            }
            Ok(p)
        })
    })
    .await?;
    state.relay_wake.notify_one();
    tracing::info!(payment_id = %payment.payment_id, %estate_id, receipt_no = %payment.receipt_no, "Payment taken.");
    Ok(HttpResponse::Created().json(payment))
}

/// The receipt: the payment and what it paid.
#[get("/api/v1/billing/estates/{estate_id}/payments/{payment_id}")]
pub async fn receipt(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, payment_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let (p, lines) = db::run(&state.pool, move |conn| {
        let p = ledger::find_payment(conn, group, estate_id, payment_id)?
            .ok_or(Error::NotFound("payment"))?;
        let lines = ledger::allocations_of(conn, group, estate_id, payment_id)?;
        Ok::<_, Error>((p, lines))
    })
    .await?;
    let lines: Vec<serde_json::Value> = lines
        .into_iter()
        .map(|(charge_id, fen, description, source, source_id)| serde_json::json!({ "charge_id": charge_id, "amount_fen": fen, "amount_yuan": yuan(fen), "description": description, "source": source, "source_id": source_id }))
        .collect();
    Ok(HttpResponse::Ok().json(
        serde_json::json!({ "payment": p, "amount_yuan": yuan(p.amount_fen), "lines": lines }),
    ))
}
