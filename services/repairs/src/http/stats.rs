//! `GET /api/v1/repairs/stats`: every estate's month for head office, one row per estate, read
//! from the monthly figures kept as orders move (`db::estate_stats`): orders taken, on-time
//! arrivals, follow-ups and the late ones, satisfaction, the follow-up rate against its floor,
//! paid revenue.

use super::reports::FOLLOW_UP_FLOOR;
use crate::db::estate_stats::{self, StatsRow};
use crate::domain::stats::{late_follow_ups, ratio};
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use chrono::{Months, NaiveDate};
use desk_auth::{EstateScope, Role, Staff};
use desk_platform::db;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who reads the estates' figures side by side: head office and administrators for the whole
/// group, estate managers for their own estates.
const READERS: [Role; 3] = [Role::Hq, Role::Admin, Role::EstateManager];

/// The first day of `YYYY-MM`.
pub fn parse_month(month: &str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map_err(|_| Error::Invalid("month: YYYY-MM".into()))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupQuery {
    /// YYYY-MM: the month (the last one, with `months`).
    pub month: String,
    /// How many months up to `month` (1 to 12; 1 by default): an estate's trend.
    pub months: Option<u32>,
    /// Only this estate.
    pub estate_id: Option<Uuid>,
}

#[derive(Debug, Serialize)]
pub struct Rates {
    /// Work started by the end of the agreed window / orders with an appointment.
    pub on_time: Option<f64>,
    /// Done orders followed up / done orders, in the month they were done (001 6.4).
    pub follow_up: Option<f64>,
    /// Rated 3 or better / followed up.
    pub satisfaction: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct EstateMonth {
    pub estate_id: Uuid,
    /// YYYY-MM.
    pub month: String,
    pub opened: i32,
    pub completed: i32,
    pub with_appointment: i32,
    pub arrived_on_time: i32,
    pub followed_up: i32,
    pub satisfied: i32,
    pub avg_overall: Option<f64>,
    pub avg_minutes_to_complete: Option<f64>,
    pub revenue_fen: i64,
    /// Orders done in the month, and of those followed up.
    pub done: i32,
    pub done_followed_up: i32,
    /// Orders done in the month whose follow-up was late: made after the week it was due in,
    /// or not made and past due now.
    pub follow_up_late: i32,
    pub rates: Rates,
    pub below_follow_up_floor: bool,
}

impl From<StatsRow> for EstateMonth {
    fn from(r: StatsRow) -> Self {
        let follow_up = ratio(r.done_followed_up.into(), r.done.into());
        EstateMonth {
            estate_id: r.estate_id,
            month: r.month.format("%Y-%m").to_string(),
            rates: Rates {
                on_time: ratio(r.arrived_on_time.into(), r.with_appointment.into()),
                follow_up,
                satisfaction: ratio(r.satisfied.into(), r.followed_up.into()),
            },
            below_follow_up_floor: follow_up.is_some_and(|f| f < FOLLOW_UP_FLOOR),
            opened: r.opened,
            completed: r.completed,
            with_appointment: r.with_appointment,
            arrived_on_time: r.arrived_on_time,
            followed_up: r.followed_up,
            satisfied: r.satisfied,
            avg_overall: (r.rating_count > 0)
                .then(|| f64::from(r.rating_sum) / f64::from(r.rating_count)),
            avg_minutes_to_complete: (r.completed > 0)
                .then(|| r.completion_ms as f64 / 60_000.0 / f64::from(r.completed)),
            revenue_fen: r.revenue_fen,
            done: r.done,
            done_followed_up: r.done_followed_up,
            follow_up_late: r.follow_up_late,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct GroupStats {
    pub month: String,
    pub months: u32,
    /// One row per estate and month that has any figures, by month then estate.
    pub items: Vec<EstateMonth>,
}

/// Every estate's month (or months), side by side.
#[get("/api/v1/repairs/stats")]
pub async fn group_month(
    staff: Staff,
    q: web::Query<GroupQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    staff.require_any_role(&READERS)?;
    let q = q.into_inner();
    let last = parse_month(&q.month)?;
    let months = q.months.unwrap_or(1);
    if !(1..=12).contains(&months) {
        return Err(Error::Invalid("months: 1 to 12".into()));
    }
    let first = last
        .checked_sub_months(Months::new(months - 1))
        .unwrap_or(last);
    let estates: Option<Vec<Uuid>> = match (q.estate_id, &staff.scope) {
        (Some(e), _) => {
            staff.require_estate(e)?;
            Some(vec![e])
        }
        (None, EstateScope::Group) => None,
        (None, EstateScope::Estates(ids)) => Some(ids.clone()),
    };
    let (group, now) = (staff.grp, (state.clock)());
    let (rows, due) = db::run(&state.pool, move |conn| {
        let rows =
            estate_stats::estates_by_group_months(conn, group, estates.as_deref(), first, last)?;
        let due = estate_stats::due_follow_ups_by_group_months(
            conn,
            group,
            estates.as_deref(),
            (first, last),
            now,
        )?;
        Ok::<_, Error>((rows, due))
    })
    .await?;
    let items = rows
        .into_iter()
        .map(|r| {
            // Follow-ups missed so far: waiting past the instant they fell due.
            let missed = due
                .iter()
                .filter(|(e, m, ..)| *e == r.estate_id && *m == r.month)
                .map(|(_, _, key, n)| (key.as_str(), *n));
            let late = late_follow_ups(r.follow_up_late, missed, now);
            EstateMonth {
                follow_up_late: late,
                ..EstateMonth::from(r)
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(GroupStats {
        month: q.month,
        months,
        items,
    }))
}
