//! 售后未返单汇总表: the week's list of after-sales defects not returned by the developer,
//! frozen when the developer's after-sales lead signs it (with the next repair date agreed for
//! each), and read back as signed.

use super::reports::{Unreturned, unreturned_rows};
use super::work_orders::text;
use crate::db::schema::after_sales_weeks as asw;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use desk_auth::{Role, Staff};
use desk_platform::db;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = asw, check_for_backend(diesel::pg::Pg))]
pub struct WeekRow {
    #[serde(skip)]
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub week_start: NaiveDate,
    pub items: serde_json::Value,
    pub lead_name: String,
    pub signature: Option<String>,
    pub signed_at: DateTime<Utc>,
    pub recorded_by: Uuid,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// The Monday of the week.
    pub week_start: NaiveDate,
    /// The developer's after-sales lead who signs the list (现场售后人员签字认可).
    pub lead_name: String,
    /// The signature, as an image data URL, when given.
    pub signature: Option<String>,
    /// The next repair date agreed for each defect (work order id → date).
    #[serde(default)]
    pub next_repair: HashMap<Uuid, NaiveDate>,
}

#[derive(Debug, Serialize)]
struct Item<'a> {
    #[serde(flatten)]
    defect: &'a Unreturned,
    next_repair: Option<NaiveDate>,
}

/// Freeze the week's unreturned list as the after-sales lead signs it; once per week.
#[post("/api/v1/repairs/estates/{estate_id}/after-sales/weekly-lists")]
pub async fn sign_week(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<SignIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[
        Role::Receptionist,
        Role::Supervisor,
        Role::EstateManager,
        Role::Admin,
    ])?;
    let b = body.into_inner();
    if b.week_start.weekday() != Weekday::Mon {
        return Err(Error::Invalid("week_start: a Monday".into()));
    }
    let lead_name = text("lead_name", &b.lead_name, 50)?;
    let signature = b.signature.filter(|s| !s.is_empty() && s.len() <= 200_000);
    let (group, by, now) = (staff.grp, staff.sub, (state.clock)());
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let defects = unreturned_rows(conn, group, estate_id, now)?;
            let items: Vec<Item<'_>> = defects
                .iter()
                .map(|d| Item {
                    defect: d,
                    next_repair: b.next_repair.get(&d.work_order_id).copied(),
                })
                .collect();
            let row = WeekRow {
                group_id: group,
                estate_id,
                week_start: b.week_start,
                items: serde_json::to_value(&items)
                    .map_err(|e| Error::Invalid(format!("items: {e}")))?,
                lead_name,
                signature,
                signed_at: now,
                recorded_by: by,
            };
            let inserted = diesel::insert_into(asw::table)
                .values(&row)
                .on_conflict_do_nothing()
                .execute(conn)?;
            if inserted == 0 {
                return Err(crate::domain::flow::Refusal {
                    code: "week_already_signed",
                    message: "The week's list is already signed and frozen.",
                }
                .into());
            }
            Ok(row)
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(row))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeeksQuery {
    /// One week (its Monday); the latest twelve when not given.
    pub week_start: Option<NaiveDate>,
}

/// The signed weekly lists, as frozen, newest first.
#[get("/api/v1/repairs/estates/{estate_id}/after-sales/weekly-lists")]
pub async fn weeks(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<WeeksQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let week = q.week_start;
    let items = db::run(&state.pool, move |conn| {
        let mut query = asw::table
            .filter(asw::group_id.eq(group))
            .filter(asw::estate_id.eq(estate_id))
            .into_boxed();
        if let Some(w) = week {
            query = query.filter(asw::week_start.eq(w));
        }
        query
            .order(asw::week_start.desc())
            .limit(12)
            .select(WeekRow::as_select())
            .load(conn)
            .map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}
