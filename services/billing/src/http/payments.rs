//! The cash desk: a unit's charges, taking a payment (allocated to the oldest charges first
//! unless the payer chose, with a gap-free receipt number), the receipt and its prints, the
//! receipts list, and reversals (asked for with a reason, approved by a supervisor).

use crate::book::{self, METHODS, Payment};
use crate::db::drawer;
use crate::db::ledger::{self, ReversalRow};
use crate::domain::money::yuan;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::NaiveDate;
use desk_auth::{Role, Staff};
use desk_platform::local::Zone;
use desk_platform::{csv, db};
use diesel::Connection;
use serde::Deserialize;
use std::collections::BTreeMap;
use uuid::Uuid;

const CASH_DESK: [Role; 4] = [
    Role::Cashier,
    Role::Receptionist,
    Role::Supervisor,
    Role::Admin,
];
const READERS: [Role; 6] = [
    Role::Cashier,
    Role::Receptionist,
    Role::Supervisor,
    Role::EstateManager,
    Role::Hq,
    Role::Admin,
];
const APPROVERS: [Role; 3] = [Role::Supervisor, Role::EstateManager, Role::Admin];

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
    staff.require_any_role(&READERS)?;
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
    /// The charges to pay, in order, when the payer chooses; otherwise the oldest first.
    #[serde(default)]
    pub charge_ids: Vec<Uuid>,
}

pub fn check_method(method: &str) -> Result<(), Error> {
    if METHODS.contains(&method) {
        Ok(())
    } else {
        Err(Error::Invalid(
            "method: cash, card, bank_transfer, wechat or alipay".into(),
        ))
    }
}

/// Take a payment for a unit into the cashier's open drawer.
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
    check_method(&b.method)?;
    let mut p = Payment {
        group_id: staff.grp,
        estate_id,
        unit_label: b.unit_label.trim().to_uppercase(),
        method: b.method,
        amount_fen: b.amount_fen,
        charge_ids: b.charge_ids,
        taken_by: staff.sub,
        session_id: None,
        correlation_id: desk_platform::http::correlation_id(&req),
        actor_kind: "staff",
        idempotency_key: desk_platform::http::idempotency_key(&req)?,
    };
    let now = (state.clock)();
    let taken = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            // Every payment at the desk goes into the open drawer of the one who takes it.
            let session = drawer::open_of_cashier(conn, p.group_id, estate_id, p.taken_by)?.ok_or(
                Error::Rule(
                    "drawer_not_open",
                    "Open your cash drawer before taking payments.",
                ),
            )?;
            // ...and that drawer holds one day's takings only.
            super::drawer::same_takings_day(conn, &session, now)?;
            p.session_id = Some(session.session_id);
            book::take_payment(conn, p, now)
        })
    })
    .await?;
    state.relay_wake.notify_one();
    let crate::book::Taken { payment, created } = taken;
    if !created {
        return Ok(HttpResponse::Ok().json(payment));
    }
    tracing::info!(payment_id = %payment.payment_id, %estate_id, receipt_no = %payment.receipt_no, "Payment taken.");
    Ok(HttpResponse::Created().json(payment))
}

/// The receipt: the payment, what it paid, how often it was printed, and its reversal if any.
#[get("/api/v1/billing/estates/{estate_id}/payments/{payment_id}")]
pub async fn receipt(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, payment_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&READERS)?;
    let group = staff.grp;
    let body = db::run(&state.pool, move |conn| {
        receipt_body(conn, group, estate_id, payment_id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// A receipt as the desk and the resident portal show it.
pub fn receipt_body(
    conn: &mut diesel::PgConnection,
    group: Uuid,
    estate_id: Uuid,
    payment_id: Uuid,
) -> Result<serde_json::Value, Error> {
    let p = ledger::find_payment(conn, group, estate_id, payment_id)?
        .ok_or(Error::NotFound("payment"))?;
    let lines = ledger::allocations_of(conn, group, estate_id, payment_id)?;
    let reversal = ledger::find_reversal(conn, group, estate_id, payment_id)?;
    let lines: Vec<serde_json::Value> = lines
        .into_iter()
        .map(|(charge_id, fen, description, source, source_id)| serde_json::json!({ "charge_id": charge_id, "amount_fen": fen, "amount_yuan": yuan(fen), "description": description, "source": source, "source_id": source_id }))
        .collect();
    Ok(serde_json::json!({
        "payment": p, "amount_yuan": yuan(p.amount_fen), "lines": lines,
        "prints": p.prints, "reversal": reversal,
    }))
}

/// Count a print of the receipt: the first is the original, every later one a copy (副本).
#[post("/api/v1/billing/estates/{estate_id}/payments/{payment_id}/prints")]
pub async fn print(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, payment_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&CASH_DESK)?;
    let group = staff.grp;
    let prints = db::run(&state.pool, move |conn| {
        ledger::count_print(conn, group, estate_id, payment_id)?.ok_or(Error::NotFound("payment"))
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "prints": prints, "copy": prints > 1 })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReversalIn {
    pub reason: String,
}

/// Ask for a payment to be reversed, with the reason; a supervisor decides.
#[post("/api/v1/billing/estates/{estate_id}/payments/{payment_id}/reversal")]
pub async fn request_reversal(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ReversalIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, payment_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&CASH_DESK)?;
    let reason = body.into_inner().reason.trim().to_string();
    if !(2..=500).contains(&reason.chars().count()) {
        return Err(Error::Invalid("reason: 2 to 500 characters".into()));
    }
    let (group, by) = (staff.grp, staff.sub);
    let now = (state.clock)();
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let p = ledger::find_payment(conn, group, estate_id, payment_id)?
                .ok_or(Error::NotFound("payment"))?;
            let row = ReversalRow {
                group_id: group,
                estate_id,
                payment_id,
                amount_fen: p.amount_fen,
                reason,
                status: "requested".into(),
                requested_by: by,
                requested_at: now,
                decided_by: None,
                decided_at: None,
                session_id: None,
                method: p.method,
            };
            if !ledger::insert_reversal(conn, &row)? {
                return Err(Error::Rule(
                    "reversal_exists",
                    "This payment already has a reversal.",
                ));
            }
            Ok(row)
        })
    })
    .await?;
    tracing::info!(%payment_id, %estate_id, "Reversal requested.");
    Ok(HttpResponse::Created().json(row))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionIn {
    /// approve or refuse.
    pub decision: String,
}

/// A supervisor approves or refuses a reversal (not the one who asked for it).
#[post("/api/v1/billing/estates/{estate_id}/payments/{payment_id}/reversal/decision")]
pub async fn decide_reversal(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<DecisionIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, payment_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&APPROVERS)?;
    let decision = body.into_inner().decision;
    if !["approve", "refuse"].contains(&decision.as_str()) {
        return Err(Error::Invalid("decision: approve or refuse".into()));
    }
    let (group, me, correlation) = (
        staff.grp,
        staff.sub,
        desk_platform::http::correlation_id(&req),
    );
    let now = (state.clock)();
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            if decision == "approve" {
                return book::approve_reversal(
                    conn,
                    group,
                    estate_id,
                    payment_id,
                    me,
                    correlation,
                    now,
                );
            }
            let mut r = ledger::lock_reversal(conn, group, estate_id, payment_id)?
                .ok_or(Error::NotFound("reversal"))?;
            if r.status != "requested" {
                return Err(Error::Rule(
                    "reversal_decided",
                    "This reversal was already decided.",
                ));
            }
            r.status = "refused".into();
            r.decided_by = Some(me);
            r.decided_at = Some(now);
            ledger::save_reversal(conn, &r)?;
            Ok(r)
        })
    })
    .await?;
    state.relay_wake.notify_one();
    tracing::info!(%payment_id, %estate_id, status = %row.status, "Reversal decided.");
    Ok(HttpResponse::Ok().json(row))
}

/// Reversals waiting for a supervisor.
#[get("/api/v1/billing/estates/{estate_id}/reversals")]
pub async fn waiting_reversals(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&READERS)?;
    let group = staff.grp;
    let rows = db::run(&state.pool, move |conn| {
        ledger::waiting_reversals(conn, group, estate_id).map_err(Error::from)
    })
    .await?;
    let items: Vec<serde_json::Value> = rows
        .into_iter()
        .map(|(r, receipt_no, unit_label)| {
            let mut v = serde_json::to_value(&r).unwrap_or_default();
            v["receipt_no"] = receipt_no.into();
            v["unit_label"] = unit_label.into();
            v
        })
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeQuery {
    /// First day, YYYY-MM-DD (Beijing time); today when absent.
    pub from: Option<NaiveDate>,
    /// Last day, inclusive; `from` when absent.
    pub to: Option<NaiveDate>,
}

/// The days of a receipts list: at most 92; today (the estate's) when none is given.
pub fn day_range(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), Error> {
    let from = from.unwrap_or(today);
    let to = to.unwrap_or(from);
    if to < from || (to - from).num_days() > 92 {
        return Err(Error::Invalid("from..to: in order, at most 92 days".into()));
    }
    Ok((from, to))
}

/// The receipts of a period with their totals: what was taken, by method, and reversed.
pub async fn receipts_between(
    state: &AppState,
    group: Uuid,
    estate_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(Vec<(ledger::PaymentRow, Option<String>)>, serde_json::Value), Error> {
    let rows = db::run(&state.pool, move |conn| {
        let zone = crate::db::calendar::zone_by_group_estate(conn, group, estate_id)?;
        let (start, end) = zone.days_bounds(from, to);
        ledger::payments_between(conn, group, estate_id, start, end).map_err(Error::from)
    })
    .await?;
    let mut by_method: BTreeMap<&str, i64> = BTreeMap::new();
    let (mut taken, mut reversed) = (0i64, 0i64);
    for (p, rev) in &rows {
        taken += p.amount_fen;
        *by_method.entry(p.method.as_str()).or_default() += p.amount_fen;
        if rev.as_deref() == Some("approved") {
            reversed += p.amount_fen;
            *by_method.entry(p.method.as_str()).or_default() -= p.amount_fen;
        }
    }
    let summary = serde_json::json!({
        "from": from, "to": to, "receipts": rows.len(),
        "taken_fen": taken, "reversed_fen": reversed, "net_fen": taken - reversed,
        "net_yuan": yuan(taken - reversed), "by_method": by_method,
    });
    Ok((rows, summary))
}

/// The estate's time zone, from billing's copy of its calendar.
pub async fn estate_zone(state: &AppState, group: Uuid, estate_id: Uuid) -> Result<Zone, Error> {
    db::run(&state.pool, move |conn| {
        crate::db::calendar::zone_by_group_estate(conn, group, estate_id).map_err(Error::from)
    })
    .await
}

/// The receipts of a list, each with its reversal's state.
pub fn receipt_items(rows: &[(ledger::PaymentRow, Option<String>)]) -> Vec<serde_json::Value> {
    rows.iter()
        .map(|(p, rev)| {
            let mut v = serde_json::to_value(p).unwrap_or_default();
            v["reversal"] = rev.clone().into();
            v
        })
        .collect()
}

/// The receipts list of a day or a period (the Saturday list is `/reports/weekly`).
#[get("/api/v1/billing/estates/{estate_id}/payments")]
pub async fn list(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<RangeQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&READERS)?;
    let zone = estate_zone(&state, staff.grp, estate_id).await?;
    let (from, to) = day_range(q.from, q.to, zone.date((state.clock)()))?;
    let (rows, summary) = receipts_between(&state, staff.grp, estate_id, from, to).await?;
    Ok(HttpResponse::Ok()
        .json(serde_json::json!({ "items": receipt_items(&rows), "summary": summary })))
}

/// The receipts list as CSV, for finance.
#[get("/api/v1/billing/estates/{estate_id}/receipts.csv")]
pub async fn list_csv(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<RangeQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&READERS)?;
    let zone = estate_zone(&state, staff.grp, estate_id).await?;
    let (from, to) = day_range(q.from, q.to, zone.date((state.clock)()))?;
    let (rows, _) = receipts_between(&state, staff.grp, estate_id, from, to).await?;
    Ok(csv::response(
        receipts_csv(&rows, zone),
        &format!("receipts-{from}-{to}.csv"),
    ))
}

pub fn receipts_csv(rows: &[(ledger::PaymentRow, Option<String>)], zone: Zone) -> String {
    let mut out = csv::line(&[
        "receipt_no",
        "taken_at",
        "unit",
        "method",
        "amount_yuan",
        "reversal",
    ]);
    for (p, rev) in rows {
        out.push_str(&csv::line(&[
            p.receipt_no.clone(),
            zone.local(p.taken_at).format("%Y-%m-%d %H:%M").to_string(),
            p.unit_label.clone(),
            p.method.clone(),
            yuan(p.amount_fen),
            rev.clone().unwrap_or_default(),
        ]));
    }
    out
}
