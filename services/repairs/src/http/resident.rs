//! `/api/v1/repairs/resident/...`: a resident's own repairs in the portal — report one with
//! photos, follow it, rate the work.
//!
//! A resident's report becomes a work order here, directly, rather than an intake in
//! reception's ledger first (the desk's path for calls and visits). The resident needs the
//! order at once — its number to quote, its address to attach photos to, its progress to
//! follow — and going through the ledger would answer only "received" until the intake event
//! had travelled to repairs. Nothing is lost for the desk: the order is announced on
//! `repairs.work_order.v1` like every other (its actor a resident), it waits in the estate's
//! dispatch queue with `details.channel = "web"`, and the desk dispatches, calls back and
//! follows it up as usual.
//!
//! Every address answers 404 for an order that is not of one of the resident's units, the same
//! as for one that does not exist: a resident never learns anything of another's.

use crate::app::orders::{self, Actor, FollowUp};
use crate::db::schema::photos;
use crate::db::trail;
use crate::db::work_orders::{self, WorkOrderRow};
use crate::domain::resident;
use crate::error::Error;
use crate::http::photos::{MAX_BYTES, TYPES, looks_like};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use desk_auth::Resident;
use desk_platform::{db, mask};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Photos a resident may attach to one order.
const MAX_PHOTOS: i64 = 9;

/// A step of the order's progress, as the resident sees it: what happened and when, never who
/// on the staff did it or their notes.
#[derive(Debug, Serialize)]
pub struct Step {
    pub at: DateTime<Utc>,
    pub action: String,
    pub status: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct OrderView {
    pub work_order_id: Uuid,
    pub order_no: String,
    pub estate_id: Uuid,
    pub unit_label: Option<String>,
    pub kind: String,
    pub status: String,
    /// received, scheduled, in_progress, done or closed.
    pub stage: &'static str,
    pub problem: String,
    pub contact_name: Option<String>,
    /// Masked.
    pub contact_phone: Option<String>,
    pub appointment_start: Option<DateTime<Utc>>,
    pub appointment_end: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub fee_fen: i64,
    pub overall_rating: Option<i32>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The work is done and may be rated now.
    pub can_rate: bool,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<Vec<Step>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo_ids: Option<Vec<Uuid>>,
}

impl OrderView {
    fn new(r: WorkOrderRow, now: DateTime<Utc>) -> Self {
        Self {
            stage: resident::stage(&r.status),
            can_rate: resident::can_rate(&r.status, crate::app::orders::follow_up_opens(&r), now),
            work_order_id: r.work_order_id,
            order_no: r.order_no,
            estate_id: r.estate_id,
            unit_label: r.unit_label,
            kind: r.kind,
            status: r.status,
            problem: r.problem,
            contact_name: r.contact_name,
            contact_phone: r.contact_phone.map(|p| mask::phone(&p)),
            appointment_start: r.appointment_start,
            appointment_end: r.appointment_end,
            started_at: r.started_at,
            completed_at: r.completed_at,
            fee_fen: r.fee_fen,
            overall_rating: r.overall_rating,
            closed_at: r.closed_at,
            created_at: r.created_at,
            progress: None,
            photo_ids: None,
        }
    }
}

/// The order when it is of one of the resident's units; otherwise "no such work order".
fn own_order(
    conn: &mut PgConnection,
    who: &Resident,
    estate_id: Uuid,
    work_order_id: Uuid,
) -> Result<WorkOrderRow, Error> {
    if !who.reaches_estate(estate_id) {
        return Err(Error::NotFound("work order"));
    }
    work_orders::find_by_group_estate_work_order(conn, who.grp, estate_id, work_order_id)?
        .filter(|r| {
            r.unit_label
                .as_deref()
                .is_some_and(|u| who.owns(estate_id, u))
        })
        .ok_or(Error::NotFound("work order"))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub limit: Option<u16>,
}

/// The resident's orders, of every unit of theirs, newest first.
#[get("/api/v1/repairs/resident/work-orders")]
pub async fn list(
    who: Resident,
    query: web::Query<ListQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let limit = i64::from(query.limit.unwrap_or(50).clamp(1, 200));
    let now = (state.clock)();
    let w = who.clone();
    let mut rows = db::run(&state.pool, move |conn| {
        let mut estates: Vec<Uuid> = w.units.iter().map(|u| u.estate_id).collect();
        estates.sort();
        estates.dedup();
        let mut out = Vec::new();
        for estate_id in estates {
            let labels = w.unit_labels_in(estate_id);
            if labels.is_empty() {
                continue;
            }
            out.extend(work_orders::list_by_group_estate_units(
                conn, w.grp, estate_id, &labels, limit,
            )?);
        }
        Ok::<_, Error>(out)
    })
    .await?;
    rows.sort_by_key(|r| std::cmp::Reverse(r.created_at));
    rows.truncate(limit as usize);
    let items: Vec<OrderView> = rows.into_iter().map(|r| OrderView::new(r, now)).collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

/// One order of the resident's, with its progress and the ids of its photos.
#[get("/api/v1/repairs/resident/estates/{estate_id}/work-orders/{work_order_id}")]
pub async fn get(
    who: Resident,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    let now = (state.clock)();
    let (row, steps, photo_ids) = db::run(&state.pool, move |conn| {
        let row = own_order(conn, &who, estate_id, work_order_id)?;
        let steps = trail::of_work_order(conn, who.grp, estate_id, work_order_id)?;
        let photo_ids: Vec<Uuid> = photos::table
            .filter(photos::group_id.eq(who.grp))
            .filter(photos::estate_id.eq(estate_id))
            .filter(photos::work_order_id.eq(work_order_id))
            .order(photos::created_at.asc())
            .select(photos::photo_id)
            .load(conn)?;
        Ok::<_, Error>((row, steps, photo_ids))
    })
    .await?;
    let mut view = OrderView::new(row, now);
    view.progress = Some(
        steps
            .into_iter()
            .map(|s| Step {
                at: s.at,
                action: s.action,
                status: s.to_status,
            })
            .collect(),
    );
    view.photo_ids = Some(photo_ids);
    Ok(HttpResponse::Ok().json(view))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportIn {
    pub unit_label: String,
    /// repair (the default), paid_repair or after_sales.
    pub kind: Option<String>,
    pub problem: String,
    /// Who to call about it, when not the account holder's own number.
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
}

/// Report a repair for one of the resident's units. Photos follow, one request each. A retry
/// with the same `Idempotency-Key` answers 200 with the order of the first.
#[post("/api/v1/repairs/resident/estates/{estate_id}/work-orders")]
pub async fn report(
    who: Resident,
    req: HttpRequest,
    estate_id: web::Path<Uuid>,
    body: web::Json<ReportIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    let b = body.into_inner();
    let unit_label = b.unit_label.trim().to_uppercase();
    who.require_unit(estate_id, &unit_label)?;
    let key = desk_platform::http::idempotency_key(&req)?;
    let kind =
        resident::reportable_kind(b.kind.as_deref()).map_err(|m| Error::Invalid(m.into()))?;
    let problem = b.problem.trim().to_string();
    if problem.is_empty() || problem.chars().count() > 2000 {
        return Err(Error::Invalid("problem: 1 to 2000 characters".into()));
    }
    let phone = match b
        .contact_phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(p) => Some(
            mask::normalise_phone(p)
                .map_err(|e| Error::Invalid(format!("contact_phone: {}", e.reason())))?,
        ),
        None => None,
    };
    let contact_name = b
        .contact_name
        .map(|n| n.trim().chars().take(50).collect::<String>())
        .filter(|n| !n.is_empty());
    let now = (state.clock)();
    let correlation_id = desk_platform::http::correlation_id(&req);
    let group = who.grp;
    let zone = db::run(&state.pool, move |conn| {
        crate::db::zones::zone_of(conn, group, estate_id).map_err(Error::from)
    })
    .await?;
    let mut row = crate::events::new_order(
        who.grp,
        estate_id,
        None,
        kind,
        contact_name,
        phone,
        Some(unit_label),
        problem,
        who.sub,
        zone,
        now,
    );
    if !row.details.is_object() {
        row.details = serde_json::json!({});
    }
    if let Some(o) = row.details.as_object_mut() {
        o.insert("channel".into(), serde_json::json!("web"));
        if let Some(k) = &key {
            o.insert("idempotency_key".into(), serde_json::json!(k));
        }
    }
    let resident_id = who.sub;
    let (row, created) = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            if let Some(k) = &key {
                work_orders::lock_reporter(conn, resident_id)?;
                let label = row.unit_label.clone().unwrap_or_default();
                if let Some(first) = work_orders::find_by_group_estate_unit_reporter_key(
                    conn,
                    row.group_id,
                    row.estate_id,
                    &label,
                    resident_id,
                    k,
                )? {
                    return Ok((first, false));
                }
            }
            work_orders::insert_once_per_intake(conn, &row)?;
            trail::record(
                conn,
                row.group_id,
                row.estate_id,
                row.work_order_id,
                now,
                Some(resident_id),
                "reported_by_resident",
                None,
                Some("awaiting_dispatch"),
                None,
            )?;
            crate::events::OUTBOX.enqueue(
                conn,
                desk_events::topics::WORK_ORDER,
                &crate::events::work_order_reported_by_resident(&row, correlation_id),
            )?;
            Ok((row, true))
        })
    })
    .await?;
    if !created {
        return Ok(HttpResponse::Ok().json(OrderView::new(row, now)));
    }
    state.relay_wake.notify_one();
    tracing::info!(work_order_id = %row.work_order_id, %estate_id, %resident_id, "A resident reported a repair.");
    Ok(HttpResponse::Created().json(OrderView::new(row, now)))
}

/// A photo of the problem (JPEG, PNG or WebP, at most 5 MB, nine to an order), sent as the raw
/// image, while the order is open.
pub async fn upload_photo(
    who: Resident,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    let content_type = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if !TYPES.contains(&content_type.as_str()) {
        return Err(Error::Invalid(
            "content-type: image/jpeg, image/png or image/webp".into(),
        ));
    }
    if body.is_empty() || body.len() > MAX_BYTES || !looks_like(&content_type, &body) {
        return Err(Error::Invalid(
            "photo: an image of the declared type, at most 5 MB".into(),
        ));
    }
    let now = (state.clock)();
    let photo_id = Uuid::now_v7();
    db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let row = own_order(conn, &who, estate_id, work_order_id)?;
            if row.closed_at.is_some() {
                return Err(crate::domain::flow::Refusal {
                    code: "order_closed",
                    message: "The order is closed; photos can no longer be added.",
                }
                .into());
            }
            let count: i64 = photos::table
                .filter(photos::group_id.eq(who.grp))
                .filter(photos::estate_id.eq(estate_id))
                .filter(photos::work_order_id.eq(work_order_id))
                .count()
                .get_result(conn)?;
            if count >= MAX_PHOTOS {
                return Err(crate::domain::flow::Refusal {
                    code: "too_many_photos",
                    message: "An order takes at most nine photos.",
                }
                .into());
            }
            diesel::insert_into(photos::table)
                .values((
                    photos::group_id.eq(who.grp),
                    photos::estate_id.eq(estate_id),
                    photos::photo_id.eq(photo_id),
                    photos::work_order_id.eq(work_order_id),
                    photos::content_type.eq(&content_type),
                    photos::bytes.eq(body.to_vec()),
                    photos::taken_by.eq(who.sub),
                    photos::created_at.eq(now),
                ))
                .execute(conn)?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({ "photo_id": photo_id })))
}

/// A photo of one of the resident's orders.
#[get("/api/v1/repairs/resident/estates/{estate_id}/work-orders/{work_order_id}/photos/{photo_id}")]
pub async fn photo(
    who: Resident,
    path: web::Path<(Uuid, Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id, photo_id) = path.into_inner();
    let (content_type, bytes): (String, Vec<u8>) = db::run(&state.pool, move |conn| {
        own_order(conn, &who, estate_id, work_order_id)?;
        photos::table
            .filter(photos::group_id.eq(who.grp))
            .filter(photos::estate_id.eq(estate_id))
            .filter(photos::work_order_id.eq(work_order_id))
            .filter(photos::photo_id.eq(photo_id))
            .select((photos::content_type, photos::bytes))
            .first(conn)
            .optional()?
            .ok_or(Error::NotFound("photo"))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("cache-control", "private, max-age=86400"))
        .insert_header(("x-content-type-options", "nosniff"))
        .body(bytes))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingIn {
    pub punctuality: i32,
    pub quality: i32,
    pub fee_fair: i32,
    pub attitude: i32,
    pub overall: i32,
    /// Whether the repair held.
    pub repaired: bool,
    pub note: Option<String>,
}

/// The resident rates the work from the day after it was done: the follow-up (回访) given in
/// the portal (`told_via = app`). A poor rating reopens the order as a desk's follow-up does.
#[post("/api/v1/repairs/resident/estates/{estate_id}/work-orders/{work_order_id}/rating")]
pub async fn rate(
    who: Resident,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<RatingIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    let b = body.into_inner();
    let a = Actor {
        group_id: who.grp,
        staff_id: who.sub,
        now: (state.clock)(),
        correlation_id: desk_platform::http::correlation_id(&req),
        as_technician: false,
    };
    let f = FollowUp {
        punctuality: b.punctuality,
        quality: b.quality,
        fee_fair: b.fee_fair,
        attitude: b.attitude,
        overall: b.overall,
        repaired: b.repaired,
        note: b
            .note
            .map(|n| n.trim().chars().take(500).collect::<String>())
            .filter(|n| !n.is_empty()),
        told_via: "app".to_string(),
    };
    let now = a.now;
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            own_order(conn, &who, estate_id, work_order_id)?;
            orders::follow_up(conn, &a, estate_id, work_order_id, f)
        })
    })
    .await?;
    state.relay_wake.notify_one();
    Ok(HttpResponse::Ok().json(OrderView::new(row, now)))
}
