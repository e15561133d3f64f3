//! `/api/v1/reception/estates/{estate_id}/visitors`: 访客登记.

use super::common::{Page, PageQuery, optional, required, unit_label};
use super::intakes::DESK_ROLES;
use crate::db::desk::{self, VisitorRow};
use crate::domain::desk::sign_out_visitor;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use desk_auth::Staff;
use desk_platform::db;
use desk_platform::mask::normalise_phone;
use diesel::Connection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub name: String,
    pub company: Option<String>,
    pub phone: Option<String>,
    /// Whom they visit: a person, an office, a unit.
    pub visiting: String,
    pub unit_id: Option<Uuid>,
    pub purpose: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct VisitorView {
    pub visitor_id: Uuid,
    pub name: String,
    pub company: Option<String>,
    pub phone: Option<String>,
    pub visiting: String,
    pub unit_id: Option<Uuid>,
    pub unit_label: Option<String>,
    pub purpose: Option<String>,
    pub arrived_at: DateTime<Utc>,
    pub signed_in_by: Uuid,
    pub left_at: Option<DateTime<Utc>>,
    pub signed_out_by: Option<Uuid>,
}

impl From<VisitorRow> for VisitorView {
    fn from(v: VisitorRow) -> Self {
        Self {
            visitor_id: v.visitor_id,
            name: v.name,
            company: v.company,
            phone: v.phone.map(|p| desk_platform::mask::phone(&p)),
            visiting: v.visiting,
            unit_id: v.unit_id,
            unit_label: v.unit_label,
            purpose: v.purpose,
            arrived_at: v.arrived_at,
            signed_in_by: v.signed_in_by,
            left_at: v.left_at,
            signed_out_by: v.signed_out_by,
        }
    }
}

#[post("/api/v1/reception/estates/{estate_id}/visitors")]
pub async fn sign_in(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<SignIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let b = body.into_inner();
    let phone = match b.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => {
            Some(normalise_phone(p).map_err(|e| Error::Invalid(format!("phone: {}", e.reason())))?)
        }
        None => None,
    };
    let mut row = VisitorRow {
        group_id: staff.grp,
        estate_id,
        visitor_id: Uuid::now_v7(),
        name: required("name", &b.name, 50)?,
        company: optional("company", b.company.as_deref(), 100)?,
        phone,
        visiting: required("visiting", &b.visiting, 100)?,
        unit_id: b.unit_id,
        unit_label: None,
        purpose: optional("purpose", b.purpose.as_deref(), 200)?,
        arrived_at: (state.clock)(),
        signed_in_by: staff.sub,
        left_at: None,
        signed_out_by: None,
    };
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            row.unit_label = unit_label(conn, row.group_id, row.estate_id, row.unit_id)?;
            desk::insert_visitor(conn, &row)?;
            Ok(row)
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(VisitorView::from(row)))
}

#[post("/api/v1/reception/estates/{estate_id}/visitors/{visitor_id}/sign-out")]
pub async fn sign_out(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, visitor_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let (group, by, now) = (staff.grp, staff.sub, (state.clock)());
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let mut row = desk::lock_visitor(conn, group, estate_id, visitor_id)?
                .ok_or(Error::NotFound("visitor"))?;
            sign_out_visitor(row.left_at)?;
            row.left_at = Some(now);
            row.signed_out_by = Some(by);
            desk::save_visitor(conn, &row)?;
            Ok(row)
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(VisitorView::from(row)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitorsQuery {
    /// true: still on site; false: left.
    pub on_site: Option<bool>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub before: Option<DateTime<Utc>>,
    pub limit: Option<u16>,
}

#[get("/api/v1/reception/estates/{estate_id}/visitors")]
pub async fn list(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    query: web::Query<VisitorsQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let q = query.into_inner();
    let period = PageQuery {
        from: q.from,
        to: q.to,
        before: q.before,
        limit: q.limit,
    }
    .period();
    let (group, on_site, limit) = (staff.grp, q.on_site, period.limit);
    let rows = db::run(&state.pool, move |conn| {
        desk::list_visitors(conn, group, estate_id, on_site, &period).map_err(Error::from)
    })
    .await?;
    let items: Vec<VisitorView> = rows.into_iter().map(VisitorView::from).collect();
    Ok(HttpResponse::Ok().json(Page::new(items, limit, |v| v.arrived_at)))
}
