//! `/api/v1/reception/estates/{estate_id}/intakes`: the ledger of calls and visits.

use crate::db::intakes::{self, IntakeRow, ListFilter};
use crate::domain::intake::{Caller, Category, Channel, NewIntake, Status};
use crate::error::Error;
use crate::events::{OUTBOX, intake_logged};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use desk_auth::{Role, Staff};
use desk_events::topics;
use desk_platform::{db, mask};
use diesel::Connection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who may write to the ledger: the desk and those who stand in for it.
const DESK_ROLES: [Role; 5] = [
    Role::Receptionist,
    Role::Supervisor,
    Role::EstateManager,
    Role::Technician,
    Role::Admin,
];

/// Who sees a caller's phone number in full (to call back).
const CALLBACK_ROLES: [Role; 4] = [
    Role::Receptionist,
    Role::Supervisor,
    Role::EstateManager,
    Role::Admin,
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogIntake {
    pub channel: Channel,
    pub category: Category,
    #[serde(default)]
    pub caller: CallerIn,
    pub request: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallerIn {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub unit_label: Option<String>,
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
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub downstream: Option<DownstreamView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct CallerView {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub unit_label: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct DownstreamView {
    pub kind: String,
    pub id: Uuid,
    pub number: Option<String>,
}

impl IntakeView {
    fn from_row(row: IntakeRow, full_phone: bool) -> Self {
        let phone = row
            .caller_phone
            .map(|p| if full_phone { p } else { mask::phone(&p) });
        Self {
            intake_id: row.intake_id,
            estate_id: row.estate_id,
            channel: row.channel,
            category: row.category,
            caller: CallerView {
                name: row.caller_name,
                phone,
                unit_label: row.unit_label,
            },
            request: row.request,
            taken_by: row.taken_by,
            status: row.status,
            downstream: match (row.downstream_kind, row.downstream_id) {
                (Some(kind), Some(id)) => Some(DownstreamView {
                    kind,
                    id,
                    number: row.downstream_no,
                }),
                _ => None,
            },
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

fn idempotency_key(req: &HttpRequest) -> Result<Option<String>, Error> {
    match req.headers().get("Idempotency-Key") {
        None => Ok(None),
        Some(v) => {
            let s = v.to_str().map_err(|_| Error::BadIdempotencyKey)?.trim();
            if s.is_empty() || s.len() > 100 {
                return Err(Error::BadIdempotencyKey);
            }
            Ok(Some(s.to_string()))
        }
    }
}

fn correlation_id(req: &HttpRequest) -> Uuid {
    req.headers()
        .get("X-Correlation-Id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(Uuid::now_v7)
}

/// Log a contact. Repairs, paid services, after-sales and emergencies go on to repairs,
/// complaints to complaints, through `reception.intake.v1`. A retry with the same
/// `Idempotency-Key` returns the first answer and records nothing new.
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
    let key = idempotency_key(&req)?;
    let body = body.into_inner();
    let intake = NewIntake::new(
        body.channel,
        body.category,
        Caller {
            name: body.caller.name,
            phone: body.caller.phone,
            unit_label: body.caller.unit_label,
        },
        body.request,
    )?;
    let now = Utc::now();
    let row = IntakeRow {
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
    };
    let correlation = correlation_id(&req);
    let (row, created) = db::run(&state.pool, move |conn| {
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
            if let Some(existing) = earlier {
                return Ok((existing, false));
            }
            intakes::insert(conn, &row)?;
            OUTBOX.enqueue(conn, topics::INTAKE, &intake_logged(&row, correlation))?;
            Ok((row, true))
        })
    })
    .await?;
    if created {
        state.relay_wake.notify_one();
        tracing::info!(intake_id = %row.intake_id, %estate_id, category = %row.category, "Intake logged.");
    }
    let view = IntakeView::from_row(row, true);
    Ok(if created {
        HttpResponse::Created().json(view)
    } else {
        HttpResponse::Ok().json(view)
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub status: Option<Status>,
    pub category: Option<Category>,
    pub before: Option<DateTime<Utc>>,
    pub limit: Option<u16>,
}

#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `before` for the next page; absent on the last page.
    pub next_before: Option<DateTime<Utc>>,
}

/// The estate's ledger, newest first. Phone numbers are masked in lists.
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
    let filter = ListFilter {
        status: q.status.map(|s| s.as_str().to_string()),
        category: q.category.map(|c| c.as_str().to_string()),
        before: q.before,
        limit,
    };
    let group = staff.grp;
    let rows = db::run(&state.pool, move |conn| {
        intakes::list_by_group_estate(conn, group, estate_id, &filter).map_err(Error::from)
    })
    .await?;
    let next_before = if rows.len() as i64 == limit {
        rows.last().map(|r| r.created_at)
    } else {
        None
    };
    let items = rows
        .into_iter()
        .map(|r| IntakeView::from_row(r, false))
        .collect();
    Ok(HttpResponse::Ok().json(Page { items, next_before }))
}

/// One intake. The caller's phone is shown in full to the desk, masked to everyone else.
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
    let full = staff.has_any_role(&CALLBACK_ROLES);
    Ok(HttpResponse::Ok().json(IntakeView::from_row(row, full)))
}
