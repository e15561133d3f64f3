//! `/api/v1/repairs/estates/{estate_id}/work-orders`: the work order (派工单) from the desk's
//! call to the follow-up visit, and the technician's own list.

use crate::app::orders::{self, Actor, Completion, FollowUp};
use crate::db::technicians::{self, TechnicianRow};
use crate::db::trail::{self, TrailRow};
use crate::db::work_orders::{self, ListFilter, WorkOrderRow};
use crate::domain::flow::Step;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use desk_auth::{EstateScope, Role, Staff};
use desk_platform::{db, mask};
use diesel::{Connection, PgConnection};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who arranges visits and so sees the contact's number in full.
const CONTACT_ROLES: [Role; 5] = [
    Role::Receptionist,
    Role::Supervisor,
    Role::EstateManager,
    Role::Technician,
    Role::Admin,
];
/// Who dispatches.
const DISPATCHERS: [Role; 4] = [
    Role::Receptionist,
    Role::Supervisor,
    Role::EstateManager,
    Role::Admin,
];
/// Who keeps the technicians' roster.
const ROSTER: [Role; 3] = [Role::Supervisor, Role::EstateManager, Role::Admin];

#[derive(Debug, Serialize)]
pub struct WorkOrderView {
    pub work_order_id: Uuid,
    pub order_no: String,
    pub estate_id: Uuid,
    pub intake_id: Option<Uuid>,
    pub kind: String,
    pub status: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub unit_label: Option<String>,
    pub problem: String,
    pub reported_by: Uuid,
    pub skill: Option<String>,
    pub technician_id: Option<Uuid>,
    pub appointment_start: Option<DateTime<Utc>>,
    pub appointment_end: Option<DateTime<Utc>>,
    pub dispatched_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub fee_fen: i64,
    pub follow_up_due: Option<DateTime<Utc>>,
    pub overall_rating: Option<i32>,
    pub closed_at: Option<DateTime<Utc>>,
    pub needs_callback: bool,
    /// The time the desk promised to call the resident back.
    pub callback_due: Option<DateTime<Utc>>,
    /// For an emergency: minutes from the call to the work starting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_minutes: Option<i64>,
    pub details: serde_json::Value,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trail: Option<Vec<TrailRow>>,
}

impl WorkOrderView {
    pub(crate) fn new(r: WorkOrderRow, full_phone: bool, trail: Option<Vec<TrailRow>>) -> Self {
        let response_minutes = if r.kind == "emergency" {
            r.started_at.map(|s| (s - r.created_at).num_minutes())
        } else {
            None
        };
        Self {
            work_order_id: r.work_order_id,
            order_no: r.order_no,
            estate_id: r.estate_id,
            intake_id: r.intake_id,
            kind: r.kind,
            status: r.status,
            contact_name: r.contact_name,
            contact_phone: r
                .contact_phone
                .map(|p| if full_phone { p } else { mask::phone(&p) }),
            unit_label: r.unit_label,
            problem: r.problem,
            reported_by: r.reported_by,
            skill: r.skill,
            technician_id: r.technician_id,
            appointment_start: r.appointment_start,
            appointment_end: r.appointment_end,
            dispatched_at: r.dispatched_at,
            started_at: r.started_at,
            completed_at: r.completed_at,
            fee_fen: r.fee_fen,
            follow_up_due: r.follow_up_due,
            overall_rating: r.overall_rating,
            closed_at: r.closed_at,
            needs_callback: r.needs_callback,
            callback_due: r.callback_due,
            response_minutes,
            details: r.details,
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
    pub technician_id: Option<Uuid>,
    /// true: orders nobody could take, where the desk calls the resident back with a time.
    pub needs_callback: Option<bool>,
    pub limit: Option<u16>,
}

#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
}

/// The estate's work orders, newest first; `intake_id` finds the one a desk intake became.
#[get("/api/v1/repairs/estates/{estate_id}/work-orders")]
pub async fn list(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    query: web::Query<ListQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let q = query.into_inner();
    let filter = ListFilter {
        intake_id: q.intake_id,
        status: q.status,
        technician_id: q.technician_id,
        needs_callback: q.needs_callback == Some(true),
        limit: i64::from(q.limit.unwrap_or(50).clamp(1, 200)),
    };
    let group = staff.grp;
    let rows = db::run(&state.pool, move |conn| {
        work_orders::list_by_group_estate(conn, group, estate_id, &filter).map_err(Error::from)
    })
    .await?;
    let items: Vec<WorkOrderView> = rows
        .into_iter()
        .map(|r| WorkOrderView::new(r, false, None))
        .collect();
    Ok(HttpResponse::Ok().json(Page { items }))
}

/// One order with its trail.
#[get("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}")]
pub async fn get(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let (row, steps) = db::run(&state.pool, move |conn| {
        let row =
            work_orders::find_by_group_estate_work_order(conn, group, estate_id, work_order_id)?
                .ok_or(Error::NotFound("work order"))?;
        let steps = trail::of_work_order(conn, group, estate_id, work_order_id)?;
        Ok::<_, Error>((row, steps))
    })
    .await?;
    Ok(HttpResponse::Ok().json(WorkOrderView::new(
        row,
        staff.has_any_role(&CONTACT_ROLES),
        Some(steps),
    )))
}

pub(crate) fn actor(
    staff: &Staff,
    req: &HttpRequest,
    state: &AppState,
    as_technician: bool,
) -> Actor {
    Actor {
        group_id: staff.grp,
        staff_id: staff.sub,
        now: (state.clock)(),
        correlation_id: desk_platform::http::correlation_id(req),
        as_technician,
    }
}

pub(crate) async fn change(
    staff: &Staff,
    state: &web::Data<AppState>,
    work: impl FnOnce(&mut PgConnection) -> Result<WorkOrderRow, Error> + Send + 'static,
) -> Result<HttpResponse, Error> {
    let row = db::run(&state.pool, move |conn| conn.transaction(work)).await?;
    state.relay_wake.notify_one();
    Ok(HttpResponse::Ok().json(WorkOrderView::new(
        row,
        staff.has_any_role(&CONTACT_ROLES),
        None,
    )))
}

pub(crate) fn text(field: &str, raw: &str, max: usize) -> Result<String, Error> {
    let v = raw.trim();
    if v.is_empty() || v.chars().count() > max {
        return Err(Error::Invalid(format!("{field}: 1 to {max} characters")));
    }
    Ok(v.to_string())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppointmentIn {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The skill the job needs (plumbing, electrical…), when known.
    pub skill: Option<String>,
    /// The appointment was read back to the resident and confirmed.
    pub read_back: bool,
}

/// The appointment window agreed with the resident, read back to them.
#[post("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/appointment")]
pub async fn appointment(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<AppointmentIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DISPATCHERS)?;
    let b = body.into_inner();
    if b.end <= b.start {
        return Err(Error::Invalid("end: after start".into()));
    }
    if !b.read_back {
        return Err(Error::Invalid(
            "read_back: read the appointment back to the resident first".into(),
        ));
    }
    let a = actor(&staff, &req, &state, false);
    change(&staff, &state, move |conn| {
        let mut row = work_orders::lock_by_group_estate_work_order(
            conn,
            a.group_id,
            estate_id,
            work_order_id,
        )?
        .ok_or(Error::NotFound("work order"))?;
        if matches!(row.status.as_str(), "completed" | "closed") {
            return Err(crate::domain::flow::Refusal {
                code: "invalid_transition",
                message: "The work is done; no new appointment.",
            }
            .into());
        }
        row.appointment_start = Some(b.start);
        row.appointment_end = Some(b.end);
        row.skill = b
            .skill
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        row.needs_callback = false;
        if let Some(o) = row.details.as_object_mut() {
            o.insert("read_back_at".into(), serde_json::json!(a.now));
        }
        row.version += 1;
        row.updated_at = a.now;
        work_orders::save(conn, &row)?;
        trail::record(
            conn,
            row.group_id,
            row.estate_id,
            row.work_order_id,
            a.now,
            Some(a.staff_id),
            "appointment",
            Some(&row.status),
            Some(&row.status),
            None,
        )?;
        Ok(row)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DispatchIn {
    pub technician_id: Uuid,
}

/// Dispatch (or reassign) to a technician with the skill and room for it. When nobody can take
/// it, mark it for a call back instead (`/callback`).
#[post("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/dispatch")]
pub async fn dispatch(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<DispatchIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DISPATCHERS)?;
    let a = actor(&staff, &req, &state, false);
    let tech = body.technician_id;
    change(&staff, &state, move |conn| {
        orders::dispatch(conn, &a, estate_id, work_order_id, tech)
    })
    .await
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CallbackIn {
    /// When the desk will call the resident back; within the hour when not given.
    #[serde(default)]
    pub callback_due: Option<DateTime<Utc>>,
}

/// Nobody can take it now: the desk owes the resident a call back, at a time; past it, the
/// order is late in the supervisor's list.
#[post("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/callback")]
pub async fn callback(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<CallbackIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DISPATCHERS)?;
    let a = actor(&staff, &req, &state, false);
    let due = crate::domain::late::callback_due(a.now, body.into_inner().callback_due)
        .map_err(|m| Error::Invalid(m.into()))?;
    change(&staff, &state, move |conn| {
        let mut row = work_orders::lock_by_group_estate_work_order(
            conn,
            a.group_id,
            estate_id,
            work_order_id,
        )?
        .ok_or(Error::NotFound("work order"))?;
        if !matches!(row.status.as_str(), "awaiting_dispatch" | "reopened") {
            return Err(crate::domain::flow::Refusal {
                code: "invalid_transition",
                message: "The order already has a technician.",
            }
            .into());
        }
        row.needs_callback = true;
        row.callback_due = Some(due);
        row.updated_at = a.now;
        work_orders::save(conn, &row)?;
        trail::record(
            conn,
            row.group_id,
            row.estate_id,
            row.work_order_id,
            a.now,
            Some(a.staff_id),
            "callback",
            Some(&row.status),
            Some(&row.status),
            Some(&format!("call back by {}", due.to_rfc3339())),
        )?;
        Ok(row)
    })
    .await
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ReasonIn {
    pub reason: Option<String>,
}

async fn technician_step(
    staff: Staff,
    req: HttpRequest,
    estate_id: Uuid,
    work_order_id: Uuid,
    step: Step,
    reason: Option<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[Role::Technician])?;
    if matches!(step, Step::Pause | Step::Return)
        && reason.as_deref().is_none_or(|r| r.trim().is_empty())
    {
        return Err(Error::Invalid("reason: say why".into()));
    }
    let a = actor(&staff, &req, &state, true);
    change(&staff, &state, move |conn| {
        orders::move_order(
            conn,
            &a,
            estate_id,
            work_order_id,
            step,
            reason.as_deref(),
            |_, row| {
                match step {
                    Step::Start if row.started_at.is_none() => row.started_at = Some(a.now),
                    Step::Return => {
                        row.technician_id = None;
                        row.dispatched_at = None;
                    }
                    _ => {}
                }
                Ok(())
            },
        )
    })
    .await
}

#[post("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/accept")]
pub async fn accept(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (e, w) = path.into_inner();
    technician_step(staff, req, e, w, Step::Accept, None, state).await
}

#[post("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/start")]
pub async fn start(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (e, w) = path.into_inner();
    technician_step(staff, req, e, w, Step::Start, None, state).await
}

#[post("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/pause")]
pub async fn pause(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ReasonIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (e, w) = path.into_inner();
    technician_step(
        staff,
        req,
        e,
        w,
        Step::Pause,
        body.into_inner().reason,
        state,
    )
    .await
}

/// The technician gives the order back (wrong skill, no parts…), with the reason.
#[post("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/return")]
pub async fn give_back(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ReasonIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (e, w) = path.into_inner();
    technician_step(
        staff,
        req,
        e,
        w,
        Step::Return,
        body.into_inner().reason,
        state,
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompleteIn {
    pub work_done: String,
    pub materials: Option<String>,
    pub labour_minutes: Option<i32>,
    /// For paid repairs and special services, in fen.
    #[serde(default)]
    pub fee_fen: i64,
    /// What the fee is made of (parts, labour), adding up to it.
    #[serde(default)]
    pub items: Vec<FeeItemIn>,
    /// The resident who signed off.
    pub signoff_name: String,
    /// The signature, as an image data URL, when given.
    pub signature: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeItemIn {
    pub name: String,
    pub amount_fen: i64,
}

#[post("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/complete")]
pub async fn complete(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<CompleteIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[Role::Technician])?;
    let b = body.into_inner();
    let c = Completion {
        items: b
            .items
            .into_iter()
            .map(|i| (i.name.trim().to_string(), i.amount_fen))
            .collect(),
        work_done: text("work_done", &b.work_done, 2000)?,
        materials: b.materials,
        labour_minutes: b.labour_minutes,
        fee_fen: b.fee_fen,
        signoff_name: text("signoff_name", &b.signoff_name, 50)?,
        signature: b.signature.filter(|s| s.len() <= 200_000),
    };
    let a = actor(&staff, &req, &state, true);
    change(&staff, &state, move |conn| {
        orders::complete(conn, &a, estate_id, work_order_id, c)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpIn {
    pub punctuality: i32,
    pub quality: i32,
    pub fee_fair: i32,
    pub attitude: i32,
    pub overall: i32,
    /// Whether the repair held.
    pub repaired: bool,
    pub note: Option<String>,
    /// How the resident was reached: phone, in_person, sms or app.
    #[serde(default = "by_phone")]
    pub told_via: String,
}

fn by_phone() -> String {
    "phone".to_string()
}

/// The follow-up visit (回访), from the day after the repair.
#[post("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/follow-up")]
pub async fn follow_up(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<FollowUpIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DISPATCHERS)?;
    let b = body.into_inner();
    let a = actor(&staff, &req, &state, false);
    let f = FollowUp {
        punctuality: b.punctuality,
        quality: b.quality,
        fee_fair: b.fee_fair,
        attitude: b.attitude,
        overall: b.overall,
        repaired: b.repaired,
        note: b.note,
        told_via: b.told_via,
    };
    change(&staff, &state, move |conn| {
        orders::follow_up(conn, &a, estate_id, work_order_id, f)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MyQuery {
    /// YYYY-MM-DD (today in Beijing by default).
    pub date: Option<NaiveDate>,
}

/// The technician's orders: everything open, and the day's appointments, across their estates.
#[get("/api/v1/repairs/my-orders")]
pub async fn my_orders(
    staff: Staff,
    query: web::Query<MyQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    staff.require_any_role(&[Role::Technician])?;
    let zone = crate::domain::default_zone();
    let day = query.date.unwrap_or_else(|| zone.date((state.clock)()));
    let (from, to) = zone.day_bounds(day);
    let (group, me) = (staff.grp, staff.sub);
    let scope = staff.scope.clone();
    let rows = db::run(&state.pool, move |conn| {
        work_orders::for_technician(conn, group, me, from, to).map_err(Error::from)
    })
    .await?;
    let items: Vec<WorkOrderView> = rows
        .into_iter()
        .filter(|r| match &scope {
            EstateScope::Group => true,
            EstateScope::Estates(ids) => ids.contains(&r.estate_id),
        })
        .map(|r| WorkOrderView::new(r, true, None))
        .collect();
    Ok(HttpResponse::Ok().json(Page { items }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TechnicianIn {
    pub name: String,
    #[serde(default)]
    pub skills: Vec<String>,
    pub working_hours: Option<String>,
    pub max_open: Option<i32>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// Put a member of staff on the estate's technician roster (or change their entry).
#[put("/api/v1/repairs/estates/{estate_id}/technicians/{technician_id}")]
pub async fn put_technician(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<TechnicianIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, technician_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&ROSTER)?;
    let b = body.into_inner();
    let max_open = b.max_open.unwrap_or(8);
    if !(1..=50).contains(&max_open) {
        return Err(Error::Invalid("max_open: 1 to 50".into()));
    }
    let row = TechnicianRow {
        group_id: staff.grp,
        estate_id,
        technician_id,
        name: text("name", &b.name, 50)?,
        skills: b
            .skills
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        working_hours: b.working_hours.unwrap_or_else(|| "08:00-17:00".to_string()),
        max_open,
        active: b.active,
        updated_at: (state.clock)(),
    };
    let saved = row.clone();
    db::run(&state.pool, move |conn| {
        technicians::upsert(conn, &row).map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(saved))
}

#[derive(Debug, Serialize)]
pub struct RosterEntry {
    #[serde(flatten)]
    pub technician: TechnicianRow,
    pub open_orders: i64,
}

/// The roster, with how many open orders each carries.
#[get("/api/v1/repairs/estates/{estate_id}/technicians")]
pub async fn roster(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let items = db::run(&state.pool, move |conn| {
        let techs = technicians::list_by_group_estate(conn, group, estate_id)?;
        let ids: Vec<Uuid> = techs.iter().map(|t| t.technician_id).collect();
        let counts = work_orders::open_counts_by_group(conn, group, &ids)?;
        let out: Vec<RosterEntry> = techs
            .into_iter()
            .map(|t| RosterEntry {
                open_orders: counts.get(&t.technician_id).copied().unwrap_or(0),
                technician: t,
            })
            .collect();
        Ok::<_, Error>(out)
    })
    .await?;
    Ok(HttpResponse::Ok().json(Page { items }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOrderIn {
    /// repair, paid_repair, special_service, after_sales or emergency.
    pub kind: String,
    pub unit_label: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub problem: String,
}

/// An order raised directly: by a patrolling steward or a technician who finds the fault.
#[post("/api/v1/repairs/estates/{estate_id}/work-orders")]
pub async fn create(
    staff: Staff,
    req: HttpRequest,
    estate_id: web::Path<Uuid>,
    body: web::Json<NewOrderIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&CONTACT_ROLES)?;
    let b = body.into_inner();
    if ![
        "repair",
        "paid_repair",
        "special_service",
        "after_sales",
        "emergency",
    ]
    .contains(&b.kind.as_str())
    {
        return Err(Error::Invalid(
            "kind: repair, paid_repair, special_service, after_sales or emergency".into(),
        ));
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
    let a = actor(&staff, &req, &state, false);
    let problem = text("problem", &b.problem, 2000)?;
    let group = staff.grp;
    let zone = db::run(&state.pool, move |conn| {
        crate::db::zones::zone_of(conn, group, estate_id).map_err(Error::from)
    })
    .await?;
    let row = crate::events::new_order(
        staff.grp,
        estate_id,
        None,
        &b.kind,
        b.contact_name,
        phone,
        b.unit_label.map(|u| u.trim().to_uppercase()),
        problem,
        staff.sub,
        zone,
        a.now,
    );
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            work_orders::insert_once_per_intake(conn, &row)?;
            trail::record(
                conn,
                row.group_id,
                row.estate_id,
                row.work_order_id,
                a.now,
                Some(a.staff_id),
                "raised",
                None,
                Some("awaiting_dispatch"),
                None,
            )?;
            crate::events::OUTBOX.enqueue(
                conn,
                desk_events::topics::WORK_ORDER,
                &crate::events::work_order_opened_direct(&row, a.correlation_id),
            )?;
            Ok(row)
        })
    })
    .await?;
    state.relay_wake.notify_one();
    Ok(HttpResponse::Created().json(WorkOrderView::new(row, true, None)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChargeIn {
    pub items: Vec<FeeItemIn>,
}

/// 办理即收费: a special service is charged when the resident orders it.
#[post("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/charge")]
pub async fn charge(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ChargeIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DISPATCHERS)?;
    let items: Vec<(String, i64)> = body
        .into_inner()
        .items
        .into_iter()
        .map(|i| (i.name.trim().to_string(), i.amount_fen))
        .collect();
    let a = actor(&staff, &req, &state, false);
    change(&staff, &state, move |conn| {
        orders::charge_when_ordered(conn, &a, estate_id, work_order_id, items)
    })
    .await
}
