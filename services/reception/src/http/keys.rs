//! `/api/v1/reception/estates/{estate_id}/keys`: vacant-unit, owner-entrusted, plant-room and
//! other keys kept at the desk; loans against a signature (outsiders show an ID and leave a
//! deposit); returns; the overdue list; the monthly count.

use super::common::{Page, PageQuery, optional, required};
use super::intakes::DESK_ROLES;
use crate::db::desk::{self, CountRow, KeyRow, LoanRow};
use crate::domain::desk::{KEY_KINDS, key_due, lend_key};
use crate::domain::identity;
use crate::domain::intake::Refusal;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use desk_auth::Staff;
use desk_platform::db;
use desk_platform::mask::normalise_phone;
use diesel::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyIn {
    pub kind: String,
    /// What is written on the tag, unique in the estate: "3-2-1101 户门", "B1 水泵房".
    pub label: String,
    pub building: Option<String>,
    pub floor: Option<i32>,
    pub unit_id: Option<Uuid>,
}

#[derive(Debug, Serialize)]
pub struct KeyView {
    pub key_id: Uuid,
    pub kind: String,
    pub label: String,
    pub building: Option<String>,
    pub floor: Option<i32>,
    pub unit_id: Option<Uuid>,
    /// The loan it is out on, if any.
    pub loan: Option<LoanView>,
}

#[derive(Debug, Serialize)]
pub struct LoanView {
    pub loan_id: Uuid,
    pub key_id: Uuid,
    pub borrower_name: String,
    pub borrower_phone: Option<String>,
    pub outsider: bool,
    pub borrower_id: Option<String>,
    pub deposit_fen: i64,
    pub purpose: Option<String>,
    pub lent_at: DateTime<Utc>,
    pub lent_by: Uuid,
    pub due_at: DateTime<Utc>,
    pub overdue: bool,
    pub returned_at: Option<DateTime<Utc>>,
    pub returned_to: Option<Uuid>,
}

fn loan_view(l: LoanRow, now: DateTime<Utc>) -> LoanView {
    LoanView {
        loan_id: l.loan_id,
        key_id: l.key_id,
        borrower_name: l.borrower_name,
        borrower_phone: l.borrower_phone.map(|p| desk_platform::mask::phone(&p)),
        outsider: l.outsider,
        borrower_id: l
            .borrower_id_last4
            .as_deref()
            .map(desk_platform::mask::id_number),
        deposit_fen: l.deposit_fen,
        purpose: l.purpose,
        lent_at: l.lent_at,
        lent_by: l.lent_by,
        overdue: l.returned_at.is_none() && l.due_at < now,
        due_at: l.due_at,
        returned_at: l.returned_at,
        returned_to: l.returned_to,
    }
}

fn key_view(k: KeyRow, loan: Option<LoanView>) -> KeyView {
    KeyView {
        key_id: k.key_id,
        kind: k.kind,
        label: k.label,
        building: k.building,
        floor: k.floor,
        unit_id: k.unit_id,
        loan,
    }
}

#[post("/api/v1/reception/estates/{estate_id}/keys")]
pub async fn register(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<KeyIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let b = body.into_inner();
    if !KEY_KINDS.contains(&b.kind.as_str()) {
        return Err(Error::Invalid(
            "kind: must be vacant_unit, owner_entrusted, plant_room or other".into(),
        ));
    }
    let row = KeyRow {
        group_id: staff.grp,
        estate_id,
        key_id: Uuid::now_v7(),
        kind: b.kind,
        label: required("label", &b.label, 60)?,
        building: optional("building", b.building.as_deref(), 30)?,
        floor: b.floor,
        unit_id: b.unit_id,
        active: true,
        created_by: staff.sub,
        created_at: (state.clock)(),
    };
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            super::common::unit_label(conn, row.group_id, row.estate_id, row.unit_id)?;
            if !desk::insert_key(conn, &row)? {
                return Err(Refusal {
                    code: "key_label_taken",
                    message: "The estate already has a key with this tag.",
                }
                .into());
            }
            Ok(row)
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(key_view(row, None)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeysQuery {
    pub kind: Option<String>,
    pub building: Option<String>,
}

/// The key board: every key kept, by building and floor, with the loan it is out on.
#[get("/api/v1/reception/estates/{estate_id}/keys")]
pub async fn list(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    query: web::Query<KeysQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let q = query.into_inner();
    let group = staff.grp;
    let (keys, out_loans) = db::run(&state.pool, move |conn| {
        let keys = desk::list_keys(
            conn,
            group,
            estate_id,
            q.kind.as_deref(),
            q.building.as_deref(),
        )?;
        let out = desk::open_loans(conn, group, estate_id, None)?;
        Ok::<_, Error>((keys, out))
    })
    .await?;
    let now = (state.clock)();
    let mut by_key: std::collections::HashMap<Uuid, LoanRow> =
        out_loans.into_iter().map(|l| (l.key_id, l)).collect();
    let items: Vec<KeyView> = keys
        .into_iter()
        .map(|k| {
            let loan = by_key.remove(&k.key_id).map(|l| loan_view(l, now));
            key_view(k, loan)
        })
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lend {
    pub borrower_name: String,
    pub borrower_phone: Option<String>,
    /// Someone from outside the estate (a contractor): shows an ID and leaves a deposit.
    #[serde(default)]
    pub outsider: bool,
    /// The ID shown; only its last four characters are kept.
    pub borrower_id_number: Option<String>,
    #[serde(default)]
    pub deposit_fen: i64,
    /// The borrower's signature: typed name or an image as a data URL.
    pub signature: String,
    pub purpose: Option<String>,
    /// Hours until it is due back (1 to 168; 4 by default).
    pub hours: Option<i64>,
}

#[post("/api/v1/reception/estates/{estate_id}/keys/{key_id}/lend")]
pub async fn lend(
    staff: Staff,
    req: actix_web::HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<Lend>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, key_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let b = body.into_inner();
    let now = (state.clock)();
    let correlation = desk_platform::http::correlation_id(&req);
    // The ID shown is checked for a document's form; only its last four characters are kept.
    let id_last4 = match b
        .borrower_id_number
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(raw) => Some(identity::last4(
            &identity::check(raw)
                .map_err(|e| Error::Invalid(format!("borrower_id_number: {e}")))?
                .1,
        )),
        None => None,
    };
    let phone = match b
        .borrower_phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(p) => Some(
            normalise_phone(p)
                .map_err(|e| Error::Invalid(format!("borrower_phone: {}", e.reason())))?,
        ),
        None => None,
    };
    let loan = LoanRow {
        group_id: staff.grp,
        estate_id,
        loan_id: Uuid::now_v7(),
        key_id,
        borrower_name: required("borrower_name", &b.borrower_name, 50)?,
        borrower_phone: phone,
        outsider: b.outsider,
        borrower_id_last4: id_last4,
        deposit_fen: b.deposit_fen,
        signature: required("signature", &b.signature, 40_000)?,
        purpose: optional("purpose", b.purpose.as_deref(), 200)?,
        lent_at: now,
        lent_by: staff.sub,
        due_at: key_due(now, b.hours)?,
        returned_at: None,
        returned_to: None,
    };
    let loan = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let key =
                desk::lock_key(conn, loan.group_id, loan.estate_id, key_id)?.ok_or(Refusal {
                    code: "unknown_key",
                    message: "The estate has no such key.",
                })?;
            let out =
                desk::open_loan_of_key(conn, loan.group_id, loan.estate_id, key_id)?.is_some();
            lend_key(
                key.active,
                out,
                loan.outsider,
                loan.borrower_id_last4.is_some(),
                loan.deposit_fen,
            )?;
            desk::insert_loan(conn, &loan)?;
            // An outsider's deposit is money the desk takes: it goes through billing.
            if loan.outsider && loan.deposit_fen > 0 {
                crate::events::OUTBOX.enqueue(
                    conn,
                    desk_events::topics::INTAKE,
                    &crate::events::keys::key_loan_opened(&loan, &key.label, correlation),
                )?;
            }
            Ok(loan)
        })
    })
    .await?;
    state.relay_wake.notify_one();
    tracing::info!(loan_id = %loan.loan_id, %key_id, %estate_id, "Key lent.");
    Ok(HttpResponse::Created().json(loan_view(loan, now)))
}

/// The key comes back; the deposit, if any, is due back to the borrower.
#[post("/api/v1/reception/estates/{estate_id}/keys/{key_id}/return")]
pub async fn give_back(
    staff: Staff,
    req: actix_web::HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, key_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let (group, by, now) = (staff.grp, staff.sub, (state.clock)());
    let correlation = desk_platform::http::correlation_id(&req);
    let loan = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let key =
                desk::lock_key(conn, group, estate_id, key_id)?.ok_or(Error::NotFound("key"))?;
            let mut loan =
                desk::open_loan_of_key(conn, group, estate_id, key_id)?.ok_or(Refusal {
                    code: "key_not_lent",
                    message: "The key is not out on loan.",
                })?;
            loan.returned_at = Some(now);
            loan.returned_to = Some(by);
            desk::save_loan(conn, &loan)?;
            // The deposit comes back out of billing, the way it was paid.
            if loan.outsider && loan.deposit_fen > 0 {
                crate::events::OUTBOX.enqueue(
                    conn,
                    desk_events::topics::INTAKE,
                    &crate::events::keys::key_loan_returned(&loan, &key.label, correlation, by),
                )?;
            }
            Ok(loan)
        })
    })
    .await?;
    state.relay_wake.notify_one();
    Ok(HttpResponse::Ok().json(loan_view(loan, (state.clock)())))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoansQuery {
    /// true: only keys past their due time and not back.
    pub overdue: Option<bool>,
    pub key_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub before: Option<DateTime<Utc>>,
    pub limit: Option<u16>,
}

/// Loans, newest first; `overdue=true`: keys out past their time.
#[get("/api/v1/reception/estates/{estate_id}/key-loans")]
pub async fn loans(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    query: web::Query<LoansQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let q = query.into_inner();
    let period = PageQuery {
        from: q.from,
        to: q.to,
        before: q.before,
        limit: q.limit,
    }
    .period();
    let (group, limit, now) = (staff.grp, period.limit, (state.clock)());
    let rows = db::run(&state.pool, move |conn| {
        if q.overdue == Some(true) {
            desk::open_loans(conn, group, estate_id, Some(now)).map_err(Error::from)
        } else {
            desk::list_loans(conn, group, estate_id, q.key_id, &period).map_err(Error::from)
        }
    })
    .await?;
    let items: Vec<LoanView> = rows.into_iter().map(|l| loan_view(l, now)).collect();
    Ok(HttpResponse::Ok().json(Page::new(items, limit, |l| l.lent_at)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountIn {
    /// The keys found on the board.
    pub present: Vec<Uuid>,
}

/// The monthly count (25th–27th): the keys found, against the register and the loans out; any
/// key neither on the board nor out on loan is reported missing.
#[post("/api/v1/reception/estates/{estate_id}/key-counts")]
pub async fn count(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<CountIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let present: HashSet<Uuid> = body.into_inner().present.into_iter().collect();
    let (group, by, now) = (staff.grp, staff.sub, (state.clock)());
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let keys = desk::list_keys(conn, group, estate_id, None, None)?;
            let lent: HashSet<Uuid> = desk::open_loans(conn, group, estate_id, None)?
                .into_iter()
                .map(|l| l.key_id)
                .collect();
            let known: HashSet<Uuid> = keys.iter().map(|k| k.key_id).collect();
            if let Some(stranger) = present.iter().find(|k| !known.contains(k)) {
                return Err(Error::Invalid(format!(
                    "present: {stranger} is not a key of this estate"
                )));
            }
            let missing: Vec<serde_json::Value> = keys
                .iter()
                .filter(|k| !present.contains(&k.key_id) && !lent.contains(&k.key_id))
                .map(
                    |k| serde_json::json!({ "key_id": k.key_id, "label": k.label, "kind": k.kind }),
                )
                .collect();
            let row = CountRow {
                group_id: group,
                estate_id,
                count_id: Uuid::now_v7(),
                counted_by: by,
                counted_at: now,
                total: keys.len() as i32,
                present: present.len() as i32,
                lent: lent.len() as i32,
                missing: serde_json::Value::Array(missing),
            };
            desk::insert_count(conn, &row)?;
            Ok(row)
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(row))
}

#[get("/api/v1/reception/estates/{estate_id}/key-counts")]
pub async fn counts(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let period = query.into_inner().period();
    let (group, limit) = (staff.grp, period.limit);
    let rows = db::run(&state.pool, move |conn| {
        desk::list_counts(conn, group, estate_id, &period).map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(Page::new(rows, limit, |c| c.counted_at)))
}
