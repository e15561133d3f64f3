//! `/api/v1/reception/estates/{estate_id}/callers?phone=…`: who is calling, before the desk
//! answers (screen pop): the residents with that number, their units, and what is open for them,
//! with the estate's greeting.

use super::intakes::{CALLBACK_ROLES, IntakeView};
use crate::db::intakes::{self, ListFilter, View};
use crate::db::registry;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use desk_auth::Staff;
use desk_platform::db;
use desk_platform::mask::normalise_phone;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallerQuery {
    pub phone: String,
}

#[derive(Debug, Serialize)]
pub struct Known {
    pub resident_id: Uuid,
    pub name: String,
    pub relation: String,
    pub unit_id: Uuid,
    pub unit_label: Option<String>,
    pub open_items: Vec<IntakeView>,
}

#[derive(Debug, Serialize)]
pub struct Lookup {
    /// "您好,XX服务中心…": what the desk answers with.
    pub greeting: Option<String>,
    pub residents: Vec<Known>,
}

#[get("/api/v1/reception/estates/{estate_id}/callers")]
pub async fn lookup(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    query: web::Query<CallerQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&CALLBACK_ROLES)?;
    let phone = normalise_phone(&query.phone)
        .map_err(|e| Error::Invalid(format!("phone: {}", e.reason())))?;
    let group = staff.grp;
    let now = (state.clock)();
    let out = db::run(&state.pool, move |conn| {
        let estate = registry::find_estate(conn, group, estate_id)?;
        // Stored numbers are normalised; try the number as given and with or without +86.
        let mut candidates = vec![phone.clone()];
        if let Some(local) = phone.strip_prefix("+86") {
            candidates.push(local.to_string());
        } else if phone.len() == 11 {
            candidates.push(format!("+86{phone}"));
        }
        let mut residents = Vec::new();
        for c in candidates {
            residents.extend(registry::residents_by_phone(
                conn,
                group,
                Some(&[estate_id]),
                &c,
            )?);
        }
        let mut known = Vec::new();
        for r in residents {
            let unit = registry::find_unit(conn, group, estate_id, r.unit_id)?;
            let filter = ListFilter {
                view: View::Open,
                status: None,
                category: None,
                unit_id: Some(r.unit_id),
                resident_id: None,
                taken_by: None,
                owner_id: None,
                from: None,
                to: None,
                before: None,
                limit: 20,
                now,
                zone: super::common::zone(conn, group, estate_id)?,
            };
            let (pinned, rest) = intakes::list_by_group_estate(conn, group, estate_id, &filter)?;
            let open = pinned.into_iter().chain(rest).collect();
            known.push(Known {
                resident_id: r.resident_id,
                name: r.name,
                relation: r.relation,
                unit_id: r.unit_id,
                unit_label: unit.map(|u| u.label),
                open_items: super::intakes::views(conn, open, true, now)?,
            });
        }
        Ok::<_, Error>(Lookup {
            greeting: estate.map(|e| {
                e.greeting
                    .unwrap_or_else(|| format!("您好,{}", e.service_centre_name))
            }),
            residents: known,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
