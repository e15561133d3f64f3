//! `/api/v1/reception/estates/{estate_id}/records/{kind}`: lost property (失物招领), pets
//! (豢养宠物登记) and major incidents (重大事件记录: serious security events, major equipment
//! failures, official visits).

use super::common::{Page, PageQuery, required, unit_label};
use super::intakes::DESK_ROLES;
use crate::db::desk::{self, RecordRow};
use crate::domain::desk::record_statuses;
use crate::domain::intake::Refusal;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use desk_auth::Staff;
use desk_platform::db;
use diesel::Connection;
use serde::Deserialize;
use uuid::Uuid;

/// The address's kind → the stored kind.
fn kind(path_kind: &str) -> Result<&'static str, Error> {
    match path_kind {
        "lost-property" => Ok("lost_property"),
        "pets" => Ok("pet"),
        "incidents" => Ok("incident"),
        _ => Err(Error::NotFound("kind of record")),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordIn {
    pub title: String,
    /// What the kind needs: where an item was found, a pet's species and vaccination number,
    /// an incident's kind and the actions taken.
    #[serde(default)]
    pub details: serde_json::Map<String, serde_json::Value>,
    pub unit_id: Option<Uuid>,
    /// When it happened (found, registered, occurred); now by default.
    pub occurred_at: Option<DateTime<Utc>>,
}

#[post("/api/v1/reception/estates/{estate_id}/records/{kind}")]
pub async fn create(
    staff: Staff,
    path: web::Path<(Uuid, String)>,
    body: web::Json<RecordIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, path_kind) = path.into_inner();
    let kind = kind(&path_kind)?;
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let b = body.into_inner();
    if serde_json::to_string(&b.details)
        .map(|s| s.len())
        .unwrap_or(0)
        > 8_000
    {
        return Err(Error::Invalid("details: at most 8000 characters".into()));
    }
    let now = (state.clock)();
    let row = RecordRow {
        group_id: staff.grp,
        estate_id,
        record_id: Uuid::now_v7(),
        kind: kind.to_string(),
        title: required("title", &b.title, 200)?,
        details: serde_json::Value::Object(b.details),
        status: record_statuses(kind)
            .map(|s| s[0])
            .unwrap_or("open")
            .to_string(),
        unit_id: b.unit_id,
        occurred_at: b.occurred_at.unwrap_or(now),
        created_by: staff.sub,
        created_at: now,
        updated_by: None,
        updated_at: now,
    };
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            unit_label(conn, row.group_id, row.estate_id, row.unit_id)?;
            desk::insert_record(conn, &row)?;
            Ok(row)
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(row))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusIn {
    pub status: String,
    /// Who claimed it, what was done: kept in the record's details under "history".
    pub note: Option<String>,
}

#[post("/api/v1/reception/estates/{estate_id}/records/{kind}/{record_id}/status")]
pub async fn set_status(
    staff: Staff,
    path: web::Path<(Uuid, String, Uuid)>,
    body: web::Json<StatusIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, path_kind, record_id) = path.into_inner();
    let kind = kind(&path_kind)?;
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let b = body.into_inner();
    let allowed = record_statuses(kind).unwrap_or(&[]);
    if !allowed.contains(&b.status.as_str()) {
        return Err(Error::Invalid(format!(
            "status: must be one of {}",
            allowed.join(", ")
        )));
    }
    let note = super::common::optional("note", b.note.as_deref(), 500)?;
    let (group, by, now) = (staff.grp, staff.sub, (state.clock)());
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let mut row = desk::lock_record(conn, group, estate_id, record_id)?.filter(|r| r.kind == kind).ok_or(Error::NotFound("record"))?;
            if row.status == b.status {
                return Err(Refusal { code: "status_unchanged", message: "The record already has this status." }.into());
            }
            if let serde_json::Value::Object(details) = &mut row.details {
                let history = details.entry("history").or_insert_with(|| serde_json::Value::Array(vec![]));
                if let serde_json::Value::Array(h) = history {
                    h.push(serde_json::json!({ "from": row.status, "to": b.status, "by": by, "at": now, "note": note }));
                }
            }
            row.status = b.status;
            row.updated_by = Some(by);
            row.updated_at = now;
            desk::save_record(conn, &row)?;
            Ok(row)
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(row))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordsQuery {
    pub status: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub before: Option<DateTime<Utc>>,
    pub limit: Option<u16>,
}

#[get("/api/v1/reception/estates/{estate_id}/records/{kind}")]
pub async fn list(
    staff: Staff,
    path: web::Path<(Uuid, String)>,
    query: web::Query<RecordsQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, path_kind) = path.into_inner();
    let kind = kind(&path_kind)?;
    staff.require_estate(estate_id)?;
    let q = query.into_inner();
    let period = PageQuery {
        from: q.from,
        to: q.to,
        before: q.before,
        limit: q.limit,
    }
    .period();
    let (group, limit) = (staff.grp, period.limit);
    let rows = db::run(&state.pool, move |conn| {
        desk::list_records(conn, group, estate_id, kind, q.status.as_deref(), &period)
            .map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(Page::new(rows, limit, |r| r.occurred_at)))
}
