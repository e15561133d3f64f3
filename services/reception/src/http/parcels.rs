//! `/api/v1/reception/estates/{estate_id}/parcels`: letters, registered mail, express and
//! parcels signed in at the desk, notified, handed over against a signature, chased, and
//! returned when nobody collects them.

use super::common::{Page, optional, required, unit_label};
use super::intakes::DESK_ROLES;
use crate::db::desk::{self, ParcelRow, Period};
use crate::domain::desk::{parcel, parcel_age, parcel_is_held};
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use desk_auth::Staff;
use desk_platform::db;
use diesel::Connection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receive {
    /// letter, registered, express or parcel.
    pub kind: String,
    pub carrier: Option<String>,
    pub tracking_no: Option<String>,
    pub recipient_name: String,
    pub unit_id: Option<Uuid>,
    /// Damage seen when signing it in.
    pub damage_note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ParcelView {
    pub parcel_id: Uuid,
    pub kind: String,
    pub carrier: Option<String>,
    pub tracking_no: Option<String>,
    pub recipient_name: String,
    pub unit_id: Option<Uuid>,
    pub unit_label: Option<String>,
    pub damage_note: Option<String>,
    pub status: String,
    pub received_at: DateTime<Utc>,
    pub received_by: Uuid,
    pub notified_at: Option<DateTime<Utc>>,
    pub notify_count: i32,
    /// Days at the desk, and whether it is due back to the sender.
    pub age_days: i64,
    pub return_due: bool,
    pub collected_at: Option<DateTime<Utc>>,
    pub collector_name: Option<String>,
    pub handed_over_by: Option<Uuid>,
    pub returned_at: Option<DateTime<Utc>>,
    pub return_reason: Option<String>,
}

fn view(p: ParcelRow, now: DateTime<Utc>) -> ParcelView {
    let (age_days, due) = parcel_age(p.received_at, now);
    let held = p.status == parcel::HELD;
    ParcelView {
        parcel_id: p.parcel_id,
        kind: p.kind,
        carrier: p.carrier,
        tracking_no: p.tracking_no,
        recipient_name: p.recipient_name,
        unit_id: p.unit_id,
        unit_label: p.unit_label,
        damage_note: p.damage_note,
        status: p.status,
        received_at: p.received_at,
        received_by: p.received_by,
        notified_at: p.notified_at,
        notify_count: p.notify_count,
        age_days,
        return_due: held && due,
        collected_at: p.collected_at,
        collector_name: p.collector_name,
        handed_over_by: p.handed_over_by,
        returned_at: p.returned_at,
        return_reason: p.return_reason,
    }
}

#[post("/api/v1/reception/estates/{estate_id}/parcels")]
pub async fn receive(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<Receive>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let b = body.into_inner();
    if !parcel::KINDS.contains(&b.kind.as_str()) {
        return Err(Error::Invalid(
            "kind: must be letter, registered, express or parcel".into(),
        ));
    }
    let now = (state.clock)();
    let mut row = ParcelRow {
        group_id: staff.grp,
        estate_id,
        parcel_id: Uuid::now_v7(),
        kind: b.kind,
        carrier: optional("carrier", b.carrier.as_deref(), 50)?,
        tracking_no: optional("tracking_no", b.tracking_no.as_deref(), 50)?,
        recipient_name: required("recipient_name", &b.recipient_name, 50)?,
        unit_id: b.unit_id,
        unit_label: None,
        damage_note: optional("damage_note", b.damage_note.as_deref(), 500)?,
        status: parcel::HELD.to_string(),
        received_at: now,
        received_by: staff.sub,
        notified_at: None,
        notify_count: 0,
        collected_at: None,
        collector_name: None,
        collector_signature: None,
        handed_over_by: None,
        returned_at: None,
        returned_by: None,
        return_reason: None,
    };
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            row.unit_label = unit_label(conn, row.group_id, row.estate_id, row.unit_id)?;
            desk::insert_parcel(conn, &row)?;
            Ok(row)
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(view(row, now)))
}

/// The parcel in hand, locked, changed by `change`, saved.
async fn update(
    staff: &Staff,
    estate_id: Uuid,
    parcel_id: Uuid,
    state: &web::Data<AppState>,
    change: impl FnOnce(&mut ParcelRow) -> Result<(), Error> + Send + 'static,
) -> Result<HttpResponse, Error> {
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let group = staff.grp;
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let mut row = desk::lock_parcel(conn, group, estate_id, parcel_id)?
                .ok_or(Error::NotFound("parcel"))?;
            change(&mut row)?;
            desk::save_parcel(conn, &row)?;
            Ok(row)
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(view(row, (state.clock)())))
}

/// Record that the recipient was told (again: a chase).
#[post("/api/v1/reception/estates/{estate_id}/parcels/{parcel_id}/notify")]
pub async fn notify(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, parcel_id) = path.into_inner();
    let now = (state.clock)();
    update(&staff, estate_id, parcel_id, &state, move |p| {
        parcel_is_held(&p.status)?;
        p.notified_at = Some(now);
        p.notify_count += 1;
        Ok(())
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collect {
    pub collector_name: String,
    /// The collector's signature: typed name or an image as a data URL.
    pub signature: String,
}

/// Hand the parcel over against the collector's signature.
#[post("/api/v1/reception/estates/{estate_id}/parcels/{parcel_id}/collect")]
pub async fn collect(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<Collect>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, parcel_id) = path.into_inner();
    let b = body.into_inner();
    let name = required("collector_name", &b.collector_name, 50)?;
    let signature = required("signature", &b.signature, 40_000)?;
    let (by, now) = (staff.sub, (state.clock)());
    update(&staff, estate_id, parcel_id, &state, move |p| {
        parcel_is_held(&p.status)?;
        p.status = parcel::COLLECTED.to_string();
        p.collected_at = Some(now);
        p.collector_name = Some(name);
        p.collector_signature = Some(signature);
        p.handed_over_by = Some(by);
        Ok(())
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Return {
    pub reason: String,
}

/// Return an uncollected parcel to the sender.
#[post("/api/v1/reception/estates/{estate_id}/parcels/{parcel_id}/return")]
pub async fn return_to_sender(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<Return>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, parcel_id) = path.into_inner();
    let reason = required("reason", &body.reason, 200)?;
    let (by, now) = (staff.sub, (state.clock)());
    update(&staff, estate_id, parcel_id, &state, move |p| {
        parcel_is_held(&p.status)?;
        p.status = parcel::RETURNED.to_string();
        p.returned_at = Some(now);
        p.returned_by = Some(by);
        p.return_reason = Some(reason);
        Ok(())
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParcelsQuery {
    /// held, collected or returned.
    pub status: Option<String>,
    pub unit_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub before: Option<DateTime<Utc>>,
    pub limit: Option<u16>,
}

/// Parcels, newest first; `status=held` is the ageing list (age and return-due on each).
#[get("/api/v1/reception/estates/{estate_id}/parcels")]
pub async fn list(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    query: web::Query<ParcelsQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let q = query.into_inner();
    if let Some(s) = &q.status
        && ![parcel::HELD, parcel::COLLECTED, parcel::RETURNED].contains(&s.as_str())
    {
        return Err(Error::Invalid(
            "status: must be held, collected or returned".into(),
        ));
    }
    let period = Period {
        from: q.from,
        to: q.to,
        before: q.before,
        limit: i64::from(q.limit.unwrap_or(50).clamp(1, 200)),
    };
    let (group, limit) = (staff.grp, period.limit);
    let rows = db::run(&state.pool, move |conn| {
        desk::list_parcels(
            conn,
            group,
            estate_id,
            q.status.as_deref(),
            q.unit_id,
            &period,
        )
        .map_err(Error::from)
    })
    .await?;
    let now = (state.clock)();
    let items: Vec<ParcelView> = rows.into_iter().map(|p| view(p, now)).collect();
    Ok(HttpResponse::Ok().json(Page::new(items, limit, |p| p.received_at)))
}
