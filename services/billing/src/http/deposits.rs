//! Deposits held per unit and person (pass deposits), and their refund against the original
//! receipt once the pass is handed back.

use crate::db::{deposits, drawer};
use crate::domain::deposits::{Refusal, refund_way};
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use desk_auth::{Role, Staff};
use desk_platform::db;
use diesel::Connection;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub unit_label: Option<String>,
    /// unpaid, held, refund_due, refunded or void.
    pub status: Option<String>,
}

#[get("/api/v1/billing/estates/{estate_id}/deposits")]
pub async fn list(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<ListQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[
        Role::Cashier,
        Role::Receptionist,
        Role::Supervisor,
        Role::EstateManager,
        Role::Admin,
    ])?;
    let q = q.into_inner();
    let group = staff.grp;
    let unit = q.unit_label.map(|u| u.trim().to_uppercase());
    let rows = db::run(&state.pool, move |conn| {
        deposits::list(conn, group, estate_id, unit.as_deref(), q.status.as_deref())
            .map_err(Error::from)
    })
    .await?;
    let held: i64 = rows
        .iter()
        .filter(|d| d.status == "held" || d.status == "refund_due")
        .map(|d| d.amount_fen)
        .sum();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": rows, "held_fen": held })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefundIn {
    /// The receipt the deposit was paid with, as the holder hands it back.
    pub receipt_no: String,
    /// How the money goes back: the way it was paid, which is also what happens when absent.
    #[serde(default)]
    pub method: Option<String>,
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Self {
        Error::Rule(r.code, r.title)
    }
}

/// Refund a returned pass's deposit against its receipt, the way it was paid: its cash part out
/// of the cashier's open drawer, the rest back through the channel it came by.
#[post("/api/v1/billing/estates/{estate_id}/deposits/{deposit_id}/refund")]
pub async fn refund(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<RefundIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, deposit_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[
        Role::Cashier,
        Role::Receptionist,
        Role::Supervisor,
        Role::Admin,
    ])?;
    let b = body.into_inner();
    if let Some(m) = &b.method {
        super::payments::check_method(m)?;
    }
    let (group, me) = (staff.grp, staff.sub);
    let now = (state.clock)();
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let mut d = deposits::lock(conn, group, estate_id, deposit_id)?
                .ok_or(Error::NotFound("deposit"))?;
            match d.status.as_str() {
                "refund_due" => {}
                "refunded" => {
                    return Err(Error::Rule(
                        "deposit_refunded",
                        "This deposit was already refunded.",
                    ));
                }
                _ => {
                    return Err(Error::Rule(
                        "pass_not_returned",
                        "The pass has not been handed back; record its return first.",
                    ));
                }
            }
            if d.receipt_no.as_deref() != Some(b.receipt_no.trim()) {
                return Err(Error::Rule(
                    "receipt_mismatch",
                    "The receipt does not match the one the deposit was paid with.",
                ));
            }
            let paid_by = deposits::paid_by_method(conn, group, estate_id, d.charge_id)?;
            let way = refund_way(&paid_by, b.method.as_deref())?;
            // Only cash passes the drawer.
            let session = if way.cash_fen() > 0 {
                let s = drawer::open_of_cashier(conn, group, estate_id, me)?.ok_or(Error::Rule(
                    "drawer_not_open",
                    "Open your cash drawer before paying out.",
                ))?;
                super::drawer::same_takings_day(conn, &s, now)?;
                Some(s.session_id)
            } else {
                None
            };
            d.status = "refunded".into();
            d.refunded_at = Some(now);
            d.refunded_by = Some(me);
            d.refund_method = Some(way.label());
            d.refund_cash_fen = way.cash_fen();
            d.refund_session = session;
            deposits::save(conn, &d)?;
            Ok(d)
        })
    })
    .await?;
    tracing::info!(%deposit_id, %estate_id, "Deposit refunded.");
    Ok(HttpResponse::Ok().json(row))
}
