//! `/api/v1/auth/staff`: the group's administrators manage staff accounts — who may sign in,
//! with which roles, over which estates.

use crate::db::staff::{self, StaffRow};
use crate::domain::password;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use desk_auth::{EstateScope, Role, Staff};
use desk_platform::{Problem, db};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Serialize)]
pub struct AccountView {
    pub staff_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub scope: EstateScope,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<StaffRow> for AccountView {
    fn from(r: StaffRow) -> Self {
        Self {
            staff_id: r.staff_id,
            username: r.username,
            display_name: r.display_name,
            roles: r.roles,
            scope: if r.scope_all {
                EstateScope::Group
            } else {
                EstateScope::Estates(r.estate_ids)
            },
            active: r.active,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

fn invalid(detail: &str) -> Error {
    Error::Refused(Problem::validation(detail.to_string()))
}

fn check_roles(roles: &[String]) -> Result<Vec<String>, Error> {
    if roles.is_empty() {
        return Err(invalid("roles: at least one role"));
    }
    let mut out = Vec::new();
    for r in roles {
        let role = Role::parse(r).ok_or_else(|| invalid("roles: unknown role"))?;
        if !out.contains(&role.as_str().to_string()) {
            out.push(role.as_str().to_string());
        }
    }
    Ok(out)
}

fn check_scope(all_estates: bool, estates: &[Uuid]) -> Result<(), Error> {
    if !all_estates && estates.is_empty() {
        return Err(invalid(
            "estate_ids: give at least one estate, or all_estates",
        ));
    }
    Ok(())
}

fn check_password(p: &str) -> Result<(), Error> {
    if p.chars().count() < password::MIN_LEN || p.len() > 200 {
        return Err(invalid("password: 8 to 200 characters"));
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub roles: Vec<String>,
    #[serde(default)]
    pub all_estates: bool,
    #[serde(default)]
    pub estate_ids: Vec<Uuid>,
}

#[post("/api/v1/auth/staff")]
pub async fn create(
    admin: Staff,
    body: web::Json<NewAccount>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    admin.require_any_role(&[Role::Admin])?;
    let b = body.into_inner();
    let username = b.username.trim().to_lowercase();
    if username.len() < 2
        || username.len() > 60
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-_@".contains(c))
    {
        return Err(invalid("username: 2 to 60 letters, digits or . - _ @"));
    }
    let display_name = b.display_name.trim().to_string();
    if display_name.is_empty() || display_name.chars().count() > 60 {
        return Err(invalid("display_name: 1 to 60 characters"));
    }
    let roles = check_roles(&b.roles)?;
    check_scope(b.all_estates, &b.estate_ids)?;
    check_password(&b.password)?;
    let hash = tokio::task::spawn_blocking(move || password::hash(&b.password))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?
        .map_err(|e| Error::Internal(e.to_string()))?;
    let now = Utc::now();
    let row = StaffRow {
        group_id: admin.grp,
        staff_id: Uuid::now_v7(),
        username,
        display_name,
        password_hash: hash,
        roles,
        scope_all: b.all_estates,
        estate_ids: if b.all_estates { vec![] } else { b.estate_ids },
        active: true,
        created_at: now,
        updated_at: now,
    };
    let row = db::run(&state.pool, move |conn| {
        if staff::username_taken(conn, &row.username)? {
            return Err(Error::Refused(Problem::conflict(
                "username_taken",
                "Someone already signs in with this username.",
            )));
        }
        staff::insert(conn, &row)?;
        Ok(row)
    })
    .await?;
    tracing::info!(staff_id = %row.staff_id, by = %admin.sub, "Staff account created.");
    Ok(HttpResponse::Created().json(AccountView::from(row)))
}

#[get("/api/v1/auth/staff")]
pub async fn list(admin: Staff, state: web::Data<AppState>) -> Result<HttpResponse, Error> {
    admin.require_any_role(&[Role::Admin])?;
    let group = admin.grp;
    let rows = db::run(&state.pool, move |conn| {
        staff::list_by_group(conn, group).map_err(Error::from)
    })
    .await?;
    let items: Vec<AccountView> = rows.into_iter().map(AccountView::from).collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeAccount {
    pub display_name: Option<String>,
    pub password: Option<String>,
    pub roles: Option<Vec<String>>,
    pub all_estates: Option<bool>,
    pub estate_ids: Option<Vec<Uuid>>,
    pub active: Option<bool>,
}

/// Change an account; a deactivated account can no longer sign in. Tokens already issued
/// run out at their expiry (12 hours at most).
#[patch("/api/v1/auth/staff/{staff_id}")]
pub async fn change(
    admin: Staff,
    staff_id: web::Path<Uuid>,
    body: web::Json<ChangeAccount>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    admin.require_any_role(&[Role::Admin])?;
    let staff_id = staff_id.into_inner();
    let b = body.into_inner();
    if staff_id == admin.sub && b.active == Some(false) {
        return Err(Error::Refused(Problem::conflict(
            "cannot_deactivate_self",
            "You cannot deactivate your own account.",
        )));
    }
    let roles = b.roles.as_deref().map(check_roles).transpose()?;
    let hash = match b.password {
        Some(p) => {
            check_password(&p)?;
            Some(
                tokio::task::spawn_blocking(move || password::hash(&p))
                    .await
                    .map_err(|e| Error::Internal(e.to_string()))?
                    .map_err(|e| Error::Internal(e.to_string()))?,
            )
        }
        None => None,
    };
    let group = admin.grp;
    let row = db::run(&state.pool, move |conn| {
        let mut row = staff::find_by_group_staff(conn, group, staff_id)?
            .ok_or_else(|| Error::Refused(Problem::not_found("staff account")))?;
        if let Some(n) = b.display_name {
            let n = n.trim().to_string();
            if n.is_empty() || n.chars().count() > 60 {
                return Err(invalid("display_name: 1 to 60 characters"));
            }
            row.display_name = n;
        }
        if let Some(h) = hash {
            row.password_hash = h;
        }
        if let Some(r) = roles {
            row.roles = r;
        }
        if let Some(all) = b.all_estates {
            row.scope_all = all;
        }
        if let Some(ids) = b.estate_ids {
            row.estate_ids = ids;
        }
        check_scope(row.scope_all, &row.estate_ids)?;
        if let Some(a) = b.active {
            row.active = a;
        }
        row.updated_at = Utc::now();
        staff::save(conn, &row)?;
        Ok(row)
    })
    .await?;
    Ok(HttpResponse::Ok().json(AccountView::from(row)))
}

#[derive(Debug, Serialize)]
pub struct Colleague {
    pub staff_id: Uuid,
    pub display_name: String,
    pub roles: Vec<String>,
}

/// Who is who in the group, for every member of staff: names and roles only (no usernames),
/// so the desk can say who took an entry or who is on the handover.
#[get("/api/v1/auth/directory")]
pub async fn directory(who: Staff, state: web::Data<AppState>) -> Result<HttpResponse, Error> {
    let group = who.grp;
    let rows = db::run(&state.pool, move |conn| {
        staff::list_by_group(conn, group).map_err(Error::from)
    })
    .await?;
    let items: Vec<Colleague> = rows
        .into_iter()
        .filter(|r| r.active)
        .map(|r| Colleague {
            staff_id: r.staff_id,
            display_name: r.display_name,
            roles: r.roles,
        })
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}
