//! `/api/v1/complaints/estates/{estate_id}/complaints`: the complaint form (客户投诉处理表) and
//! every step of its handling.

use crate::app::handling::{self, Actor, Classification, NewComplaint};
use crate::db::complaints::{self, ComplaintRow, ListFilter};
use crate::db::trail::{self, TrailRow};
use crate::error::Error;
use crate::events::{self, OUTBOX};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use desk_auth::{Role, Staff};
use desk_events::topics;
use desk_platform::{db, mask};
use diesel::{Connection, PgConnection};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who handles complaints and so sees the complainant's number in full.
const HANDLER_ROLES: [Role; 4] = [
    Role::Receptionist,
    Role::Supervisor,
    Role::EstateManager,
    Role::Admin,
];
/// Who may take a complaint in, reply, and visit after.
const DESK_ROLES: [Role; 5] = [
    Role::Receptionist,
    Role::Supervisor,
    Role::EstateManager,
    Role::Admin,
    Role::Hq,
];
/// Who decides type, severity, validity, and assigns.
const SUPERVISING: [Role; 3] = [Role::Supervisor, Role::EstateManager, Role::Admin];
/// Who records a department's result.
const RESOLVING: [Role; 4] = [
    Role::Supervisor,
    Role::EstateManager,
    Role::Admin,
    Role::Technician,
];

#[derive(Debug, Serialize)]
pub struct ComplaintView {
    pub complaint_id: Uuid,
    pub complaint_no: String,
    pub estate_id: Uuid,
    pub intake_id: Option<Uuid>,
    #[serde(rename = "type")]
    pub complaint_type: String,
    pub severity: String,
    pub validity: Option<String>,
    pub status: String,
    pub channel: String,
    pub complainant_name: Option<String>,
    pub complainant_phone: Option<String>,
    pub unit_label: Option<String>,
    pub description: String,
    pub details: serde_json::Value,
    pub taken_by: Uuid,
    pub department: Option<String>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub deadline_at: Option<DateTime<Utc>>,
    pub reply_due: Option<DateTime<Utc>>,
    /// A received or reopened complaint is assigned by then.
    pub assign_by: Option<DateTime<Utc>>,
    /// Assigned and past its deadline, or waiting for its assignment past `assign_by`.
    pub overdue: bool,
    /// How often the deadline was extended (each with its reason in the trail).
    pub extensions: i32,
    pub escalation: &'static str,
    pub resolved_at: Option<DateTime<Utc>>,
    pub replied_at: Option<DateTime<Utc>>,
    pub satisfaction: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trail: Option<Vec<TrailRow>>,
}

impl ComplaintView {
    pub fn new(
        r: ComplaintRow,
        full_phone: bool,
        now: DateTime<Utc>,
        trail: Option<Vec<TrailRow>>,
    ) -> Self {
        Self {
            overdue: (r.status == "assigned" && r.deadline_at.is_some_and(|d| d < now))
                || (matches!(r.status.as_str(), "received" | "reopened")
                    && r.assign_by.is_some_and(|d| d < now)),
            assign_by: r.assign_by,
            extensions: r.extensions(),
            escalation: crate::domain::flow::ESCALATION
                .get(r.escalation_level as usize)
                .copied()
                .unwrap_or("hq"),
            complaint_id: r.complaint_id,
            complaint_no: r.complaint_no,
            estate_id: r.estate_id,
            intake_id: r.intake_id,
            complaint_type: r.complaint_type,
            severity: r.severity,
            validity: r.validity,
            status: r.status,
            channel: r.channel,
            complainant_name: r.complainant_name,
            complainant_phone: r
                .complainant_phone
                .map(|p| if full_phone { p } else { mask::phone(&p) }),
            unit_label: r.unit_label,
            description: r.description,
            details: r.details,
            taken_by: r.taken_by,
            department: r.department,
            assigned_at: r.assigned_at,
            deadline_at: r.deadline_at,
            reply_due: r.reply_due,
            resolved_at: r.resolved_at,
            replied_at: r.replied_at,
            satisfaction: r.satisfaction,
            closed_at: r.closed_at,
            version: r.version,
            created_at: r.created_at,
            trail,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub intake_id: Option<Uuid>,
    pub status: Option<String>,
    #[serde(rename = "type")]
    pub complaint_type: Option<String>,
    pub severity: Option<String>,
    /// true: assigned and past the deadline.
    pub overdue: Option<bool>,
    /// true: escalated and not closed.
    pub escalated: Option<bool>,
    /// YYYY-MM: complaints taken that month.
    pub month: Option<String>,
    pub before: Option<DateTime<Utc>>,
    pub limit: Option<u16>,
}

#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_before: Option<DateTime<Utc>>,
}

pub fn parse_month(m: &str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
        .map_err(|_| Error::Invalid("month: YYYY-MM".into()))
}

/// The estate's complaints, newest first; `intake_id` finds the one a desk intake became.
#[get("/api/v1/complaints/estates/{estate_id}/complaints")]
pub async fn list(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    query: web::Query<ListQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let q = query.into_inner();
    let now = (state.clock)();
    let limit = i64::from(q.limit.unwrap_or(50).clamp(1, 200));
    let filter = ListFilter {
        intake_id: q.intake_id,
        status: q.status,
        complaint_type: q.complaint_type,
        severity: q.severity,
        overdue_at: (q.overdue == Some(true)).then_some(now),
        escalated: q.escalated == Some(true),
        month: q.month.as_deref().map(parse_month).transpose()?,
        before: q.before,
        limit,
    };
    let group = staff.grp;
    let rows = db::run(&state.pool, move |conn| {
        complaints::list_by_group_estate(conn, group, estate_id, &filter).map_err(Error::from)
    })
    .await?;
    let next_before = if rows.len() as i64 == limit {
        rows.last().map(|r| r.created_at)
    } else {
        None
    };
    let items = rows
        .into_iter()
        .map(|r| ComplaintView::new(r, false, now, None))
        .collect();
    Ok(HttpResponse::Ok().json(Page { items, next_before }))
}

/// One complaint with its whole trail.
#[get("/api/v1/complaints/estates/{estate_id}/complaints/{complaint_id}")]
pub async fn get(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, complaint_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let (row, steps) = db::run(&state.pool, move |conn| {
        let row = complaints::find_by_group_estate_complaint(conn, group, estate_id, complaint_id)?
            .ok_or(Error::NotFound("complaint"))?;
        let steps = trail::of_complaint(conn, group, estate_id, complaint_id)?;
        Ok::<_, Error>((row, steps))
    })
    .await?;
    Ok(HttpResponse::Ok().json(ComplaintView::new(
        row,
        staff.has_any_role(&HANDLER_ROLES),
        (state.clock)(),
        Some(steps),
    )))
}

fn actor(staff: &Staff, req: &HttpRequest, state: &AppState) -> Actor {
    Actor {
        group_id: staff.grp,
        staff_id: Some(staff.sub),
        roles: staff.roles.clone(),
        now: (state.clock)(),
        correlation_id: desk_platform::http::correlation_id(req),
    }
}

/// Run a change in one transaction, then wake the relay; answer with the complaint.
async fn change(
    staff: &Staff,
    state: &web::Data<AppState>,
    work: impl FnOnce(&mut PgConnection) -> Result<ComplaintRow, Error> + Send + 'static,
    status: actix_web::http::StatusCode,
) -> Result<HttpResponse, Error> {
    let row = db::run(&state.pool, move |conn| conn.transaction(work)).await?;
    state.relay_wake.notify_one();
    Ok(HttpResponse::build(status).json(ComplaintView::new(
        row,
        staff.has_any_role(&HANDLER_ROLES),
        (state.clock)(),
        None,
    )))
}

fn text(field: &str, raw: &str, max: usize) -> Result<String, Error> {
    let v = raw.trim();
    if v.is_empty() || v.chars().count() > max {
        return Err(Error::Invalid(format!("{field}: 1 to {max} characters")));
    }
    Ok(v.to_string())
}

fn optional_text(field: &str, raw: Option<String>, max: usize) -> Result<Option<String>, Error> {
    match raw.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => text(field, v, max).map(Some),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewIn {
    /// letter, email, phone, visit, web, hq.
    pub channel: String,
    pub complainant_name: Option<String>,
    pub complainant_phone: Option<String>,
    pub unit_label: Option<String>,
    /// What happened.
    pub description: String,
    /// Where it happened.
    pub location: Option<String>,
    /// When it happened.
    pub occurred_at: Option<DateTime<Utc>>,
    /// What the person asks for.
    pub demand: Option<String>,
    #[serde(rename = "type")]
    pub complaint_type: Option<String>,
}

/// A complaint taken directly (a letter, an email, one passed on by head office).
#[post("/api/v1/complaints/estates/{estate_id}/complaints")]
pub async fn create(
    staff: Staff,
    req: HttpRequest,
    estate_id: web::Path<Uuid>,
    body: web::Json<NewIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let b = body.into_inner();
    if !["letter", "email", "phone", "visit", "web", "hq"].contains(&b.channel.as_str()) {
        return Err(Error::Invalid(
            "channel: letter, email, phone, visit, web or hq".into(),
        ));
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
    let a = actor(&staff, &req, &state);
    let new = NewComplaint {
        estate_id,
        intake_id: None,
        channel: b.channel,
        complainant_name: b
            .complainant_name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty()),
        complainant_phone: phone,
        unit_label: b
            .unit_label
            .map(|u| u.trim().to_uppercase())
            .filter(|u| !u.is_empty()),
        description: text("description", &b.description, 2000)?,
        location: optional_text("location", b.location, 200)?,
        occurred_at: match b.occurred_at {
            Some(t) if t > a.now + chrono::Duration::minutes(5) => {
                return Err(Error::Invalid(
                    "occurred_at: a complaint is about something that happened".into(),
                ));
            }
            t => t,
        },
        demand: optional_text("demand", b.demand, 2000)?,
        complaint_type: b.complaint_type,
        taken_by: staff.sub,
    };
    change(
        &staff,
        &state,
        move |conn| {
            let row = handling::open(conn, &a, new)?.ok_or(Error::Invalid("duplicate".into()))?;
            OUTBOX.enqueue(
                conn,
                topics::COMPLAINT,
                &events::complaint_opened(&row, None, a.correlation_id),
            )?;
            Ok(row)
        },
        actix_web::http::StatusCode::CREATED,
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassifyIn {
    #[serde(rename = "type")]
    pub complaint_type: Option<String>,
    pub severity: Option<String>,
    /// valid (有效) or invalid (无效).
    pub validity: Option<String>,
    /// Why: kept in the trail.
    pub reason: String,
}

#[post("/api/v1/complaints/estates/{estate_id}/complaints/{complaint_id}/classify")]
pub async fn classify(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ClassifyIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, complaint_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&SUPERVISING)?;
    let a = actor(&staff, &req, &state);
    let b = body.into_inner();
    change(
        &staff,
        &state,
        move |conn| {
            handling::classify(
                conn,
                &a,
                estate_id,
                complaint_id,
                Classification {
                    complaint_type: b.complaint_type,
                    severity: b.severity,
                    validity: b.validity,
                    reason: b.reason,
                },
            )
        },
        actix_web::http::StatusCode::OK,
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignIn {
    pub department: String,
    /// For a major complaint: the date the person gets a reply, set by the estate manager.
    pub reply_due: Option<DateTime<Utc>>,
    /// A reassignment keeps the deadline; this moves it later (with `reason`).
    pub extend_to: Option<DateTime<Utc>>,
    /// Why the deadline is extended: kept in the trail.
    pub reason: Option<String>,
}

#[post("/api/v1/complaints/estates/{estate_id}/complaints/{complaint_id}/assign")]
pub async fn assign(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<AssignIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, complaint_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&SUPERVISING)?;
    let a = actor(&staff, &req, &state);
    let b = body.into_inner();
    change(
        &staff,
        &state,
        move |conn| {
            handling::assign(
                conn,
                &a,
                estate_id,
                complaint_id,
                b.department.trim(),
                b.reply_due,
                handling::ExtensionIn {
                    extend_to: b.extend_to,
                    reason: b.reason,
                },
            )
        },
        actix_web::http::StatusCode::OK,
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolveIn {
    /// What the department did.
    pub result: String,
}

#[post("/api/v1/complaints/estates/{estate_id}/complaints/{complaint_id}/resolve")]
pub async fn resolve(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ResolveIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, complaint_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&RESOLVING)?;
    let a = actor(&staff, &req, &state);
    let result = text("result", &body.result, 2000)?;
    change(
        &staff,
        &state,
        move |conn| handling::resolve(conn, &a, estate_id, complaint_id, &result),
        actix_web::http::StatusCode::OK,
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyIn {
    /// phone, in_person, sms, letter or app.
    pub channel: String,
    /// What the person was told.
    pub content: String,
}

#[post("/api/v1/complaints/estates/{estate_id}/complaints/{complaint_id}/reply")]
pub async fn reply(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ReplyIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, complaint_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let a = actor(&staff, &req, &state);
    let b = body.into_inner();
    let content = text("content", &b.content, 2000)?;
    change(
        &staff,
        &state,
        move |conn| {
            handling::reply(
                conn,
                &a,
                estate_id,
                complaint_id,
                b.channel.trim(),
                &content,
            )
        },
        actix_web::http::StatusCode::OK,
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpIn {
    /// satisfied, basically_satisfied or dissatisfied (which reopens the complaint).
    pub satisfaction: String,
    pub note: Option<String>,
}

/// The follow-up visit (回访).
#[post("/api/v1/complaints/estates/{estate_id}/complaints/{complaint_id}/follow-up")]
pub async fn follow_up(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<FollowUpIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, complaint_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let a = actor(&staff, &req, &state);
    let b = body.into_inner();
    change(
        &staff,
        &state,
        move |conn| {
            handling::follow_up(
                conn,
                &a,
                estate_id,
                complaint_id,
                b.satisfaction.trim(),
                b.note.as_deref(),
            )
        },
        actix_web::http::StatusCode::OK,
    )
    .await
}
