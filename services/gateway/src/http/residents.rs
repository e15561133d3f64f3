//! Resident accounts (业主/住户/租户) for the resident portal.
//!
//! The desk creates the account (`POST /api/v1/auth/residents`) after checking in person that
//! the resident lives in or owns the units; the resident then signs in with phone and password
//! (`POST /api/v1/auth/resident/login`) and gets a token that reaches resident endpoints only,
//! for those units only. Phone numbers are never logged and are masked in every answer.

use crate::db::residents::{self, ResidentRow};
use crate::domain::{password, resident};
use crate::error::Error;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use desk_auth::{Resident, Role, Staff, UnitRef};
use desk_platform::{Problem, db, mask};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who may open a resident's account: the desk of the estate, its supervisor, an administrator.
const OPENERS: [Role; 3] = [Role::Receptionist, Role::Supervisor, Role::Admin];

#[derive(Debug, Serialize)]
pub struct ResidentView {
    pub resident_id: Uuid,
    pub group_id: Uuid,
    pub display_name: String,
    /// Masked: `138****5678`.
    pub phone: String,
    pub units: Vec<UnitRef>,
    pub active: bool,
}

impl From<&ResidentRow> for ResidentView {
    fn from(r: &ResidentRow) -> Self {
        Self {
            resident_id: r.resident_id,
            group_id: r.group_id,
            display_name: r.display_name.clone(),
            phone: mask::phone(&r.phone),
            units: resident::units_of(r),
            active: r.active,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitIn {
    pub estate_id: Uuid,
    pub unit_label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewResident {
    pub display_name: String,
    pub phone: String,
    pub password: String,
    pub units: Vec<UnitIn>,
}

fn invalid(detail: &str) -> Error {
    Error::Refused(Problem::validation(detail.to_string()))
}

/// Open a resident's account for their units, all in estates of the member of staff.
#[post("/api/v1/auth/residents")]
pub async fn create(
    staff: Staff,
    body: web::Json<NewResident>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    staff.require_any_role(&OPENERS)?;
    let b = body.into_inner();
    let display_name = b.display_name.trim().to_string();
    if display_name.is_empty() || display_name.chars().count() > 60 {
        return Err(invalid("display_name: 1 to 60 characters"));
    }
    let phone =
        mask::normalise_phone(&b.phone).map_err(|e| invalid(&format!("phone: {}", e.reason())))?;
    let pairs: Vec<(Uuid, String)> = b
        .units
        .into_iter()
        .map(|u| (u.estate_id, u.unit_label))
        .collect();
    let units = resident::check_units(&pairs).map_err(invalid)?;
    for u in &units {
        staff.require_estate(u.estate_id)?;
    }
    if b.password.chars().count() < password::MIN_LEN || b.password.len() > 200 {
        return Err(invalid("password: 8 to 200 characters"));
    }
    let hash = tokio::task::spawn_blocking(move || password::hash(&b.password))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?
        .map_err(|e| Error::Internal(e.to_string()))?;
    let now = Utc::now();
    let row = ResidentRow {
        group_id: staff.grp,
        resident_id: Uuid::now_v7(),
        display_name,
        phone,
        password_hash: hash,
        unit_estate_ids: units.iter().map(|u| u.estate_id).collect(),
        unit_labels: units.iter().map(|u| u.unit_label.clone()).collect(),
        active: true,
        created_by: staff.sub,
        created_at: now,
        updated_at: now,
    };
    let row = db::run(&state.pool, move |conn| {
        if residents::phone_taken(conn, &row.phone)? || !residents::insert(conn, &row)? {
            return Err(Error::Refused(Problem::conflict(
                "phone_taken",
                "A resident already signs in with this phone number.",
            )));
        }
        Ok(row)
    })
    .await?;
    tracing::info!(resident_id = %row.resident_id, by = %staff.sub, units = row.unit_labels.len(), "Resident account opened.");
    Ok(HttpResponse::Created().json(ResidentView::from(&row)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Login {
    pub phone: String,
    pub password: String,
}

#[derive(Debug, Serialize)]
pub struct SignedIn {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub resident: ResidentView,
}

fn wrong() -> Error {
    Error::Refused(Problem::new(
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
        "Wrong phone number or password.",
    ))
}

/// A resident signs in. An unknown number and a wrong password get the same answer in about
/// the same time.
#[post("/api/v1/auth/resident/login")]
pub async fn login(
    body: web::Json<Login>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let Login { phone, password } = body.into_inner();
    if password.len() > 200 {
        return Err(wrong());
    }
    let phone = mask::normalise_phone(&phone).ok();
    let found = match phone {
        Some(p) => {
            db::run(&state.pool, move |conn| {
                residents::find_active_by_phone(conn, &p).map_err(Error::from)
            })
            .await?
        }
        None => None,
    };
    let row = tokio::task::spawn_blocking(move || {
        let stored = found
            .as_ref()
            .map(|r| r.password_hash.as_str())
            .unwrap_or(password::decoy());
        let ok = password::verify(&password, stored);
        found.filter(|_| ok)
    })
    .await
    .map_err(|e| Error::Internal(e.to_string()))?
    .ok_or_else(wrong)?;
    let now = Utc::now();
    let claims = resident::claims_for(&row, now.timestamp(), state.token_ttl_secs);
    let token = state.signer.sign(&claims);
    tracing::info!(resident_id = %row.resident_id, group_id = %row.group_id, "Resident signed in.");
    Ok(HttpResponse::Ok().json(SignedIn {
        token,
        expires_at: DateTime::from_timestamp(claims.exp, 0).unwrap_or(now),
        resident: ResidentView::from(&row),
    }))
}

/// The signed-in resident and their units, as of now (a closed account is refused).
#[get("/api/v1/auth/resident/me")]
pub async fn me(who: Resident, state: web::Data<AppState>) -> Result<HttpResponse, Error> {
    let (group, id) = (who.grp, who.sub);
    let row = db::run(&state.pool, move |conn| {
        residents::find_by_group_resident(conn, group, id).map_err(Error::from)
    })
    .await?
    .filter(|r| r.active)
    .ok_or_else(|| Error::Refused(Problem::unauthenticated()))?;
    Ok(HttpResponse::Ok().json(ResidentView::from(&row)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub estate_id: Uuid,
}

/// The resident accounts with a unit in the estate (phones masked), for the desk.
#[get("/api/v1/auth/residents")]
pub async fn list(
    staff: Staff,
    query: web::Query<ListQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    staff.require_any_role(&OPENERS)?;
    let estate_id = query.estate_id;
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let rows = db::run(&state.pool, move |conn| {
        residents::list_by_group_estate(conn, group, estate_id).map_err(Error::from)
    })
    .await?;
    let items: Vec<ResidentView> = rows.iter().map(ResidentView::from).collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeResident {
    pub display_name: Option<String>,
    pub password: Option<String>,
    /// The whole list of units, replacing the old one (a move, a unit sold).
    pub units: Option<Vec<UnitIn>>,
    /// false closes the account: it can no longer sign in. Tokens already issued run out at
    /// their expiry.
    pub active: Option<bool>,
}

/// Change a resident's account: their units, name or password, or close it when they move out.
/// The member of staff must reach every estate of the account's units, before and after.
#[patch("/api/v1/auth/residents/{resident_id}")]
pub async fn change(
    staff: Staff,
    resident_id: web::Path<Uuid>,
    body: web::Json<ChangeResident>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    staff.require_any_role(&OPENERS)?;
    let resident_id = resident_id.into_inner();
    let b = body.into_inner();
    let display_name = match b.display_name.map(|n| n.trim().to_string()) {
        Some(n) if n.is_empty() || n.chars().count() > 60 => {
            return Err(invalid("display_name: 1 to 60 characters"));
        }
        n => n,
    };
    let units = match b.units {
        Some(u) => {
            let pairs: Vec<(Uuid, String)> =
                u.into_iter().map(|u| (u.estate_id, u.unit_label)).collect();
            let units = resident::check_units(&pairs).map_err(invalid)?;
            for u in &units {
                staff.require_estate(u.estate_id)?;
            }
            Some(units)
        }
        None => None,
    };
    let hash = match b.password {
        Some(p) => {
            if p.chars().count() < password::MIN_LEN || p.len() > 200 {
                return Err(invalid("password: 8 to 200 characters"));
            }
            Some(
                tokio::task::spawn_blocking(move || password::hash(&p))
                    .await
                    .map_err(|e| Error::Internal(e.to_string()))?
                    .map_err(|e| Error::Internal(e.to_string()))?,
            )
        }
        None => None,
    };
    let who = staff.clone();
    let row = db::run(&state.pool, move |conn| {
        let mut row = residents::find_by_group_resident(conn, who.grp, resident_id)?
            .filter(|r| r.unit_estate_ids.iter().all(|e| who.reaches_estate(*e)))
            .ok_or_else(|| Error::Refused(Problem::not_found("resident account")))?;
        if let Some(n) = display_name {
            row.display_name = n;
        }
        if let Some(h) = hash {
            row.password_hash = h;
        }
        if let Some(u) = units {
            row.unit_estate_ids = u.iter().map(|u| u.estate_id).collect();
            row.unit_labels = u.into_iter().map(|u| u.unit_label).collect();
        }
        if let Some(a) = b.active {
            row.active = a;
        }
        row.updated_at = Utc::now();
        residents::save(conn, &row)?;
        Ok::<_, Error>(row)
    })
    .await?;
    tracing::info!(resident_id = %row.resident_id, by = %staff.sub, active = row.active, "Resident account changed.");
    Ok(HttpResponse::Ok().json(ResidentView::from(&row)))
}
