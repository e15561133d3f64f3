//! The supervisor's side: the follow-up rate against its 60 % floor (001 6.4), the weekly
//! approval of last week's followed-up orders, and after-sales defects tracked against the
//! developer's deadline with the list of those not yet returned (售后未返单汇总).

use super::stats::parse_month;
use crate::db::estate_stats;
use crate::db::trail;
use crate::db::work_orders;
use crate::domain::stats as figures;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use desk_auth::{Role, Staff};
use desk_platform::db;
use diesel::prelude::*;
use diesel::sql_types::{Date, Timestamptz, Uuid as SqlUuid};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const SUPERVISING: [Role; 3] = [Role::Supervisor, Role::EstateManager, Role::Admin];

/// The least share of completed orders that get a follow-up visit (001 6.4).
pub const FOLLOW_UP_FLOOR: f64 = 0.6;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthQuery {
    /// YYYY-MM.
    pub month: String,
}

#[derive(Debug, Serialize)]
pub struct FollowUpRate {
    pub month: String,
    pub completed: i64,
    pub followed_up: i64,
    pub rate: Option<f64>,
    pub floor: f64,
    /// The rate is under the floor: the supervisor must act.
    pub below_floor: bool,
    /// Orders done in the month whose follow-up was late: made after it was due (within seven
    /// days of the estate's day of the repair), or still not made and past due.
    pub late: i64,
}

/// The month's follow-up rate, from the estate's monthly figures: orders done in the month (by
/// completion, or by sign-off for a repair reopened since) and those of them followed up.
#[get("/api/v1/repairs/estates/{estate_id}/follow-up-rate")]
pub async fn follow_up_rate(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<MonthQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let first = parse_month(&q.month)?;
    let group = staff.grp;
    let now = (state.clock)();
    let lines = db::run(&state.pool, move |conn| {
        estate_stats::lines_by_group_estate_month(conn, group, estate_id, first)
            .map_err(Error::from)
    })
    .await?;
    let (done, followed, made_late) = lines
        .iter()
        .find(|l| l.dim == figures::ESTATE)
        .map(|l| {
            (
                i64::from(l.done),
                i64::from(l.done_followed_up),
                l.follow_up_late,
            )
        })
        .unwrap_or((0, 0, 0));
    let waiting = lines
        .iter()
        .filter(|l| l.dim == figures::FOLLOW_UP_DUE)
        .map(|l| (l.key.as_str(), l.awaiting_follow_up));
    let late = i64::from(figures::late_follow_ups(made_late, waiting, now));
    let rate = figures::ratio(followed, done);
    Ok(HttpResponse::Ok().json(FollowUpRate {
        month: q.month.clone(),
        completed: done,
        followed_up: followed,
        below_floor: rate.is_some_and(|r| r < FOLLOW_UP_FLOOR),
        rate,
        floor: FOLLOW_UP_FLOOR,
        late,
    }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekIn {
    /// The Monday the week starts.
    pub week_start: NaiveDate,
}

/// Monday: the supervisor approves the week's followed-up orders, in one go.
#[post("/api/v1/repairs/estates/{estate_id}/weekly-approvals")]
pub async fn approve_week(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<WeekIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&SUPERVISING)?;
    let week = body.week_start;
    if chrono::Datelike::weekday(&week) != chrono::Weekday::Mon {
        return Err(Error::Invalid("week_start: a Monday".into()));
    }
    let (group, by, now) = (staff.grp, staff.sub, (state.clock)());
    let approved = db::run(&state.pool, move |conn| {
        // The week's days on the estate's dates.
        let (from, to) = crate::db::zones::zone_of(conn, group, estate_id)?
            .days_bounds(week, week + Duration::days(6));
        diesel::sql_query(
            "UPDATE repairs.work_orders SET details = details || jsonb_build_object('approved', jsonb_build_object('by', $5::text, 'at', $6::text, 'week', $7::text)) \
             WHERE group_id = $1 AND estate_id = $2 AND details ? 'follow_up' AND NOT details ? 'approved' \
             AND (details->'follow_up'->>'at')::timestamptz >= $3 AND (details->'follow_up'->>'at')::timestamptz < $4",
        )
        .bind::<SqlUuid, _>(group)
        .bind::<SqlUuid, _>(estate_id)
        .bind::<Timestamptz, _>(from)
        .bind::<Timestamptz, _>(to)
        .bind::<diesel::sql_types::Text, _>(by.to_string())
        .bind::<diesel::sql_types::Text, _>(now.to_rfc3339())
        .bind::<Date, _>(week)
        .execute(conn)
        .map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "week_start": week, "approved": approved })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AfterSalesIn {
    /// When the developer's after-sales team must have it fixed.
    pub developer_deadline: DateTime<Utc>,
    /// The return-repair note's number (房屋回修单).
    pub note_no: Option<String>,
}

/// An after-sales defect goes to the developer's team with a deadline.
#[post("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/after-sales")]
pub async fn send_to_developer(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<AfterSalesIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[
        Role::Receptionist,
        Role::Supervisor,
        Role::EstateManager,
        Role::Admin,
    ])?;
    let b = body.into_inner();
    let (group, by, now) = (staff.grp, staff.sub, (state.clock)());
    if b.developer_deadline <= now {
        return Err(Error::Invalid("developer_deadline: in the future".into()));
    }
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let mut row = work_orders::lock_by_group_estate_work_order(conn, group, estate_id, work_order_id)?.ok_or(Error::NotFound("work order"))?;
            if row.kind != "after_sales" {
                return Err(crate::domain::flow::Refusal { code: "not_after_sales", message: "Only after-sales defects go to the developer." }.into());
            }
            if let Some(o) = row.details.as_object_mut() {
                o.insert("developer".into(), serde_json::json!({ "sent_at": now, "deadline": b.developer_deadline, "note_no": b.note_no, "by": by }));
            }
            row.updated_at = now;
            work_orders::save(conn, &row)?;
            trail::record(conn, group, estate_id, work_order_id, now, Some(by), "sent_to_developer", Some(&row.status), Some(&row.status), None)?;
            Ok(row)
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .json(serde_json::json!({ "work_order_id": row.work_order_id, "details": row.details })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnedIn {
    pub result: String,
}

/// The developer's team has returned the defect fixed.
#[post("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/developer-returned")]
pub async fn developer_returned(
    staff: Staff,
    req: actix_web::HttpRequest,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ReturnedIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, work_order_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[
        Role::Receptionist,
        Role::Supervisor,
        Role::EstateManager,
        Role::Admin,
    ])?;
    let result = super::work_orders::text("result", &body.into_inner().result, 2000)?;
    let (group, by, now) = (staff.grp, staff.sub, (state.clock)());
    let correlation_id = desk_platform::http::correlation_id(&req);
    db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let mut row = work_orders::lock_by_group_estate_work_order(
                conn,
                group,
                estate_id,
                work_order_id,
            )?
            .ok_or(Error::NotFound("work order"))?;
            let dev = row
                .details
                .get_mut("developer")
                .and_then(|d| d.as_object_mut())
                .ok_or(crate::domain::flow::Refusal {
                    code: "not_sent_to_developer",
                    message: "The defect was not sent to the developer.",
                })?;
            if dev.contains_key("returned_at") {
                return Err(crate::domain::flow::Refusal {
                    code: "already_returned",
                    message: "The developer has already returned it.",
                }
                .into());
            }
            dev.insert("returned_at".into(), serde_json::json!(now));
            dev.insert("result".into(), serde_json::json!(result));
            // Returned fixed: the order closes, and the desk's entry with it.
            let from = crate::domain::flow::Status::parse(&row.status)
                .unwrap_or(crate::domain::flow::Status::AwaitingDispatch);
            let to = crate::domain::flow::next(from, crate::domain::flow::Step::DeveloperReturned)?;
            row.status = to.as_str().to_string();
            row.closed_at = Some(now);
            row.version += 1;
            row.updated_at = now;
            work_orders::save(conn, &row)?;
            trail::record(
                conn,
                group,
                estate_id,
                work_order_id,
                now,
                Some(by),
                "developer_returned",
                Some(from.as_str()),
                Some(to.as_str()),
                None,
            )?;
            crate::app::orders::announce_closed(conn, &row, correlation_id)?;
            Ok(())
        })
    })
    .await?;
    state.relay_wake.notify_one();
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Serialize, QueryableByName)]
pub struct Unreturned {
    #[diesel(sql_type = SqlUuid)]
    pub work_order_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub order_no: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub unit_label: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub problem: String,
    #[diesel(sql_type = Timestamptz)]
    pub deadline: DateTime<Utc>,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub overdue: bool,
}

/// 售后未返单汇总: after-sales defects sent to the developer and not yet returned, by deadline.
#[get("/api/v1/repairs/estates/{estate_id}/after-sales/unreturned")]
pub async fn unreturned(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let (group, now) = (staff.grp, (state.clock)());
    let items: Vec<Unreturned> = db::run(&state.pool, move |conn| {
        unreturned_rows(conn, group, estate_id, now).map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

/// After-sales defects sent to the developer and not yet returned, by deadline, as of `now`.
pub fn unreturned_rows(
    conn: &mut diesel::PgConnection,
    group: Uuid,
    estate_id: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<Vec<Unreturned>> {
    diesel::sql_query(
        "SELECT work_order_id, order_no, unit_label, problem, (details->'developer'->>'deadline')::timestamptz AS deadline, \
                (details->'developer'->>'deadline')::timestamptz < $3 AS overdue \
         FROM repairs.work_orders WHERE group_id = $1 AND estate_id = $2 AND kind = 'after_sales' \
         AND details ? 'developer' AND NOT (details->'developer') ? 'returned_at' ORDER BY deadline",
    )
    .bind::<SqlUuid, _>(group)
    .bind::<SqlUuid, _>(estate_id)
    .bind::<Timestamptz, _>(now)
    .load(conn)
}

#[derive(Debug, Serialize)]
pub struct StatRow {
    /// "kind" or "technician".
    pub by: String,
    pub key: String,
    pub orders: i64,
    pub completed: i64,
    pub with_appointment: i64,
    pub arrived_on_time: i64,
    pub avg_minutes_to_complete: Option<f64>,
    pub followed_up: i64,
    pub avg_overall: Option<f64>,
    pub revenue_fen: i64,
}

/// One estate's month of orders (taken that month), by kind and by technician: volumes,
/// on-time arrival, time to complete, follow-ups, satisfaction and paid revenue, from the
/// estate's monthly figures.
async fn month_rows(
    state: &web::Data<AppState>,
    group: Uuid,
    estate_id: Uuid,
    month: &str,
) -> Result<Vec<StatRow>, Error> {
    let first = parse_month(month)?;
    let lines = db::run(&state.pool, move |conn| {
        estate_stats::lines_by_group_estate_month(conn, group, estate_id, first)
            .map_err(Error::from)
    })
    .await?;
    Ok(lines
        .into_iter()
        .filter(|l| (l.dim == figures::KIND || l.dim == figures::TECHNICIAN) && l.opened > 0)
        .map(|l| StatRow {
            by: l.dim,
            key: l.key,
            orders: l.opened.into(),
            completed: l.completed.into(),
            with_appointment: l.with_appointment.into(),
            arrived_on_time: l.arrived_on_time.into(),
            avg_minutes_to_complete: (l.completed > 0)
                .then(|| l.completion_ms as f64 / 60_000.0 / f64::from(l.completed)),
            followed_up: l.followed_up.into(),
            avg_overall: (l.rating_count > 0)
                .then(|| f64::from(l.rating_sum) / f64::from(l.rating_count)),
            revenue_fen: l.revenue_fen,
        })
        .collect())
}

#[get("/api/v1/repairs/estates/{estate_id}/stats")]
pub async fn stats(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<MonthQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[Role::Supervisor, Role::EstateManager, Role::Hq, Role::Admin])?;
    let rows = month_rows(&state, staff.grp, estate_id, &q.month).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "month": q.month, "rows": rows })))
}

#[get("/api/v1/repairs/estates/{estate_id}/stats.csv")]
pub async fn stats_csv(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<MonthQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[Role::Supervisor, Role::EstateManager, Role::Hq, Role::Admin])?;
    let rows = month_rows(&state, staff.grp, estate_id, &q.month).await?;
    let mut out = String::from(
        "\u{feff}month,by,key,orders,completed,with_appointment,arrived_on_time,avg_minutes_to_complete,followed_up,avg_overall,revenue_yuan\n",
    );
    for r in rows {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{}.{:02}\n",
            q.month,
            r.by,
            r.key,
            r.orders,
            r.completed,
            r.with_appointment,
            r.arrived_on_time,
            r.avg_minutes_to_complete
                .map(|m| format!("{m:.0}"))
                .unwrap_or_default(),
            r.followed_up,
            r.avg_overall.map(|o| format!("{o:.2}")).unwrap_or_default(),
            r.revenue_fen / 100,
            r.revenue_fen % 100
        ));
    }
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            format!(
                "attachment; filename=\"repairs-{}-{estate_id}.csv\"",
                q.month
            ),
        ))
        .body(out))
}
