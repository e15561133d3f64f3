//! `/api/v1/documents/search?q=…`: one box for a name (or part of it), a unit number, or a
//! phone number (or its last digits), over the caller's estates.

use super::registry::CONTACT_ROLES;
use crate::db::search as queries;
use crate::domain::search::{Query, parse};
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use desk_auth::{EstateScope, Staff};
use desk_platform::{db, mask};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    pub q: String,
    /// Only this estate (it must be in the caller's scope).
    pub estate_id: Option<Uuid>,
    pub limit: Option<u16>,
}

#[derive(Debug, Serialize)]
pub struct Hit {
    pub estate_id: Uuid,
    pub estate_code: String,
    pub unit_id: Uuid,
    pub unit_label: String,
    pub unit_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resident: Option<ResidentHit>,
}

#[derive(Debug, Serialize)]
pub struct ResidentHit {
    pub resident_id: Uuid,
    pub name: String,
    pub relation: String,
    pub phone: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Hits {
    /// How the box was read: "phone", "unit" or "name".
    pub understood_as: &'static str,
    /// The unit label or the phone digits the box read (`3栋2单元1101` → `3-2-1101`,
    /// `+86 138 1234 5678` → `13812345678`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_as: Option<String>,
    pub items: Vec<Hit>,
}

#[get("/api/v1/documents/search")]
pub async fn search(
    staff: Staff,
    query: web::Query<SearchQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let q = query.into_inner();
    let Some(parsed) = parse(&q.q) else {
        return Ok(HttpResponse::Ok().json(Hits {
            understood_as: "nothing",
            read_as: None,
            items: vec![],
        }));
    };
    let scope: Option<Vec<Uuid>> = match (q.estate_id, &staff.scope) {
        (Some(e), _) => {
            staff.require_estate(e)?;
            Some(vec![e])
        }
        (None, EstateScope::Group) => None,
        (None, EstateScope::Estates(ids)) => Some(ids.clone()),
    };
    let (understood_as, read_as) = match &parsed {
        Query::Phone(p) => ("phone", Some(p.ends_with.clone())),
        Query::Unit(u) => ("unit", Some(u.label())),
        Query::Name(_) => ("name", None),
    };
    let limit = i64::from(q.limit.unwrap_or(20).clamp(1, 50));
    let group = staff.grp;
    let rows = db::run(&state.pool, move |conn| {
        queries::search_by_group(conn, group, scope.as_deref(), &parsed, limit).map_err(Error::from)
    })
    .await?;
    let full = staff.has_any_role(&CONTACT_ROLES);
    let items = rows
        .into_iter()
        .map(|h| Hit {
            estate_id: h.estate_id,
            estate_code: h.estate_code,
            unit_id: h.unit_id,
            unit_label: h.unit_label,
            unit_status: h.unit_status,
            resident: match (h.resident_id, h.name, h.relation) {
                (Some(resident_id), Some(name), Some(relation)) => Some(ResidentHit {
                    resident_id,
                    name,
                    relation,
                    phone: h.phone.map(|p| if full { p } else { mask::phone(&p) }),
                }),
                _ => None,
            },
        })
        .collect();
    Ok(HttpResponse::Ok().json(Hits {
        understood_as,
        read_as,
        items,
    }))
}
