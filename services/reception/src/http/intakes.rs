//! `/api/v1/reception/estates/{estate_id}/intakes`: the ledger of calls and visits, from the
//! first word to closing (注销).

use crate::db::desk_staff;
use crate::db::intakes::{self, HandlingRow, IntakeRow, ListFilter, TrailRow, View};
use crate::db::registry;
use crate::domain::complaint_form;
use crate::domain::intake::{
    Caller, Category, Channel, NewIntake, Refusal, Route, Status, TOLD_VIA, Urgency, due_at,
    may_close, may_recategorize, urgency,
};
use crate::domain::ownership::{self, Who, step};
use crate::error::Error;
use crate::events::{self, OUTBOX};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use desk_auth::{Role, Staff};
use desk_events::topics;
use desk_platform::local::Zone;
use desk_platform::{db, mask};
use diesel::{Connection, PgConnection};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who may write to the ledger: the desk and those who stand in for it.
pub const DESK_ROLES: [Role; 5] = [
    Role::Receptionist,
    Role::Supervisor,
    Role::EstateManager,
    Role::Technician,
    Role::Admin,
];

/// Who owns desk entries (首问责任制), adds notes to them and closes their own: not a
/// technician, not anyone outside the desk.
pub const OWNING_ROLES: [Role; 3] = [Role::Receptionist, Role::Supervisor, Role::EstateManager];

/// Who closes or reassigns any entry of the estate.
pub const OVERSEER_ROLES: [Role; 2] = [Role::Supervisor, Role::EstateManager];

/// The staff member as the ownership rules see them.
pub fn who(staff: &Staff) -> Who {
    Who {
        id: staff.sub,
        desk: staff.has_any_role(&OWNING_ROLES),
        overseer: staff.has_any_role(&OVERSEER_ROLES),
        estate_manager: staff.has_role(Role::EstateManager),
        hq: staff.has_role(Role::Hq),
    }
}

/// Who sees a caller's phone number in full (to call back).
pub const CALLBACK_ROLES: [Role; 4] = [
    Role::Receptionist,
    Role::Supervisor,
    Role::EstateManager,
    Role::Admin,
];

const fn refusal(code: &'static str, message: &'static str) -> Refusal {
    Refusal { code, message }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogIntake {
    pub channel: Channel,
    pub category: Category,
    #[serde(default)]
    pub caller: CallerIn,
    pub request: String,
    /// When the desk promised an answer (an inquiry it could not answer on the spot).
    pub promised_by: Option<DateTime<Utc>>,
    /// A complaint's other parts, from the desk's form; `request` is then what happened.
    pub complaint: Option<ComplaintIn>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintIn {
    pub location: String,
    pub occurred_at: DateTime<Utc>,
    pub demand: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallerIn {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub unit_label: Option<String>,
    /// A unit of the registry, as found by the search box.
    pub unit_id: Option<Uuid>,
    /// A resident of the registry, as found by the search box.
    pub resident_id: Option<Uuid>,
}

#[derive(Debug, Serialize)]
pub struct IntakeView {
    pub intake_id: Uuid,
    pub estate_id: Uuid,
    pub channel: String,
    pub category: String,
    pub caller: CallerView,
    pub request: String,
    pub taken_by: Uuid,
    /// Who owns the entry now: its taker until the handover or a supervisor passes it on.
    pub owner_id: Uuid,
    pub status: String,
    /// An emergency whose work is not done yet: listed above everything else.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pinned: bool,
    /// When an emergency's work was done.
    pub handled_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub promised_by: Option<DateTime<Utc>>,
    /// For entries not closed: on_track, due (within 24 hours) or overdue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub urgency: Option<Urgency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub downstream: Option<DownstreamView>,
    pub told_at: Option<DateTime<Utc>>,
    pub told_via: Option<String>,
    pub result: Option<String>,
    pub satisfaction: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Where praise or a suggestion was passed, and what was done with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral: Option<ReferralView>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Who did what, and who owned the entry after each step (one entry only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trail: Option<Vec<TrailRow>>,
}

#[derive(Debug, Serialize)]
pub struct ReferralView {
    /// staff_record, estate_manager or hq.
    pub to: String,
    /// The staff member praised.
    pub staff_member: Option<String>,
    pub referred_at: Option<DateTime<Utc>>,
    pub referred_by: Option<Uuid>,
    pub outcome: Option<String>,
    pub outcome_by: Option<Uuid>,
    pub outcome_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
pub struct CallerView {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub unit_label: Option<String>,
    pub unit_id: Option<Uuid>,
    pub resident_id: Option<Uuid>,
}

#[derive(Debug, Serialize)]
pub struct DownstreamView {
    pub kind: String,
    pub id: Uuid,
    pub number: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub result: Option<String>,
}

impl IntakeView {
    pub fn from_row(row: IntakeRow, full_phone: bool, now: DateTime<Utc>, zone: Zone) -> Self {
        let phone = row
            .caller_phone
            .map(|p| if full_phone { p } else { mask::phone(&p) });
        let open = row.status != Status::Closed.as_str();
        let pinned = ownership::pinned(
            Category::parse(&row.category).unwrap_or(Category::Other),
            Status::parse(&row.status).unwrap_or(Status::Open),
            None,
        );
        Self {
            intake_id: row.intake_id,
            estate_id: row.estate_id,
            channel: row.channel,
            category: row.category,
            caller: CallerView {
                name: row.caller_name,
                phone,
                unit_label: row.unit_label,
                unit_id: row.unit_id,
                resident_id: row.resident_id,
            },
            request: row.request,
            taken_by: row.taken_by,
            owner_id: row.owner_id,
            status: row.status,
            pinned,
            handled_at: None,
            due_at: row.due_at,
            promised_by: row.promised_by,
            urgency: row.due_at.filter(|_| open).map(|d| urgency(d, now, zone)),
            downstream: match (row.downstream_kind, row.downstream_id) {
                (Some(kind), Some(id)) => Some(DownstreamView {
                    kind,
                    id,
                    number: row.downstream_no,
                    closed_at: row.downstream_closed_at,
                    result: row.downstream_result,
                }),
                _ => None,
            },
            told_at: row.told_at,
            told_via: row.told_via,
            result: row.result,
            satisfaction: row.satisfaction,
            closed_at: row.closed_at,
            referral: None,
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
            trail: None,
        }
    }
}

impl IntakeView {
    /// With what happened beyond the ledger: an emergency's work done, a referral's outcome.
    pub fn with_handling(mut self, h: Option<HandlingRow>) -> Self {
        let Some(h) = h else {
            return self;
        };
        if h.handled_at.is_some() {
            self.pinned = false;
            self.handled_at = h.handled_at;
        }
        self.referral = h.referred_to.map(|to| ReferralView {
            to,
            staff_member: h.referral_subject,
            referred_at: h.referred_at,
            referred_by: h.referred_by,
            outcome: h.outcome,
            outcome_by: h.outcome_by,
            outcome_at: h.outcome_at,
        });
        self
    }
}

/// Views of `rows` with their handling, in order.
pub fn views(
    conn: &mut PgConnection,
    rows: Vec<IntakeRow>,
    full_phone: bool,
    now: DateTime<Utc>,
) -> Result<Vec<IntakeView>, Error> {
    let Some(first) = rows.first() else {
        return Ok(vec![]);
    };
    let (g, e) = (first.group_id, first.estate_id);
    let zone = super::common::zone(conn, g, e)?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.intake_id).collect();
    let mut handling = intakes::handling_by_group_estate_intakes(conn, g, e, &ids)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let h = handling
                .iter()
                .position(|h| h.intake_id == r.intake_id)
                .map(|i| handling.swap_remove(i));
            IntakeView::from_row(r, full_phone, now, zone).with_handling(h)
        })
        .collect())
}

pub use desk_platform::http::correlation_id;

/// Fill the caller from the registry copy when the desk picked a unit or resident, and refuse
/// ones the estate does not have.
fn resolve_caller(conn: &mut PgConnection, row: &mut IntakeRow) -> Result<(), Error> {
    let (g, e) = (row.group_id, row.estate_id);
    if let Some(resident_id) = row.resident_id {
        let r = registry::find_resident(conn, g, e, resident_id)?
            .filter(|r| r.active)
            .ok_or(refusal(
                "unknown_resident",
                "The estate has no such resident.",
            ))?;
        match row.unit_id {
            Some(u) if u != r.unit_id => {
                return Err(refusal(
                    "resident_not_in_unit",
                    "The resident is not registered in that unit.",
                )
                .into());
            }
            _ => row.unit_id = Some(r.unit_id),
        }
        row.caller_name = row.caller_name.take().or(Some(r.name));
        row.caller_phone = row.caller_phone.take().or(r.phone);
    }
    if let Some(unit_id) = row.unit_id {
        let u = registry::find_unit(conn, g, e, unit_id)?
            .filter(|u| u.active)
            .ok_or(refusal("unknown_unit", "The estate has no such unit."))?;
        row.unit_label = Some(u.label);
    } else if let Some(label) = &row.unit_label
        && let Some(u) = registry::find_unit_by_label(conn, g, e, &label.to_uppercase())?
    {
        // A typed unit number the registry knows is linked to it.
        row.unit_id = Some(u.unit_id);
        row.unit_label = Some(u.label);
    }
    Ok(())
}

/// Who holds the estate's open shift, if anyone.
fn on_duty(conn: &mut PgConnection, row: &IntakeRow) -> Result<Option<Uuid>, Error> {
    use crate::db::desk;
    use crate::domain::desk::shift;
    Ok(desk::latest_shifts(conn, row.group_id, row.estate_id, 1)?
        .into_iter()
        .find(|s| s.status == shift::OPEN)
        .map(|s| s.opened_by))
}

/// Log a contact. Repairs, paid services, after-sales and emergencies go on to repairs,
/// complaints to complaints, through `reception.intake.v1`; an emergency also alerts security
/// and engineering at once. A retry with the same `Idempotency-Key` returns the first answer
/// and records nothing new.
#[post("/api/v1/reception/estates/{estate_id}/intakes")]
pub async fn log(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<LogIntake>,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let key = desk_platform::http::idempotency_key(&req)?;
    let body = body.into_inner();
    let (unit_id, resident_id) = (body.caller.unit_id, body.caller.resident_id);
    let has_registry_link = unit_id.is_some() || resident_id.is_some();
    let intake = NewIntake::new(
        body.channel,
        body.category,
        Caller {
            name: body.caller.name,
            phone: body.caller.phone,
            unit_label: body.caller.unit_label,
            // A pick from the registry is as good as a typed unit number.
            registry_link: has_registry_link,
        },
        body.request,
    )?;
    let now = (state.clock)();
    let complaint = body
        .complaint
        .map(|c| complaint_form::check(intake.category, &c.location, c.occurred_at, &c.demand, now))
        .transpose()?;
    if body.promised_by.is_some_and(|p| p <= now) {
        return Err(refusal(
            "promise_in_the_past",
            "A promised answer time must be in the future.",
        )
        .into());
    }
    let mut row = IntakeRow {
        group_id: staff.grp,
        estate_id,
        intake_id: Uuid::now_v7(),
        channel: intake.channel.as_str().to_string(),
        category: intake.category.as_str().to_string(),
        caller_name: intake.caller.name,
        caller_phone: intake.caller.phone,
        unit_label: intake.caller.unit_label,
        request: intake.request,
        taken_by: staff.sub,
        status: Status::Open.as_str().to_string(),
        downstream_kind: None,
        downstream_id: None,
        downstream_no: None,
        idempotency_key: key,
        version: 1,
        created_at: now,
        updated_at: now,
        unit_id,
        resident_id,
        // On the estate's dates, once its zone is read below.
        due_at: None,
        promised_by: body.promised_by,
        downstream_closed_at: None,
        downstream_result: None,
        told_at: None,
        told_via: None,
        result: None,
        satisfaction: None,
        closed_at: None,
        closed_by: None,
        updated_by: None,
        owner_id: staff.sub,
    };
    let taker = who(&staff);
    let correlation = correlation_id(&req);
    let emergency = intake.category == Category::Emergency;
    let category = intake.category;
    let (row, created, zone) = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let earlier = match &row.idempotency_key {
                Some(k) => intakes::find_by_group_estate_idempotency_key(
                    conn,
                    row.group_id,
                    row.estate_id,
                    row.taken_by,
                    k,
                )?,
                None => None,
            };
            let zone = super::common::zone(conn, row.group_id, row.estate_id)?;
            if let Some(existing) = earlier {
                return Ok((existing, false, zone));
            }
            let what_happened = row.request.clone();
            if let Some(parts) = &complaint {
                row.request = complaint_form::ledger_text(parts, &what_happened, zone);
            }
            row.due_at = Some(due_at(category, row.created_at, row.promised_by, zone));
            resolve_caller(conn, &mut row)?;
            row.owner_id = ownership::owner_on_logging(taker, on_duty(conn, &row)?);
            intakes::insert(conn, &row)?;
            desk_staff::seen_by_group_estate(
                conn,
                row.group_id,
                row.estate_id,
                (taker.id, taker.desk),
                row.created_at,
            )?;
            intakes::insert_step(
                conn,
                &TrailRow::of(&row, row.created_at, row.taken_by, step::TAKEN, None),
            )?;
            OUTBOX.enqueue(
                conn,
                topics::INTAKE,
                &events::intake_logged(
                    &row,
                    complaint.as_ref().map(|p| (p, what_happened.as_str())),
                    correlation,
                ),
            )?;
            if emergency {
                OUTBOX.enqueue(
                    conn,
                    topics::INTAKE,
                    &events::emergency_raised(&row, correlation),
                )?;
            }
            Ok((row, true, zone))
        })
    })
    .await?;
    if created {
        state.relay_wake.notify_one();
        tracing::info!(intake_id = %row.intake_id, %estate_id, category = %row.category, "Intake logged.");
        if emergency {
            tracing::warn!(intake_id = %row.intake_id, %estate_id, "Emergency raised; security and engineering alerted.");
        }
    }
    let view = IntakeView::from_row(row, true, now, zone);
    Ok(if created {
        HttpResponse::Created().json(view)
    } else {
        HttpResponse::Ok().json(view)
    })
}

/// Which entries to list.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ViewIn {
    All,
    Open,
    Due,
    Overdue,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub view: Option<ViewIn>,
    pub status: Option<Status>,
    pub category: Option<Category>,
    pub unit_id: Option<Uuid>,
    pub resident_id: Option<Uuid>,
    pub taken_by: Option<Uuid>,
    /// Whose entries: the desk's own list is `owner_id=` the receptionist.
    pub owner_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub before: Option<DateTime<Utc>>,
    pub limit: Option<u16>,
}

#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `before` for the next page; absent on the last page.
    pub next_before: Option<DateTime<Utc>>,
}

/// The estate's ledger, newest first: everything, or what is open, due or overdue, with the
/// emergencies whose work is not done above everything on the first page. Phone numbers are
/// masked in lists.
#[get("/api/v1/reception/estates/{estate_id}/intakes")]
pub async fn list(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    query: web::Query<ListQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let q = query.into_inner();
    let limit = i64::from(q.limit.unwrap_or(50).clamp(1, 200));
    let now = (state.clock)();
    let filter = ListFilter {
        view: match q.view.unwrap_or(ViewIn::All) {
            ViewIn::All => View::All,
            ViewIn::Open => View::Open,
            ViewIn::Due => View::Due,
            ViewIn::Overdue => View::Overdue,
        },
        status: q.status.map(|s| s.as_str().to_string()),
        category: q.category.map(|c| c.as_str().to_string()),
        unit_id: q.unit_id,
        resident_id: q.resident_id,
        taken_by: q.taken_by,
        owner_id: q.owner_id,
        from: q.from,
        to: q.to,
        before: q.before,
        limit,
        now,
        zone: Zone::default(),
    };
    let group = staff.grp;
    let (items, next_before) = db::run(&state.pool, move |conn| {
        let mut filter = filter;
        filter.zone = super::common::zone(conn, group, estate_id)?;
        let (pinned, rows) = intakes::list_by_group_estate(conn, group, estate_id, &filter)?;
        let next_before = if rows.len() as i64 == limit {
            rows.last().map(|r| r.created_at)
        } else {
            None
        };
        // Emergencies go first: the ones not yet handled head the first page.
        let rows = pinned.into_iter().chain(rows).collect();
        Ok::<_, Error>((views(conn, rows, false, now)?, next_before))
    })
    .await?;
    Ok(HttpResponse::Ok().json(Page { items, next_before }))
}

/// One intake, with its trail (who owned it when, every note). The caller's phone is shown in
/// full to the desk, masked to everyone else.
#[get("/api/v1/reception/estates/{estate_id}/intakes/{intake_id}")]
pub async fn get(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, intake_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let row = db::run(&state.pool, move |conn| {
        intakes::find_by_group_estate_intake(conn, group, estate_id, intake_id).map_err(Error::from)
    })
    .await?
    .ok_or(Error::NotFound("intake"))?;
    answer(&state, row, staff.has_any_role(&CALLBACK_ROLES)).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeIntake {
    /// Only while nothing has gone downstream (an inquiry that turns out to be a repair).
    pub category: Option<Category>,
    /// A new promised answer time; moves the due time.
    pub promised_by: Option<DateTime<Utc>>,
}

/// Change an open intake's category or promised time.
#[patch("/api/v1/reception/estates/{estate_id}/intakes/{intake_id}")]
pub async fn change(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ChangeIntake>,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, intake_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let body = body.into_inner();
    let (group, actor, correlation) = (staff.grp, staff.sub, correlation_id(&req));
    let now = (state.clock)();
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let mut row = intakes::lock_by_group_estate_intake(conn, group, estate_id, intake_id)?
                .ok_or(Error::NotFound("intake"))?;
            let status = Status::parse(&row.status).unwrap_or(Status::Open);
            let current = Category::parse(&row.category).unwrap_or(Category::Other);
            if status == Status::Closed {
                return Err(refusal("intake_closed", "The intake is closed.").into());
            }
            if let Some(p) = body.promised_by {
                if p <= now {
                    return Err(refusal(
                        "promise_in_the_past",
                        "A promised answer time must be in the future.",
                    )
                    .into());
                }
                row.promised_by = Some(p);
            }
            let mut recategorized = None;
            if let Some(next) = body.category.filter(|c| *c != current) {
                may_recategorize(status, current)?;
                if next.route() != Route::Desk
                    && row.caller_phone.is_none()
                    && row.unit_label.is_none()
                {
                    return Err(Error::Invalid(
                        "caller: a repair or complaint needs a phone number or a unit".into(),
                    ));
                }
                row.category = next.as_str().to_string();
                recategorized = Some(current);
            }
            let category = Category::parse(&row.category).unwrap_or(Category::Other);
            let zone = super::common::zone(conn, group, estate_id)?;
            row.due_at = Some(due_at(category, row.created_at, row.promised_by, zone));
            row.version += 1;
            row.updated_at = now;
            row.updated_by = Some(actor);
            intakes::save(conn, &row)?;
            if let Some(previous) = recategorized {
                OUTBOX.enqueue(
                    conn,
                    topics::INTAKE,
                    &events::intake_recategorized(&row, previous.as_str(), correlation, actor),
                )?;
                if category == Category::Emergency {
                    OUTBOX.enqueue(
                        conn,
                        topics::INTAKE,
                        &events::emergency_raised(&row, correlation),
                    )?;
                }
            }
            Ok(row)
        })
    })
    .await?;
    state.relay_wake.notify_one();
    answer(&state, row, true).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseIntake {
    /// What was done or answered.
    pub result: String,
    /// How the person was told: phone, in_person, sms, letter or app.
    pub told_via: String,
    /// The person's satisfaction, when asked.
    pub satisfaction: Option<String>,
}

/// Close (注销) an entry: what it asked for is done and the person has been told. Only its
/// owner or a supervisor closes it (首问责任制); an entry handed to complaints or repairs closes
/// only after the complaint or work order has, praise and suggestions once their outcome is
/// recorded.
#[post("/api/v1/reception/estates/{estate_id}/intakes/{intake_id}/close")]
pub async fn close(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<CloseIntake>,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, intake_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&OWNING_ROLES)?;
    let closer = who(&staff);
    let body = body.into_inner();
    let result = crate::domain::desk::text(&body.result, 2000)
        .ok_or_else(|| Error::Invalid("result: must say what was done".into()))?;
    if !TOLD_VIA.contains(&body.told_via.as_str()) {
        return Err(Error::Invalid(
            "told_via: must be phone, in_person, sms, letter or app".into(),
        ));
    }
    let satisfaction = match body.satisfaction.as_deref() {
        None => None,
        Some(s @ ("satisfied" | "basically_satisfied" | "dissatisfied")) => Some(s.to_string()),
        Some(_) => {
            return Err(Error::Invalid(
                "satisfaction: must be satisfied, basically_satisfied or dissatisfied".into(),
            ));
        }
    };
    let (group, actor, correlation) = (staff.grp, staff.sub, correlation_id(&req));
    let now = (state.clock)();
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let mut row = intakes::lock_by_group_estate_intake(conn, group, estate_id, intake_id)?
                .ok_or(Error::NotFound("intake"))?;
            let status = Status::parse(&row.status).unwrap_or(Status::Open);
            let category = Category::parse(&row.category).unwrap_or(Category::Other);
            let outcome_recorded = handling_of(conn, &row)?.outcome_at.is_some();
            may_close(
                status,
                category,
                row.downstream_closed_at.is_some(),
                outcome_recorded,
            )?;
            ownership::may_close_as(row.owner_id, closer)?;
            row.status = Status::Closed.as_str().to_string();
            row.result = Some(result);
            row.told_at = Some(now);
            row.told_via = Some(body.told_via);
            row.satisfaction = satisfaction;
            row.closed_at = Some(now);
            row.closed_by = Some(actor);
            row.version += 1;
            row.updated_at = now;
            row.updated_by = Some(actor);
            intakes::save(conn, &row)?;
            intakes::insert_step(conn, &TrailRow::of(&row, now, actor, step::CLOSED, None))?;
            desk_staff::seen_by_group_estate(conn, group, estate_id, (actor, closer.desk), now)?;
            OUTBOX.enqueue(
                conn,
                topics::INTAKE,
                &events::intake_closed(&row, correlation, actor),
            )?;
            Ok(row)
        })
    })
    .await?;
    state.relay_wake.notify_one();
    tracing::info!(%intake_id, %estate_id, "Intake closed.");
    answer(&state, row, true).await
}

/// Change an entry under lock and write the step into its trail, in one transaction.
async fn step_on(
    state: &web::Data<AppState>,
    (group, estate_id, intake_id): (Uuid, Uuid, Uuid),
    (by, action, text): (Who, &'static str, Option<String>),
    apply: impl FnOnce(&mut IntakeRow, &mut HandlingRow, Status, Category) -> Result<(), Error>
    + Send
    + 'static,
) -> Result<IntakeRow, Error> {
    let (now, actor) = ((state.clock)(), by.id);
    db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let mut row = intakes::lock_by_group_estate_intake(conn, group, estate_id, intake_id)?
                .ok_or(Error::NotFound("intake"))?;
            let status = Status::parse(&row.status).unwrap_or(Status::Open);
            let category = Category::parse(&row.category).unwrap_or(Category::Other);
            let mut handling = handling_of(conn, &row)?;
            desk_staff::seen_by_group_estate(conn, group, estate_id, (actor, by.desk), now)?;
            apply(&mut row, &mut handling, status, category)?;
            if matches!(action, step::REFERRED | step::OUTCOME) {
                intakes::save_handling(conn, &handling)?;
            }
            if action != step::NOTE {
                row.version += 1;
                row.updated_at = now;
                row.updated_by = Some(actor);
                intakes::save(conn, &row)?;
            }
            intakes::insert_step(conn, &TrailRow::of(&row, now, actor, action, text))?;
            Ok(row)
        })
    })
    .await
}

/// An entry's handling, blank when nothing happened yet.
fn handling_of(conn: &mut PgConnection, row: &IntakeRow) -> Result<HandlingRow, Error> {
    Ok(intakes::handling_by_group_estate_intakes(
        conn,
        row.group_id,
        row.estate_id,
        &[row.intake_id],
    )?
    .pop()
    .unwrap_or_else(|| HandlingRow::blank(row)))
}

/// The entry with its handling and trail.
async fn answer(
    state: &web::Data<AppState>,
    row: IntakeRow,
    full_phone: bool,
) -> Result<HttpResponse, Error> {
    let (g, e, i) = (row.group_id, row.estate_id, row.intake_id);
    let now = (state.clock)();
    let view = db::run(&state.pool, move |conn| {
        // The handling first, then the trail: a step committed in between shows in the trail
        // rather than a handling whose step is missing.
        let mut view = views(conn, vec![row], full_phone, now)?
            .pop()
            .ok_or(Error::NotFound("intake"))?;
        view.trail = Some(intakes::trail_by_group_estate_intake(conn, g, e, i)?);
        Ok::<_, Error>(view)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteIn {
    pub body: String,
}

/// Anyone of the desk adds a note to an open entry; the owner stays the owner.
#[post("/api/v1/reception/estates/{estate_id}/intakes/{intake_id}/notes")]
pub async fn note(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<NoteIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, intake_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&OWNING_ROLES)?;
    let text = super::common::required("body", &body.body, 2000)?;
    let row = step_on(
        &state,
        (staff.grp, estate_id, intake_id),
        (who(&staff), step::NOTE, Some(text)),
        |_, _, status, _| Ok(ownership::may_note(status)?),
    )
    .await?;
    answer(&state, row, true).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reassign {
    /// The staff member who owns the entry from now on.
    pub owner_id: Uuid,
    pub reason: String,
}

/// A supervisor (or the estate manager) gives an open entry to someone else, with a reason.
#[post("/api/v1/reception/estates/{estate_id}/intakes/{intake_id}/reassign")]
pub async fn reassign(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<Reassign>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, intake_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&OVERSEER_ROLES)?;
    let b = body.into_inner();
    let reason = super::common::required("reason", &b.reason, 500)?;
    let (group, to) = (staff.grp, b.owner_id);
    // Only to someone who works this estate's desk: seen at it, in a desk role.
    let to_desk = db::run(&state.pool, move |conn| {
        desk_staff::is_desk_by_group_estate(conn, group, estate_id, to).map_err(Error::from)
    })
    .await?;
    let row = step_on(
        &state,
        (staff.grp, estate_id, intake_id),
        (who(&staff), step::REASSIGNED, Some(reason)),
        move |row, _, status, _| {
            ownership::may_reassign(status, row.owner_id, to, to_desk)?;
            row.owner_id = to;
            Ok(())
        },
    )
    .await?;
    tracing::info!(%intake_id, %estate_id, "Entry reassigned by a supervisor.");
    answer(&state, row, true).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refer {
    /// staff_record (praise), estate_manager or hq (a suggestion; hq for a major one).
    pub to: String,
    /// Praise: the staff member praised, as the person named them.
    pub staff_member: Option<String>,
}

/// Pass praise to the staff member's record, or a suggestion to the estate manager (a major
/// one to HQ). The owner or a supervisor does it, once.
#[post("/api/v1/reception/estates/{estate_id}/intakes/{intake_id}/refer")]
pub async fn refer(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<Refer>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, intake_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&OWNING_ROLES)?;
    let b = body.into_inner();
    let subject = super::common::optional("staff_member", b.staff_member.as_deref(), 50)?;
    let (by, now) = (who(&staff), (state.clock)());
    let to = b.to.trim().to_string();
    let row = step_on(
        &state,
        (staff.grp, estate_id, intake_id),
        (who(&staff), step::REFERRED, Some(to.clone())),
        move |row, h, status, category| {
            ownership::may_close_as(row.owner_id, by)?;
            ownership::may_refer(
                status,
                category,
                &to,
                subject.as_deref(),
                h.referred_to.is_some(),
            )?;
            h.referred_to = Some(to);
            h.referral_subject = subject;
            h.referred_at = Some(now);
            h.referred_by = Some(by.id);
            Ok(())
        },
    )
    .await?;
    answer(&state, row, true).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeIn {
    /// What was done: praise put on the record (after checking it), the suggestion taken into
    /// the work plan or answered.
    pub outcome: String,
}

/// Whoever the entry was passed to records what was done with it: a supervisor or the estate
/// manager for praise, the estate manager for a suggestion, HQ for a major one. Then the desk
/// tells the person and closes the entry.
#[post("/api/v1/reception/estates/{estate_id}/intakes/{intake_id}/outcome")]
pub async fn outcome(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<OutcomeIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, intake_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    let text = super::common::required("outcome", &body.outcome, 2000)?;
    let (by, now) = (who(&staff), (state.clock)());
    let row = step_on(
        &state,
        (staff.grp, estate_id, intake_id),
        (who(&staff), step::OUTCOME, Some(text.clone())),
        move |_, h, status, _| {
            ownership::may_record_outcome(
                status,
                h.referred_to.as_deref(),
                h.outcome_at.is_some(),
                by,
            )?;
            h.outcome = Some(text);
            h.outcome_by = Some(by.id);
            h.outcome_at = Some(now);
            Ok(())
        },
    )
    .await?;
    answer(&state, row, true).await
}
