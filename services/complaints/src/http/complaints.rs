//! `/api/v1/complaints/estates/{estate_id}/complaints`.

use crate::db::complaints::{self, ComplaintRow};
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use desk_auth::{Role, Staff};
use desk_platform::{db, mask};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who handles complaints and so sees the complainant's number in full.
const HANDLER_ROLES: [Role; 4] = [
    Role::Receptionist,
    Role::Supervisor,
    Role::EstateManager,
    Role::Admin,
];

#[derive(Debug, Serialize)]
pub struct ComplaintView {
    pub complaint_id: Uuid,
    pub complaint_no: String,
    pub estate_id: Uuid,
    pub intake_id: Option<Uuid>,
    pub severity: String,
    pub status: String,
    pub channel: String,
    pub complainant_name: Option<String>,
    pub complainant_phone: Option<String>,
    pub unit_label: Option<String>,
    pub description: String,
    pub taken_by: Uuid,
    pub created_at: DateTime<Utc>,
}

impl ComplaintView {
    fn from_row(r: ComplaintRow, full_phone: bool) -> Self {
        Self {
            complaint_id: r.complaint_id,
            complaint_no: r.complaint_no,
            estate_id: r.estate_id,
            intake_id: r.intake_id,
            severity: r.severity,
            status: r.status,
            channel: r.channel,
            complainant_name: r.complainant_name,
            complainant_phone: r
                .complainant_phone
                .map(|p| if full_phone { p } else { mask::phone(&p) }),
            unit_label: r.unit_label,
            description: r.description,
            taken_by: r.taken_by,
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
    let limit = i64::from(q.limit.unwrap_or(50).clamp(1, 200));
    let group = staff.grp;
    let rows = db::run(&state.pool, move |conn| {
        complaints::list_by_group_estate(conn, group, estate_id, q.intake_id, limit)
            .map_err(Error::from)
    })
    .await?;
    let items = rows
        .into_iter()
        .map(|r| ComplaintView::from_row(r, false))
        .collect();
    Ok(HttpResponse::Ok().json(Page { items }))
}

#[get("/api/v1/complaints/estates/{estate_id}/complaints/{complaint_id}")]
pub async fn get(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, complaint_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let row = db::run(&state.pool, move |conn| {
        complaints::find_by_group_estate_complaint(conn, group, estate_id, complaint_id)
            .map_err(Error::from)
    })
    .await?
    .ok_or(Error::NotFound("complaint"))?;
    let full = staff.has_any_role(&HANDLER_ROLES);
    Ok(HttpResponse::Ok().json(ComplaintView::from_row(row, full)))
}
