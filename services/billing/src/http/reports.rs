//! Reports for the supervisor, the estate manager, finance and head office: the Saturday
//! receipts list with its summary, the month's fee summary per estate and for the group, arrears
//! per unit by age, and the collection rate; each also as CSV.

use super::payments::{estate_zone, receipt_items, receipts_between, receipts_csv};
use crate::db::reports::{self, PeriodRow};
use crate::domain::ageing::{Ageing, collection_rate_bp};
use crate::domain::calendar::{last_saturday, parse_period, receipts_week};
use crate::domain::money::yuan;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use chrono::{Duration, NaiveDate};
use desk_auth::{EstateScope, Role, Staff};
use desk_platform::{csv, db};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const READERS: [Role; 5] = [
    Role::Supervisor,
    Role::EstateManager,
    Role::Cashier,
    Role::Hq,
    Role::Admin,
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekQuery {
    /// The Saturday the week ends on; the latest Saturday when absent.
    pub week_ending: Option<NaiveDate>,
}

fn week(q: &WeekQuery, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), Error> {
    let sat = q.week_ending.unwrap_or_else(|| last_saturday(today));
    receipts_week(sat).ok_or(Error::Invalid("week_ending: a Saturday".into()))
}

/// The week's receipts (Sunday to Saturday) and their summary.
#[get("/api/v1/billing/estates/{estate_id}/reports/weekly")]
pub async fn weekly(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<WeekQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&READERS)?;
    let zone = estate_zone(&state, staff.grp, estate_id).await?;
    let (from, to) = week(&q, zone.date((state.clock)()))?;
    let (rows, summary) = receipts_between(&state, staff.grp, estate_id, from, to).await?;
    Ok(HttpResponse::Ok()
        .json(serde_json::json!({ "items": receipt_items(&rows), "summary": summary })))
}

#[get("/api/v1/billing/estates/{estate_id}/reports/weekly.csv")]
pub async fn weekly_csv(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<WeekQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&READERS)?;
    let zone = estate_zone(&state, staff.grp, estate_id).await?;
    let (from, to) = week(&q, zone.date((state.clock)()))?;
    let (rows, summary) = receipts_between(&state, staff.grp, estate_id, from, to).await?;
    let mut body = receipts_csv(&rows, zone);
    body.push_str(&csv::line(&[
        "total".to_string(),
        String::new(),
        format!("{} receipts", rows.len()),
        String::new(),
        yuan(summary["net_fen"].as_i64().unwrap_or(0)),
        format!(
            "reversed {}",
            yuan(summary["reversed_fen"].as_i64().unwrap_or(0))
        ),
    ]));
    Ok(csv::response(body, &format!("receipts-week-{to}.csv")))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthQuery {
    /// YYYY-MM.
    pub month: String,
}

fn month(q: &MonthQuery) -> Result<NaiveDate, Error> {
    parse_period(&q.month).ok_or(Error::Invalid("month: YYYY-MM".into()))
}

/// A month's row with its collection rate.
#[derive(Debug, Serialize)]
pub struct MonthFigures {
    #[serde(flatten)]
    pub row: PeriodRow,
    /// Collected over charged for the month's charges, in basis points (10000 = 100%).
    pub collection_rate_bp: Option<i64>,
    /// The same as a fraction, for charts.
    pub collection_rate: Option<f64>,
}

fn figures(row: PeriodRow) -> MonthFigures {
    let bp = collection_rate_bp(row.charged_fen, row.collected_fen);
    MonthFigures {
        row,
        collection_rate_bp: bp,
        collection_rate: bp.map(|b| b as f64 / 10_000.0),
    }
}

/// The month's fee summary of one estate: by kind of charge, what was collected of it, the
/// payments taken in the month, and the trend of the six months to it.
#[get("/api/v1/billing/estates/{estate_id}/reports/monthly")]
pub async fn monthly(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<MonthQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&READERS)?;
    let first = month(&q)?;
    let period = q.month.clone();
    let six_back = (first - Duration::days(150)).format("%Y-%m").to_string();
    let group = staff.grp;
    let (kinds, trend) = {
        let period = period.clone();
        db::run(&state.pool, move |conn| {
            Ok::<_, Error>((
                reports::month_by_kind(conn, group, estate_id, &period)?,
                reports::estate_months(conn, group, estate_id, &six_back, &period)?,
            ))
        })
        .await?
    };
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let (_, taken) = receipts_between(
        &state,
        group,
        estate_id,
        first,
        next.pred_opt().unwrap_or(first),
    )
    .await?;
    let this = trend.iter().find(|r| r.period == period).cloned();
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "month": period,
        "estate_id": estate_id,
        "totals": this.map(figures),
        "by_kind": kinds,
        "payments": taken,
        "trend": trend.into_iter().map(figures).collect::<Vec<_>>(),
    })))
}

#[get("/api/v1/billing/estates/{estate_id}/reports/monthly.csv")]
pub async fn monthly_csv(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<MonthQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&READERS)?;
    month(&q)?;
    let (group, period) = (staff.grp, q.month.clone());
    let kinds = db::run(&state.pool, move |conn| {
        reports::month_by_kind(conn, group, estate_id, &period).map_err(Error::from)
    })
    .await?;
    let mut body = csv::line(&[
        "month",
        "kind",
        "charges",
        "charged_yuan",
        "collected_yuan",
        "owed_yuan",
    ]);
    for k in &kinds {
        body.push_str(&csv::line(&[
            q.month.clone(),
            k.source.clone(),
            k.charges.to_string(),
            yuan(k.charged_fen),
            yuan(k.collected_fen),
            yuan(k.charged_fen - k.collected_fen),
        ]));
    }
    Ok(csv::response(
        body,
        &format!("fees-{}-{estate_id}.csv", q.month),
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArrearsQuery {
    /// The day to age the arrears at (the estate's own date); its today when absent.
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, Serialize)]
pub struct UnitArrears {
    pub unit_label: String,
    pub owed_fen: i64,
    pub oldest_days: i64,
    pub ageing: Ageing,
}

/// The estate's arrears at the end of its day `as_of` (its today when none), each charge aged
/// in the estate's own days; the day aged at.
async fn arrears_of(
    state: &AppState,
    group: Uuid,
    estate_id: Uuid,
    as_of: Option<NaiveDate>,
) -> Result<(Vec<UnitArrears>, Ageing, NaiveDate), Error> {
    let now = (state.clock)();
    let (rows, zone, as_of) = db::run(&state.pool, move |conn| {
        let zone = crate::db::calendar::zone_by_group_estate(conn, group, estate_id)?;
        let as_of = as_of.unwrap_or_else(|| zone.date(now));
        let (_, end) = zone.day_bounds(as_of);
        let rows = reports::open_charges(conn, group, estate_id, end, zone)?;
        Ok::<_, Error>((rows, zone, as_of))
    })
    .await?;
    let mut units: Vec<UnitArrears> = Vec::new();
    let mut total = Ageing::default();
    for r in rows {
        let days = (as_of - zone.date(r.created_at)).num_days();
        match units.last_mut() {
            Some(u) if u.unit_label == r.unit_label => {
                u.owed_fen += r.owed_fen;
                u.oldest_days = u.oldest_days.max(days);
                u.ageing.add(days, r.owed_fen);
            }
            _ => {
                let mut ageing = Ageing::default();
                ageing.add(days, r.owed_fen);
                units.push(UnitArrears {
                    unit_label: r.unit_label,
                    owed_fen: r.owed_fen,
                    oldest_days: days,
                    ageing,
                });
            }
        }
    }
    for u in &units {
        total.merge(&u.ageing);
    }
    // The longest owed first: who the steward calls on first.
    units.sort_by(|a, b| {
        b.oldest_days
            .cmp(&a.oldest_days)
            .then(b.owed_fen.cmp(&a.owed_fen))
    });
    Ok((units, total, as_of))
}

/// What each unit owes, aged 0–30, 31–60, 61–90, 91–180 and 180+ days.
#[get("/api/v1/billing/estates/{estate_id}/reports/arrears")]
pub async fn arrears(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<ArrearsQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&READERS)?;
    let (units, total, as_of) = arrears_of(&state, staff.grp, estate_id, q.as_of).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "as_of": as_of, "units": units, "ageing": total, "owed_fen": total.total(),
    })))
}

#[get("/api/v1/billing/estates/{estate_id}/reports/arrears.csv")]
pub async fn arrears_csv(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<ArrearsQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&READERS)?;
    let (units, _, as_of) = arrears_of(&state, staff.grp, estate_id, q.as_of).await?;
    let mut body = csv::line(&[
        "unit",
        "owed_yuan",
        "0-30",
        "31-60",
        "61-90",
        "91-180",
        "180+",
        "oldest_days",
    ]);
    for u in &units {
        let a = &u.ageing;
        body.push_str(&csv::line(&[
            u.unit_label.clone(),
            yuan(u.owed_fen),
            yuan(a.d0_30),
            yuan(a.d31_60),
            yuan(a.d61_90),
            yuan(a.d91_180),
            yuan(a.d180_plus),
            u.oldest_days.to_string(),
        ]));
    }
    Ok(csv::response(
        body,
        &format!("arrears-{as_of}-{estate_id}.csv"),
    ))
}

/// The group's month, one row per estate with its collection rate: the monthly fee summary for
/// the group and head office's ranking. Read from the month's figures, kept as charges and
/// payments are written; staff limited to some estates see only those.
async fn group_rows(
    staff: &Staff,
    state: &AppState,
    q: &MonthQuery,
) -> Result<Vec<MonthFigures>, Error> {
    staff.require_any_role(&[Role::Hq, Role::Admin, Role::EstateManager, Role::Supervisor])?;
    month(q)?;
    let (group, period) = (staff.grp, q.month.clone());
    let rows = db::run(&state.pool, move |conn| {
        reports::group_month(conn, group, &period).map_err(Error::from)
    })
    .await?;
    Ok(rows
        .into_iter()
        .filter(|r| match &staff.scope {
            EstateScope::Group => true,
            EstateScope::Estates(ids) => ids.contains(&r.estate_id),
        })
        .map(figures)
        .collect())
}

#[get("/api/v1/billing/stats")]
pub async fn group_month(
    staff: Staff,
    q: web::Query<MonthQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let items = group_rows(&staff, &state, &q).await?;
    let charged: i64 = items.iter().map(|f| f.row.charged_fen).sum();
    let collected: i64 = items.iter().map(|f| f.row.collected_fen).sum();
    let owed: i64 = items.iter().map(|f| f.row.arrears_fen).sum();
    let bp = collection_rate_bp(charged, collected);
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "month": q.month,
        "items": items,
        "total": {
            "charged_fen": charged, "collected_fen": collected, "arrears_fen": owed,
            "collection_rate_bp": bp, "collection_rate": bp.map(|b| b as f64 / 10_000.0),
        },
    })))
}

#[get("/api/v1/billing/stats.csv")]
pub async fn group_month_csv(
    staff: Staff,
    q: web::Query<MonthQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let items = group_rows(&staff, &state, &q).await?;
    let mut body = csv::line(&[
        "month",
        "estate_id",
        "charges",
        "charged_yuan",
        "collected_yuan",
        "collection_rate_%",
        "arrears_yuan",
    ]);
    for f in &items {
        body.push_str(&csv::line(&[
            q.month.clone(),
            f.row.estate_id.to_string(),
            f.row.charges.to_string(),
            yuan(f.row.charged_fen),
            yuan(f.row.collected_fen),
            f.collection_rate_bp
                .map(|b| format!("{}.{:02}", b / 100, b % 100))
                .unwrap_or_default(),
            yuan(f.row.arrears_fen),
        ]));
    }
    Ok(csv::response(body, &format!("fees-{}-group.csv", q.month)))
}
