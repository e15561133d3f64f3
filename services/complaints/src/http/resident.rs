//! `/api/v1/complaints/resident/...`: a resident's own complaints in the portal — make one,
//! follow it, say whether the reply satisfied them.
//!
//! A resident's complaint is opened here, directly (channel `web`), rather than as an intake in
//! reception's ledger first (the desk's path for calls and visits): the resident gets its
//! number and can follow it at once, instead of seeing nothing until the intake event has
//! travelled. The desk loses nothing: it is announced on `complaints.complaint.v1` like every
//! other complaint and waits in the estate's list as `received`, where the supervisor
//! classifies and assigns it as usual.
//!
//! Every address answers 404 for a complaint that is not of one of the resident's units, the
//! same as for one that does not exist: a resident never learns anything of another's.

use crate::app::handling::{self, Actor, NewComplaint};
use crate::db::complaints::{self, ComplaintRow};
use crate::db::trail;
use crate::domain::resident;
use crate::error::Error;
use crate::events::{self, OUTBOX};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use desk_auth::{Resident, Role};
use desk_events::topics;
use desk_platform::{db, mask};
use diesel::{Connection, PgConnection};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A step of the complaint's handling as the resident sees it: what happened and when.
#[derive(Debug, Serialize)]
pub struct Step {
    pub at: DateTime<Utc>,
    pub action: String,
    pub status: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ComplaintView {
    pub complaint_id: Uuid,
    pub complaint_no: String,
    pub estate_id: Uuid,
    pub unit_label: Option<String>,
    #[serde(rename = "type")]
    pub complaint_type: String,
    pub status: String,
    /// received, in_progress, replied or closed.
    pub stage: &'static str,
    pub channel: String,
    pub description: String,
    /// location, demand, occurred_at, and the estate's reply once given.
    pub details: serde_json::Value,
    pub replied_at: Option<DateTime<Utc>>,
    pub satisfaction: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The estate has replied and waits for the resident's word.
    pub can_rate: bool,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<Vec<Step>>,
}

impl From<ComplaintRow> for ComplaintView {
    fn from(r: ComplaintRow) -> Self {
        Self {
            stage: resident::stage(&r.status),
            can_rate: resident::can_rate(&r.status),
            details: resident::visible_details(&r.details),
            complaint_id: r.complaint_id,
            complaint_no: r.complaint_no,
            estate_id: r.estate_id,
            unit_label: r.unit_label,
            complaint_type: r.complaint_type,
            status: r.status,
            channel: r.channel,
            description: r.description,
            replied_at: r.replied_at,
            satisfaction: r.satisfaction,
            closed_at: r.closed_at,
            created_at: r.created_at,
            progress: None,
        }
    }
}

/// The complaint when it is of one of the resident's units; otherwise "no such complaint".
fn own_complaint(
    conn: &mut PgConnection,
    who: &Resident,
    estate_id: Uuid,
    complaint_id: Uuid,
) -> Result<ComplaintRow, Error> {
    if !who.reaches_estate(estate_id) {
        return Err(Error::NotFound("complaint"));
    }
    complaints::find_by_group_estate_complaint(conn, who.grp, estate_id, complaint_id)?
        .filter(|r| {
            r.unit_label
                .as_deref()
                .is_some_and(|u| who.owns(estate_id, u))
        })
        .ok_or(Error::NotFound("complaint"))
}

fn actor(who: &Resident, req: &HttpRequest, state: &AppState) -> Actor {
    Actor {
        group_id: who.grp,
        staff_id: Some(who.sub),
        roles: vec![Role::Resident],
        now: (state.clock)(),
        correlation_id: desk_platform::http::correlation_id(req),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub limit: Option<u16>,
}

/// The resident's complaints, of every unit of theirs, newest first.
#[get("/api/v1/complaints/resident/complaints")]
pub async fn list(
    who: Resident,
    query: web::Query<ListQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let limit = i64::from(query.limit.unwrap_or(50).clamp(1, 200));
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
            out.extend(complaints::list_by_group_estate_units(
                conn, w.grp, estate_id, &labels, limit,
            )?);
        }
        Ok::<_, Error>(out)
    })
    .await?;
    rows.sort_by_key(|r| std::cmp::Reverse(r.created_at));
    rows.truncate(limit as usize);
    let items: Vec<ComplaintView> = rows.into_iter().map(ComplaintView::from).collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

/// One complaint of the resident's, with its progress.
#[get("/api/v1/complaints/resident/estates/{estate_id}/complaints/{complaint_id}")]
pub async fn get(
    who: Resident,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, complaint_id) = path.into_inner();
    let (row, steps) = db::run(&state.pool, move |conn| {
        let row = own_complaint(conn, &who, estate_id, complaint_id)?;
        let steps = trail::of_complaint(conn, who.grp, estate_id, complaint_id)?;
        Ok::<_, Error>((row, steps))
    })
    .await?;
    let mut view = ComplaintView::from(row);
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
    Ok(HttpResponse::Ok().json(view))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewIn {
    pub unit_label: String,
    /// What happened.
    pub description: String,
    /// Where it happened.
    pub location: Option<String>,
    /// When it happened.
    pub occurred_at: Option<DateTime<Utc>>,
    /// What the resident asks for.
    pub demand: Option<String>,
    /// Who the estate calls about it, and on which number.
    pub complainant_name: Option<String>,
    pub complainant_phone: Option<String>,
}

fn optional(raw: Option<String>, field: &str, max: usize) -> Result<Option<String>, Error> {
    match raw.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
        Some(v) if v.chars().count() > max => {
            Err(Error::Invalid(format!("{field}: at most {max} characters")))
        }
        v => Ok(v),
    }
}

/// Make a complaint about one of the resident's units (channel `web`). A retry with the same
/// `Idempotency-Key` answers 200 with the complaint of the first.
#[post("/api/v1/complaints/resident/estates/{estate_id}/complaints")]
pub async fn create(
    who: Resident,
    req: HttpRequest,
    estate_id: web::Path<Uuid>,
    body: web::Json<NewIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    let b = body.into_inner();
    let unit_label = b.unit_label.trim().to_uppercase();
    who.require_unit(estate_id, &unit_label)?;
    let key = desk_platform::http::idempotency_key(&req)?;
    let description = b.description.trim().to_string();
    if description.is_empty() || description.chars().count() > 2000 {
        return Err(Error::Invalid("description: 1 to 2000 characters".into()));
    }
    let phone = match b
        .complainant_phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(p) => Some(
            mask::normalise_phone(p)
                .map_err(|e| Error::Invalid(format!("complainant_phone: {}", e.reason())))?,
        ),
        None => None,
    };
    let a = actor(&who, &req, &state);
    let new = NewComplaint {
        estate_id,
        intake_id: None,
        channel: "web".to_string(),
        complainant_name: optional(b.complainant_name, "complainant_name", 50)?,
        complainant_phone: phone,
        unit_label: Some(unit_label),
        description,
        location: optional(b.location, "location", 200)?,
        occurred_at: b.occurred_at,
        demand: optional(b.demand, "demand", 500)?,
        complaint_type: None,
        taken_by: who.sub,
    };
    let resident_id = who.sub;
    let (row, created) = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            if let Some(k) = &key {
                complaints::lock_taker(conn, resident_id)?;
                let label = new.unit_label.clone().unwrap_or_default();
                if let Some(first) = complaints::find_by_group_estate_unit_taker_key(
                    conn,
                    a.group_id,
                    estate_id,
                    &label,
                    resident_id,
                    k,
                )? {
                    return Ok((first, false));
                }
            }
            let mut row =
                handling::open(conn, &a, new)?.ok_or(Error::Invalid("duplicate".into()))?;
            if let (Some(k), Some(o)) = (&key, row.details.as_object_mut()) {
                o.insert("idempotency_key".into(), serde_json::json!(k));
                complaints::save(conn, &row)?;
            }
            OUTBOX.enqueue(
                conn,
                topics::COMPLAINT,
                &events::complaint_opened(&row, None, a.correlation_id),
            )?;
            Ok((row, true))
        })
    })
    .await?;
    if !created {
        return Ok(HttpResponse::Ok().json(ComplaintView::from(row)));
    }
    state.relay_wake.notify_one();
    tracing::info!(complaint_id = %row.complaint_id, %estate_id, resident_id = %who.sub, "A resident made a complaint.");
    Ok(HttpResponse::Created().json(ComplaintView::from(row)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingIn {
    /// satisfied, basically_satisfied or dissatisfied (which reopens the complaint).
    pub satisfaction: String,
    pub note: Option<String>,
}

/// The resident's word on the estate's reply: the follow-up (回访) given in the portal.
#[post("/api/v1/complaints/resident/estates/{estate_id}/complaints/{complaint_id}/rating")]
pub async fn rate(
    who: Resident,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<RatingIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, complaint_id) = path.into_inner();
    let b = body.into_inner();
    let note = optional(b.note, "note", 500)?;
    let a = actor(&who, &req, &state);
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            own_complaint(conn, &who, estate_id, complaint_id)?;
            handling::follow_up(
                conn,
                &a,
                estate_id,
                complaint_id,
                b.satisfaction.trim(),
                note.as_deref(),
            )
        })
    })
    .await?;
    state.relay_wake.notify_one();
    Ok(HttpResponse::Ok().json(ComplaintView::from(row)))
}
