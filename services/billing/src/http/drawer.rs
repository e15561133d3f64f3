//! `/api/v1/billing/estates/{estate_id}/cash-sessions`: the cashier opens the drawer (its
//! hand-over deadline is fixed then), takes the day's payments into it, closes it with the count
//! per method (the difference is recorded), and hands the takings to finance, who confirms what
//! it received; a drawer not handed over by its deadline reads as late from that instant.

use crate::db::calendar::zone_by_group_estate;
use crate::db::drawer::{self, SessionRow};
use crate::domain::drawer::{self as rules, HandOver, Refusal, difference, hand_over_due};
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, put, web};
use desk_auth::{Role, Staff};
use desk_platform::db;
use diesel::Connection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Self {
        Error::Rule(r.code, r.title)
    }
}

/// A drawer as the desk and finance read it: `late` is true once its deadline passed without a
/// hand-over (or the hand-over came after it), evaluated at the time of reading.
#[derive(Debug, Serialize)]
pub struct SessionView {
    #[serde(flatten)]
    pub row: SessionRow,
    pub late: bool,
}

/// The deadline of a drawer: fixed at opening; for a drawer opened before that was so, the one
/// its opening time gives.
fn due_of(
    conn: &mut diesel::PgConnection,
    s: &SessionRow,
) -> Result<chrono::DateTime<chrono::Utc>, Error> {
    Ok(match s.hand_over_due {
        Some(d) => d,
        None => hand_over_due(
            s.opened_at,
            &drawer::calendar(conn, s.group_id, s.estate_id)?,
            zone_by_group_estate(conn, s.group_id, s.estate_id)?,
        ),
    })
}

fn view(
    conn: &mut diesel::PgConnection,
    mut s: SessionRow,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<SessionView, Error> {
    let due = due_of(conn, &s)?;
    s.hand_over_due = Some(due);
    let late = rules::late(due, s.handed_over_at, now);
    Ok(SessionView { row: s, late })
}

/// The drawer `s` may take or pay out money `at` only while that money is owed at its own
/// deadline: a drawer never carries takings across days.
pub fn same_takings_day(
    conn: &mut diesel::PgConnection,
    s: &SessionRow,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), Error> {
    let due = due_of(conn, s)?;
    let calendar = drawer::calendar(conn, s.group_id, s.estate_id)?;
    let zone = zone_by_group_estate(conn, s.group_id, s.estate_id)?;
    if rules::takes_at(due, at, &calendar, zone) {
        Ok(())
    } else {
        Err(rules::PAST_HAND_OVER.into())
    }
}

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
    let now = (state.clock)();
    let mut row = SessionRow {
        group_id: staff.grp,
        estate_id,
        session_id: Uuid::now_v7(),
        cashier: staff.sub,
        opened_at: now,
        opening_float_fen: body.opening_float_fen,
        closed_at: None,
        expected: None,
        counted: None,
        difference_fen: None,
        handed_over_at: None,
        hand_over_due: None,
        handed_over_late: None,
        handed_over_by: None,
        confirmed_by: None,
        confirmed_at: None,
        resolution: None,
        resolution_note: None,
    };
    let saved = db::run(&state.pool, move |conn| {
        // The day's takings are owed at finance by this deadline, whatever the drawer does.
        let calendar = drawer::calendar(conn, row.group_id, row.estate_id)?;
        let zone = zone_by_group_estate(conn, row.group_id, row.estate_id)?;
        row.hand_over_due = Some(hand_over_due(now, &calendar, zone));
        if drawer::open(conn, &row)? {
            view(conn, row, now)
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
    let now = (state.clock)();
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
            s.difference_fen = Some(difference(&expected, &counted));
            s.expected = Some(serde_json::to_value(&expected).unwrap_or_default());
            s.counted = Some(serde_json::to_value(&counted).unwrap_or_default());
            s.closed_at = Some(now);
            // The deadline stays the one fixed at opening: closing late does not move it.
            s.hand_over_due = Some(due_of(conn, &s)?);
            drawer::save(conn, &s)?;
            view(conn, s, now)
        })
    })
    .await?;
    if row.row.difference_fen.is_some_and(|d| d != 0) {
        tracing::warn!(session_id = %row.row.session_id, %estate_id, difference_fen = row.row.difference_fen, "Cash drawer closed with a difference.");
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
    let (group, me) = (staff.grp, staff.sub);
    let now = (state.clock)();
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
            let due = due_of(conn, &s)?;
            s.hand_over_due = Some(due);
            s.handed_over_at = Some(now);
            s.handed_over_by = Some(me);
            s.handed_over_late = Some(rules::late(due, Some(now), now));
            drawer::save(conn, &s)?;
            view(conn, s, now)
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(row))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmIn {
    /// For a drawer that was over or short: `settled` (the difference was paid in or out) or
    /// `explained` (with the explanation in `note`).
    pub resolution: Option<String>,
    pub note: Option<String>,
}

/// Finance confirms the hand-over it received: another person than the cashier; a difference
/// is settled or explained.
#[post("/api/v1/billing/estates/{estate_id}/cash-sessions/{session_id}/confirm")]
pub async fn confirm(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ConfirmIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, session_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&FINANCE_ROLES)?;
    let b = body.into_inner();
    if b.resolution
        .as_deref()
        .is_some_and(|r| !rules::RESOLUTIONS.contains(&r))
    {
        return Err(Error::Invalid("resolution: settled or explained".into()));
    }
    let note = b
        .note
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > 500) {
        return Err(Error::Invalid("note: at most 500 characters".into()));
    }
    let (group, me) = (staff.grp, staff.sub);
    let now = (state.clock)();
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let mut s = drawer::lock(conn, group, estate_id, session_id)?
                .ok_or(Error::NotFound("cash session"))?;
            rules::confirm(
                &HandOver {
                    cashier: s.cashier,
                    handed_over_by: s.handed_over_by,
                    handed_over: s.handed_over_at.is_some(),
                    confirmed: s.confirmed_at.is_some(),
                    difference_fen: s.difference_fen.unwrap_or(0),
                },
                me,
                b.resolution.as_deref(),
                note.as_deref(),
            )?;
            s.confirmed_by = Some(me);
            s.confirmed_at = Some(now);
            if s.difference_fen.unwrap_or(0) != 0 {
                s.resolution = b.resolution;
                s.resolution_note = note;
            }
            drawer::save(conn, &s)?;
            view(conn, s, now)
        })
    })
    .await?;
    tracing::info!(%session_id, %estate_id, "Hand-over confirmed by finance.");
    Ok(HttpResponse::Ok().json(row))
}

/// Who confirms a hand-over for finance.
pub const FINANCE_ROLES: [Role; 4] = [Role::Supervisor, Role::EstateManager, Role::Hq, Role::Admin];

/// Every drawer of the estate whose takings are owed at finance and late now, oldest deadline
/// first: the flag needs nobody to act, it is read from the clock.
#[get("/api/v1/billing/estates/{estate_id}/cash-sessions/late")]
pub async fn late_drawers(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[
        Role::Supervisor,
        Role::EstateManager,
        Role::Cashier,
        Role::Hq,
        Role::Admin,
    ])?;
    let group = staff.grp;
    let now = (state.clock)();
    let items = db::run(&state.pool, move |conn| {
        let mut out = Vec::new();
        for s in drawer::owed_before(conn, group, estate_id, now)? {
            let v = view(conn, s, now)?;
            if v.late {
                out.push(v);
            }
        }
        Ok::<_, Error>(out)
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
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
    let now = (state.clock)();
    let (s, takings) = db::run(&state.pool, move |conn| {
        let s = drawer::current_of_cashier(conn, group, estate_id, me)?
            .ok_or(Error::NotFound("open cash drawer"))?;
        let t = drawer::takings_by_method(conn, group, estate_id, s.session_id)?;
        Ok::<_, Error>((view(conn, s, now)?, t))
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
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&[
        Role::Supervisor,
        Role::EstateManager,
        Role::Cashier,
        Role::Admin,
    ])?;
    let now = (state.clock)();
    let group = staff.grp;
    let (day, rows) = db::run(&state.pool, move |conn| {
        let zone = zone_by_group_estate(conn, group, estate_id)?;
        let day = q.day.unwrap_or_else(|| zone.date(now));
        let (from, to) = zone.day_bounds(day);
        let rows = drawer::sessions_between(conn, group, estate_id, from, to)?
            .into_iter()
            .map(|s| view(conn, s, now))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok::<_, Error>((day, rows))
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
    let now = (state.clock)();
    let saved = cal.clone();
    db::run(&state.pool, move |conn| {
        drawer::save_calendar(conn, group, estate_id, &cal, me, now).map_err(Error::from)
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
