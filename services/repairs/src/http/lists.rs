//! The supervisor's and the desk's lists of what is owed: late orders with why, and the
//! follow-up visits due within the week or past it.

use super::work_orders::WorkOrderView;
use crate::db::work_orders::{self, WorkOrderRow};
use crate::domain::late::{self, NO_TECHNICIAN_HOURS, Open};
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use desk_auth::{Role, Staff};
use desk_platform::db;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const CONTACT_ROLES: [Role; 5] = [
    Role::Receptionist,
    Role::Supervisor,
    Role::EstateManager,
    Role::Technician,
    Role::Admin,
];

#[derive(Debug, Serialize)]
pub struct LateOrder {
    #[serde(flatten)]
    pub order: WorkOrderView,
    /// callback_overdue, appointment_missed, no_technician, follow_up_overdue.
    pub late: Vec<&'static str>,
}

fn open_of(r: &WorkOrderRow) -> Open<'_> {
    Open {
        status: &r.status,
        created_at: r.created_at,
        needs_callback: r.needs_callback,
        callback_due: r.callback_due,
        appointment_end: r.appointment_end,
        started_at: r.started_at,
        follow_up_due: r.follow_up_due,
        followed_up: r.details.get("follow_up").is_some(),
    }
}

/// The estate's late orders, oldest first, each with why it is late.
#[get("/api/v1/repairs/estates/{estate_id}/late-orders")]
pub async fn late_orders(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let (group, now) = (staff.grp, (state.clock)());
    let since = now - chrono::Duration::hours(NO_TECHNICIAN_HOURS);
    let rows = db::run(&state.pool, move |conn| {
        work_orders::late_candidates_by_group_estate(conn, group, estate_id, now, since, 200)
            .map_err(Error::from)
    })
    .await?;
    let full = staff.has_any_role(&CONTACT_ROLES);
    let items: Vec<LateOrder> = rows
        .into_iter()
        .filter_map(|r| {
            let why = late::reasons(&open_of(&r), now);
            (!why.is_empty()).then(|| LateOrder {
                order: WorkOrderView::new(r, full, None),
                late: why,
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpsQuery {
    /// `due` (still within the week, the default) or `overdue`.
    pub view: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct FollowUpDue {
    #[serde(flatten)]
    pub order: WorkOrderView,
    /// From when the visit may be made (the estate's day after the repair).
    pub opens_at: Option<DateTime<Utc>>,
    pub overdue: bool,
}

/// The follow-up visits owed: done orders not yet visited, by due time.
#[get("/api/v1/repairs/estates/{estate_id}/follow-ups")]
pub async fn follow_ups(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<FollowUpsQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let overdue = match q.view.as_deref().unwrap_or("due") {
        "due" => false,
        "overdue" => true,
        _ => return Err(Error::Invalid("view: due or overdue".into())),
    };
    let (group, now) = (staff.grp, (state.clock)());
    let rows = db::run(&state.pool, move |conn| {
        work_orders::follow_ups_by_group_estate(conn, group, estate_id, now, overdue, 200)
            .map_err(Error::from)
    })
    .await?;
    let full = staff.has_any_role(&CONTACT_ROLES);
    let items: Vec<FollowUpDue> = rows
        .into_iter()
        .map(|r| FollowUpDue {
            opens_at: crate::app::orders::follow_up_opens(&r),
            overdue,
            order: WorkOrderView::new(r, full, None),
        })
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}
