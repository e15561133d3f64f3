//! `/api/v1/billing/estates/{estate_id}/cash-sessions`: the cashier opens the drawer, takes
//! payments into it, closes it with the count per method (the difference is recorded), and
//! hands the takings to finance; a late hand-over is flagged.

use crate::db::drawer::{self, SessionRow};
use crate::domain::drawer::{difference, hand_over_due};
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, put, web};
use desk_auth::{Role, Staff};
use desk_platform::db;
use diesel::Connection;
use serde::Deserialize;
use std::collections::BTreeMap;
use uuid::Uuid;

pub const DRAWER_ROLES: [Role; 4] = [
    Role::Cashier,
    Role::Receptionist,
    Role::Supervisor,
    Role::Admin,
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenIn {
    /// Change in the drawer at opening, in fen.
    #[serde(default)]
    pub opening_float_fen: i64,
}

#[post("/api/v1/billing/estates/{estate_id}/cash-sessions")]
pub async fn open(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<OpenIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DRAWER_ROLES)?;
    if body.opening_float_fen < 0 {
        return Err(Error::Invalid("opening_float_fen: not negative".into()));
    }
    let row = SessionRow {
        group_id: staff.grp,
        estate_id,
        session_id: Uuid::now_v7(),
        cashier: staff.sub,
        opened_at: chrono::Utc::now(),
        opening_float_fen: body.opening_float_fen,
        closed_at: None,
        expected: None,
        counted: None,
        difference_fen: None,
        handed_over_at: None,
        hand_over_due: None,
        handed_over_late: None,
    };
    let saved = row.clone();
    db::run(&state.pool, move |conn| {
        if drawer::open(conn, &row)? {
            Ok(())
        } else {
            Err(Error::Rule(
                "drawer_already_open",
                "Your drawer is already open; close it first.",
            ))
        }
    })
    .await?;
    Ok(HttpResponse::Created().json(saved))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseIn {
    /// What was counted, per method (cash counted in the drawer, the others from the terminals), in fen.
    pub counted: BTreeMap<String, i64>,
}

#[post("/api/v1/billing/estates/{estate_id}/cash-sessions/{session_id}/close")]
pub async fn close(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<CloseIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, session_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DRAWER_ROLES)?;
    let counted = body.into_inner().counted;
    if counted.values().any(|v| *v < 0) {
        return Err(Error::Invalid("counted: not negative".into()));
    }
    let (group, me) = (staff.grp, staff.sub);
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let mut s = drawer::lock(conn, group, estate_id, session_id)?
                .ok_or(Error::NotFound("cash session"))?;
            if s.cashier != me {
                return Err(Error::Rule(
                    "not_your_drawer",
                    "Only the cashier who opened the drawer closes it.",
                ));
            }
            if s.closed_at.is_some() {
                return Err(Error::Rule(
                    "drawer_closed",
                    "The drawer is already closed.",
                ));
            }
            let mut expected: BTreeMap<String, i64> =
                drawer::takings_by_method(conn, group, estate_id, session_id)?
                    .into_iter()
                    .collect();
            *expected.entry("cash".into()).or_insert(0) += s.opening_float_fen;
            let now = chrono::Utc::now();
            s.difference_fen = Some(difference(&expected, &counted));
            s.expected = Some(serde_json::to_value(&expected).unwrap_or_default());
            s.counted = Some(serde_json::to_value(&counted).unwrap_or_default());
            s.closed_at = Some(now);
            let calendar = drawer::calendar(conn, group, estate_id)?;
            s.hand_over_due = Some(hand_over_due(now, &calendar));
            drawer::save(conn, &s)?;
            Ok(s)
        })
    })
    .await?;
    if row.difference_fen.is_some_and(|d| d != 0) {
        tracing::warn!(session_id = %row.session_id, %estate_id, difference_fen = row.difference_fen, "Cash drawer closed with a difference.");
    }
    Ok(HttpResponse::Ok().json(row))
}

/// The takings are handed to finance; late when after the due time.
#[post("/api/v1/billing/estates/{estate_id}/cash-sessions/{session_id}/hand-over")]
pub async fn hand_over(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, session_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DRAWER_ROLES)?;
    let group = staff.grp;
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let mut s = drawer::lock(conn, group, estate_id, session_id)?
                .ok_or(Error::NotFound("cash session"))?;
            if s.closed_at.is_none() {
                return Err(Error::Rule(
                    "drawer_open",
                    "Close the drawer and count it first.",
                ));
            }
            if s.handed_over_at.is_some() {
                return Err(Error::Rule(
                    "already_handed_over",
                    "The takings were already handed over.",
                ));
            }
            let now = chrono::Utc::now();
            s.handed_over_at = Some(now);
            s.handed_over_late = Some(s.hand_over_due.is_some_and(|d| now > d));
            drawer::save(conn, &s)?;
            Ok(s)
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(row))
}

/// The caller's open drawer at the estate, if any.
#[get("/api/v1/billing/estates/{estate_id}/cash-sessions/current")]
pub async fn current(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DRAWER_ROLES)?;
    let (group, me) = (staff.grp, staff.sub);
    let (s, takings) = db::run(&state.pool, move |conn| {
        let s = drawer::current_of_cashier(conn, group, estate_id, me)?
            .ok_or(Error::NotFound("open cash drawer"))?;
        let t = drawer::takings_by_method(conn, group, estate_id, s.session_id)?;
        Ok::<_, Error>((s, t))
    })
    .await?;
    let takings: BTreeMap<String, i64> = takings.into_iter().collect();
    let mut v = serde_json::to_value(&s).unwrap_or_default();
    v["takings"] = serde_json::to_value(&takings).unwrap_or_default();
    Ok(HttpResponse::Ok().json(v))
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayQuery {
    /// YYYY-MM-DD, Beijing time; today when absent.
    pub day: Option<chrono::NaiveDate>,
}

/// The estate's drawers of a day, for the supervisor: who counted what, differences, late
/// hand-overs.
#[get("/api/v1/billing/estates/{estate_id}/cash-sessions")]
pub async fn of_day(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<DayQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    use crate::domain::calendar::{day_start, local_day};
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[
        Role::Supervisor,
        Role::EstateManager,
        Role::Cashier,
        Role::Admin,
    ])?;
    let day = q.day.unwrap_or_else(|| local_day(chrono::Utc::now()));
    let group = staff.grp;
    let rows = db::run(&state.pool, move |conn| {
        drawer::sessions_between(
            conn,
            group,
            estate_id,
            day_start(day),
            day_start(day) + chrono::Duration::days(1),
        )
        .map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "day": day, "items": rows })))
}

#[derive(Debug, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarIn {
    pub holidays: Vec<chrono::NaiveDate>,
    #[serde(default)]
    pub make_up_days: Vec<chrono::NaiveDate>,
}

/// Finance's calendar for the estate: holidays and make-up working days (调休).
#[put("/api/v1/billing/estates/{estate_id}/calendar")]
pub async fn put_calendar(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<CalendarIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[Role::EstateManager, Role::Admin])?;
    let b = body.into_inner();
    if b.holidays.len() > 400 || b.make_up_days.len() > 100 {
        return Err(Error::Invalid(
            "holidays: at most 400 days; make_up_days: 100".into(),
        ));
    }
    let cal = crate::domain::calendar::WorkingDays {
        holidays: b.holidays,
        make_up_days: b.make_up_days,
    };
    let (group, me) = (staff.grp, staff.sub);
    let saved = cal.clone();
    db::run(&state.pool, move |conn| {
        drawer::save_calendar(conn, group, estate_id, &cal, me).map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(CalendarIn {
        holidays: saved.holidays,
        make_up_days: saved.make_up_days,
    }))
}

#[get("/api/v1/billing/estates/{estate_id}/calendar")]
pub async fn get_calendar(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let cal = db::run(&state.pool, move |conn| {
        drawer::calendar(conn, group, estate_id).map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(CalendarIn {
        holidays: cal.holidays,
        make_up_days: cal.make_up_days,
    }))
}
