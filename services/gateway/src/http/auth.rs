//! `/api/v1/auth/login` and `/api/v1/auth/me`.

use crate::db::staff;
use crate::domain::{password, token};
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use desk_auth::{EstateScope, Role, Staff};
use desk_platform::db;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Login {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize)]
pub struct SignedIn {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub staff: StaffView,
}

#[derive(Debug, Serialize)]
pub struct StaffView {
    pub staff_id: Uuid,
    pub group_id: Uuid,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub scope: EstateScope,
}

/// Sign in. A wrong username and a wrong password get the same answer in about the same time.
#[post("/api/v1/auth/login")]
pub async fn login(
    body: web::Json<Login>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let Login { username, password } = body.into_inner();
    if username.len() > 100 || password.len() > 200 {
        return Err(Error::InvalidCredentials);
    }
    let found = db::run(&state.pool, move |conn| {
        staff::find_active_by_username(conn, username.trim()).map_err(Error::from)
    })
    .await?;
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
    .ok_or(Error::InvalidCredentials)?;
    let now = Utc::now();
    let claims = token::claims_for(&row, now.timestamp(), state.token_ttl_secs);
    let token = state.signer.sign(&claims);
    tracing::info!(staff_id = %row.staff_id, group_id = %row.group_id, "Staff signed in.");
    Ok(HttpResponse::Ok().json(SignedIn {
        token,
        expires_at: DateTime::from_timestamp(claims.exp, 0).unwrap_or(now),
        staff: StaffView {
            staff_id: row.staff_id,
            group_id: row.group_id,
            display_name: row.display_name,
            roles: claims.roles,
            scope: claims.scope,
        },
    }))
}

/// Who the token belongs to, as of now (a deactivated account is refused).
#[get("/api/v1/auth/me")]
pub async fn me(who: Staff, state: web::Data<AppState>) -> Result<HttpResponse, Error> {
    let (group, id) = (who.grp, who.sub);
    let row = db::run(&state.pool, move |conn| {
        staff::find_by_group_staff(conn, group, id).map_err(Error::from)
    })
    .await?
    .filter(|r| r.active)
    .ok_or_else(|| Error::Refused(desk_platform::Problem::unauthenticated()))?;
    Ok(HttpResponse::Ok().json(StaffView {
        staff_id: row.staff_id,
        group_id: row.group_id,
        display_name: row.display_name,
        roles: who.roles.clone(),
        scope: who.scope.clone(),
    }))
}
