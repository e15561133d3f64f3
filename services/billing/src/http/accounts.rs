//! `/api/v1/billing/estates/{estate_id}/accounts`: each unit's account and balance.

use crate::db::accounts;
use crate::domain::money::yuan;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use desk_auth::{Role, Staff};
use desk_platform::db;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const MONEY_ROLES: [Role; 5] = [
    Role::Cashier,
    Role::Supervisor,
    Role::EstateManager,
    Role::Hq,
    Role::Admin,
];

#[derive(Debug, Serialize)]
pub struct AccountView {
    pub unit_id: Uuid,
    pub unit_label: String,
    pub area_m2: String,
    pub balance_fen: i64,
    pub balance_yuan: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub after: Option<String>,
    pub limit: Option<u16>,
}

#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
}

#[get("/api/v1/billing/estates/{estate_id}/accounts")]
pub async fn list(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    query: web::Query<ListQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&MONEY_ROLES)?;
    let q = query.into_inner();
    let limit = i64::from(q.limit.unwrap_or(100).clamp(1, 500));
    let group = staff.grp;
    let rows = db::run(&state.pool, move |conn| {
        accounts::list_by_group_estate(conn, group, estate_id, q.after.as_deref(), limit)
            .map_err(Error::from)
    })
    .await?;
    let items = rows
        .into_iter()
        .map(|a| AccountView {
            unit_id: a.unit_id,
            unit_label: a.unit_label,
            area_m2: format!("{}.{:02}", a.area_centi_m2 / 100, a.area_centi_m2 % 100),
            balance_fen: a.balance_fen,
            balance_yuan: yuan(a.balance_fen),
        })
        .collect();
    Ok(HttpResponse::Ok().json(Page { items }))
}
