//! The pass register at the desk: issue, list, read, renew and take back passes.

use super::manage::{actor, write};
use super::registry::CONTACT_ROLES;
use crate::app::passes as app;
use crate::db::passes::{self as q, PassFilter, PassRow};
use crate::domain::passes::{self as rules, KINDS, STATUSES};
use crate::domain::registry::invalid;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Days, NaiveDate, Utc};
use desk_auth::{Role, Staff};
use desk_platform::local::Zone;
use desk_platform::{db, mask};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who issues, renews and takes back passes.
const WRITE_ROLES: [Role; 3] = [Role::Receptionist, Role::Supervisor, Role::Admin];
/// Who reads the register.
const READ_ROLES: [Role; 4] = [
    Role::Receptionist,
    Role::Supervisor,
    Role::EstateManager,
    Role::Admin,
];

#[derive(Debug, Serialize)]
pub struct PassView {
    pub pass_id: Uuid,
    pub pass_no: String,
    pub kind: String,
    pub unit_id: Uuid,
    pub unit_label: String,
    pub holder_name: String,
    pub holder_phone: Option<String>,
    /// Always masked.
    pub holder_id_number: String,
    pub resident_id: Option<Uuid>,
    pub owner_resident_id: Option<Uuid>,
    pub lease_end: Option<NaiveDate>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    /// `pending` (waiting for finance's receipt: not handed over yet), `active`, `expired`
    /// (active but past its last day) or `returned`.
    pub status: String,
    pub deposit_fen: i64,
    pub card_fee_fen: i64,
    pub renewal_fees_fen: i64,
    pub renewals: i32,
    pub issued_at: DateTime<Utc>,
    pub issued_by: Uuid,
    pub returned_at: Option<DateTime<Utc>>,
    /// Finance's receipt the pass was handed over against, and when billing announced it.
    pub paid_receipt_no: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
    pub version: i32,
    /// What happened to its money, oldest first (on a single pass only): paid against
    /// finance's receipt, that payment reversed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trail: Option<Vec<q::PassStepRow>>,
}

impl PassView {
    fn new(p: PassRow, full_phone: bool, today: NaiveDate) -> Self {
        Self {
            status: rules::status_on(&p.status, p.valid_until, today).to_string(),
            pass_id: p.pass_id,
            pass_no: p.pass_no,
            kind: p.kind,
            unit_id: p.unit_id,
            unit_label: p.unit_label,
            holder_name: p.holder_name,
            holder_phone: p
                .holder_phone
                .map(|v| if full_phone { v } else { mask::phone(&v) }),
            holder_id_number: mask::id_number(&p.holder_id_last4),
            resident_id: p.resident_id,
            owner_resident_id: p.owner_resident_id,
            lease_end: p.lease_end,
            valid_from: p.valid_from,
            valid_until: p.valid_until,
            deposit_fen: p.deposit_fen,
            card_fee_fen: p.card_fee_fen,
            renewal_fees_fen: p.renewal_fees_fen,
            renewals: p.renewals,
            issued_at: p.issued_at,
            issued_by: p.issued_by,
            returned_at: p.returned_at,
            paid_receipt_no: p.paid_receipt_no,
            paid_at: p.paid_at,
            version: p.version,
            trail: None,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PassPage {
    pub items: Vec<PassView>,
    /// Give as `before` for the next (older) page; absent on the last page.
    pub next_before: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassIn {
    pub kind: String,
    pub unit_id: Option<Uuid>,
    pub unit_label: Option<String>,
    pub holder_name: String,
    pub holder_phone: Option<String>,
    pub holder_id_number: String,
    pub resident_id: Option<Uuid>,
    pub owner_resident_id: Option<Uuid>,
    pub valid_until: Option<NaiveDate>,
}

/// The estate's "now" and "today": the service's clock, read in the estate's time zone.
async fn now_and_today(
    state: &AppState,
    group_id: Uuid,
    estate_id: Uuid,
) -> Result<(DateTime<Utc>, NaiveDate), Error> {
    let now = (state.clock)();
    let estate = db::run(&state.pool, move |conn| {
        crate::db::registry::find_estate_by_group(conn, group_id, estate_id).map_err(Error::from)
    })
    .await?;
    let zone = estate
        .map(|e| Zone::or_default(&e.time_zone))
        .unwrap_or_default();
    Ok((now, zone.date(now)))
}

/// Issue a pass; a retry with the same `Idempotency-Key` answers 200 with the pass it issued.
/// A tenant or temporary pass is `pending` until its charges are paid at the cash desk.
#[post("/api/v1/documents/estates/{estate_id}/passes")]
pub async fn issue(
    staff: Staff,
    req: HttpRequest,
    estate_id: web::Path<Uuid>,
    body: web::Json<PassIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&WRITE_ROLES)?;
    let a = actor(&staff, &req);
    let b = body.into_inner();
    let idempotency_key = desk_platform::http::idempotency_key(&req)?;
    let sealer = state.sealer.clone();
    let (now, today) = now_and_today(&state, staff.grp, estate_id).await?;
    let (row, created) = write(&state, move |conn| {
        app::issue(
            conn,
            &a,
            &sealer,
            estate_id,
            now,
            today,
            app::NewPass {
                kind: b.kind,
                unit_id: b.unit_id,
                unit_label: b.unit_label,
                holder_name: b.holder_name,
                holder_phone: b.holder_phone,
                holder_id_number: b.holder_id_number,
                resident_id: b.resident_id,
                owner_resident_id: b.owner_resident_id,
                valid_until: b.valid_until,
                idempotency_key,
            },
        )
    })
    .await?;
    let view = PassView::new(row, staff.has_any_role(&CONTACT_ROLES), today);
    Ok(if created {
        tracing::info!(%estate_id, pass_id = %view.pass_id, kind = %view.kind, "Pass issued.");
        HttpResponse::Created().json(view)
    } else {
        HttpResponse::Ok().json(view)
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassQuery {
    pub unit_label: Option<String>,
    pub kind: Option<String>,
    pub status: Option<String>,
    /// Active passes whose last day falls within this many days (0 = today).
    pub expiring_within_days: Option<u16>,
    pub before: Option<i64>,
    pub limit: Option<u16>,
}

/// The estate's passes, newest first.
#[get("/api/v1/documents/estates/{estate_id}/passes")]
pub async fn list(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    query: web::Query<PassQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&READ_ROLES)?;
    let qy = query.into_inner();
    if qy.kind.as_deref().is_some_and(|k| !KINDS.contains(&k)) {
        return Err(invalid("kind", "must be resident, tenant or temporary").into());
    }
    if qy.status.as_deref().is_some_and(|s| !STATUSES.contains(&s)) {
        return Err(invalid("status", "must be pending, active, expired or returned").into());
    }
    let (_, today) = now_and_today(&state, staff.grp, estate_id).await?;
    let expiring_by = match qy.expiring_within_days {
        Some(d) if d > 366 => {
            return Err(invalid("expiring_within_days", "must be at most 366").into());
        }
        Some(d) => today.checked_add_days(Days::new(u64::from(d))),
        None => None,
    };
    let unit_label = match qy.unit_label.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(l) => Some(crate::domain::registry::unit_label(l)?),
    };
    let limit = i64::from(qy.limit.unwrap_or(50).clamp(1, 200));
    let filter = PassFilter {
        unit_label,
        kind: qy.kind,
        status: qy.status,
        expiring_by,
        today,
        before_seq: qy.before,
        limit,
    };
    let group = staff.grp;
    let rows = db::run(&state.pool, move |conn| {
        q::list_passes_by_group_estate(conn, group, estate_id, &filter).map_err(Error::from)
    })
    .await?;
    let next_before = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| r.seq))
        .flatten();
    let full = staff.has_any_role(&CONTACT_ROLES);
    Ok(HttpResponse::Ok().json(PassPage {
        items: rows
            .into_iter()
            .map(|r| PassView::new(r, full, today))
            .collect(),
        next_before,
    }))
}

#[get("/api/v1/documents/estates/{estate_id}/passes/{pass_id}")]
pub async fn read(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, pass_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&READ_ROLES)?;
    let group = staff.grp;
    let (row, trail) = db::run(&state.pool, move |conn| {
        let Some(row) = q::find_pass_by_group_estate(conn, group, estate_id, pass_id)? else {
            return Err(Error::NotFound("pass"));
        };
        let trail = q::trail_by_group_estate_pass(conn, group, estate_id, pass_id)?;
        Ok((row, trail))
    })
    .await?;
    let mut view = PassView::new(
        row,
        staff.has_any_role(&CONTACT_ROLES),
        now_and_today(&state, group, estate_id).await?.1,
    );
    view.trail = Some(trail);
    Ok(HttpResponse::Ok().json(view))
}

/// A tenant pass renewed within the lease, for the renewal fee; a lapsed temporary pass for the
/// card fee (no new deposit).
#[post("/api/v1/documents/estates/{estate_id}/passes/{pass_id}/renew")]
pub async fn renew(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, pass_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&WRITE_ROLES)?;
    let a = actor(&staff, &req);
    let (now, today) = now_and_today(&state, staff.grp, estate_id).await?;
    let row = write(&state, move |conn| {
        app::renew(conn, &a, estate_id, pass_id, now, today)
    })
    .await?;
    tracing::info!(%estate_id, %pass_id, "Pass renewed.");
    Ok(HttpResponse::Ok().json(PassView::new(
        row,
        staff.has_any_role(&CONTACT_ROLES),
        today,
    )))
}

/// The pass handed back at the desk; its deposit becomes due for refund at the cash desk.
#[post("/api/v1/documents/estates/{estate_id}/passes/{pass_id}/return")]
pub async fn take_back(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, pass_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&WRITE_ROLES)?;
    let a = actor(&staff, &req);
    let (now, today) = now_and_today(&state, staff.grp, estate_id).await?;
    let row = write(&state, move |conn| {
        app::take_back(conn, &a, estate_id, pass_id, now)
    })
    .await?;
    tracing::info!(%estate_id, %pass_id, "Pass handed back.");
    Ok(HttpResponse::Ok().json(PassView::new(
        row,
        staff.has_any_role(&CONTACT_ROLES),
        today,
    )))
}
