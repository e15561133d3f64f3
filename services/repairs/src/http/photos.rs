//! Photos of a work order: the problem as reported, the work as finished. Sent as the raw image
//! (JPEG, PNG or WebP, at most 5 MB), kept with the order, read back by the same address.

use crate::db::schema::photos;
use crate::db::work_orders;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use desk_auth::Staff;
use desk_platform::db;
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

pub const MAX_BYTES: usize = 5 * 1024 * 1024;
pub(crate) const TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

/// The first bytes each image type starts with.
pub(crate) fn looks_like(content_type: &str, b: &[u8]) -> bool {
    match content_type {
        "image/jpeg" => b.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/png" => b.starts_with(&[0x89, b'P', b'N', b'G']),
        "image/webp" => b.len() > 12 && &b[0..4] == b"RIFF" && &b[8..12] == b"WEBP",
        _ => false,
    }
}

#[derive(Debug, Serialize, Queryable)]
pub struct PhotoView {
    pub photo_id: Uuid,
    pub content_type: String,
    pub taken_by: Uuid,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

pub async fn upload(
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    let content_type = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if !TYPES.contains(&content_type.as_str()) {
        return Err(Error::Invalid(
            "content-type: image/jpeg, image/png or image/webp".into(),
        ));
    }
    if body.is_empty() || body.len() > MAX_BYTES || !looks_like(&content_type, &body) {
        return Err(Error::Invalid(
            "photo: an image of the declared type, at most 5 MB".into(),
        ));
    }
    let (group, by, now) = (staff.grp, staff.sub, (state.clock)());
    let photo_id = Uuid::now_v7();
    db::run(&state.pool, move |conn| {
        work_orders::find_by_group_estate_work_order(conn, group, estate_id, work_order_id)?
            .ok_or(Error::NotFound("work order"))?;
        diesel::insert_into(photos::table)
            .values((
                photos::group_id.eq(group),
                photos::estate_id.eq(estate_id),
                photos::photo_id.eq(photo_id),
                photos::work_order_id.eq(work_order_id),
                photos::content_type.eq(&content_type),
                photos::bytes.eq(body.to_vec()),
                photos::taken_by.eq(by),
                photos::created_at.eq(now),
            ))
            .execute(conn)?;
        Ok::<_, Error>(())
    })
    .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({ "photo_id": photo_id })))
}

pub async fn list(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let items: Vec<PhotoView> = db::run(&state.pool, move |conn| {
        photos::table
            .filter(photos::group_id.eq(group))
            .filter(photos::estate_id.eq(estate_id))
            .filter(photos::work_order_id.eq(work_order_id))
            .order(photos::created_at.asc())
            .select((
                photos::photo_id,
                photos::content_type,
                photos::taken_by,
                photos::created_at,
            ))
            .load(conn)
            .map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

pub async fn download(
    staff: Staff,
    path: web::Path<(Uuid, Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id, photo_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let (content_type, bytes): (String, Vec<u8>) = db::run(&state.pool, move |conn| {
        photos::table
            .filter(photos::group_id.eq(group))
            .filter(photos::estate_id.eq(estate_id))
            .filter(photos::work_order_id.eq(work_order_id))
            .filter(photos::photo_id.eq(photo_id))
            .select((photos::content_type, photos::bytes))
            .first(conn)
            .optional()?
            .ok_or(Error::NotFound("photo"))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("cache-control", "private, max-age=86400"))
        .insert_header(("x-content-type-options", "nosniff"))
        .body(bytes))
}
