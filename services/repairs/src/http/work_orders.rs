//! `/api/v1/repairs/estates/{estate_id}/work-orders`.

use crate::db::work_orders::{self, WorkOrderRow};
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use desk_auth::{Role, Staff};
use desk_platform::{db, mask};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who arranges the visit and so sees the contact's number in full.
const HANDLER_ROLES: [Role; 5] = [
    Role::Receptionist,
    Role::Supervisor,
    Role::EstateManager,
    Role::Technician,
    Role::Admin,
];

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
    pub created_at: DateTime<Utc>,
}

impl WorkOrderView {
    fn from_row(r: WorkOrderRow, full_phone: bool) -> Self {
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
            created_at: r.created_at,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub intake_id: Option<Uuid>,
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
    let limit = i64::from(q.limit.unwrap_or(50).clamp(1, 200));
    let group = staff.grp;
    let rows = db::run(&state.pool, move |conn| {
        work_orders::list_by_group_estate(conn, group, estate_id, q.intake_id, limit)
            .map_err(Error::from)
    })
    .await?;
    let items = rows
        .into_iter()
        .map(|r| WorkOrderView::from_row(r, false))
        .collect();
    Ok(HttpResponse::Ok().json(Page { items }))
}

#[get("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}")]
pub async fn get(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let row = db::run(&state.pool, move |conn| {
        work_orders::find_by_group_estate_work_order(conn, group, estate_id, work_order_id)
            .map_err(Error::from)
    })
    .await?
    .ok_or(Error::NotFound("work order"))?;
    let full = staff.has_any_role(&HANDLER_ROLES);
    Ok(HttpResponse::Ok().json(WorkOrderView::from_row(row, full)))
}
