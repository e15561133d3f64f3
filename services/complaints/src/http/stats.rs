//! Monthly statistics (投诉统计): counts by type and severity, the validity rate (投诉有效率),
//! the on-time rate (处理及时率), satisfaction and follow-up coverage, per estate and for the
//! whole group, read from the statistics kept as complaints move; CSV exports, including the
//! month's complaints in the report's row layout (日期, 时间, 投诉人, 处理人, 处理方式, 处理结果,
//! 满意度, 接待人).

use super::complaints::parse_month;
use crate::db::complaints::{self, ListFilter};
use crate::db::stats::{self, GROUP_TOTAL, StatsRow};
use crate::domain::calendar::cst;
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use desk_auth::{EstateScope, Role, Staff};
use desk_platform::db;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const READERS: [Role; 5] = [
    Role::Supervisor,
    Role::EstateManager,
    Role::Hq,
    Role::Admin,
    Role::Receptionist,
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthQuery {
    /// YYYY-MM.
    pub month: String,
}

#[derive(Debug, Default, Serialize, Clone, Copy)]
pub struct Totals {
    pub received: i64,
    pub valid: i64,
    pub invalid: i64,
    pub resolved: i64,
    pub on_time: i64,
    pub replied: i64,
    pub followed_up: i64,
    pub satisfied: i64,
    pub basically_satisfied: i64,
    pub dissatisfied: i64,
}

#[derive(Debug, Serialize)]
pub struct Rates {
    /// valid / judged (有效 / (有效 + 无效)).
    pub validity: Option<f64>,
    /// resolved by the deadline / resolved (处理及时率).
    pub on_time: Option<f64>,
    /// (satisfied + basically satisfied) / followed up.
    pub satisfaction: Option<f64>,
    /// followed up / replied (回访率).
    pub follow_up: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct MonthStats {
    pub month: String,
    pub estate_id: Option<Uuid>,
    pub totals: Totals,
    pub rates: Rates,
    pub by_type: Vec<StatsRow>,
}

fn ratio(a: i64, b: i64) -> Option<f64> {
    (b > 0).then(|| (a as f64 / b as f64 * 10_000.0).round() / 10_000.0)
}

fn summarise(month: &str, estate_id: Option<Uuid>, rows: Vec<StatsRow>) -> MonthStats {
    let mut t = Totals::default();
    for r in &rows {
        t.received += i64::from(r.received);
        t.valid += i64::from(r.valid);
        t.invalid += i64::from(r.invalid);
        t.resolved += i64::from(r.resolved);
        t.on_time += i64::from(r.on_time);
        t.replied += i64::from(r.replied);
        t.followed_up += i64::from(r.followed_up);
        t.satisfied += i64::from(r.satisfied);
        t.basically_satisfied += i64::from(r.basically_satisfied);
        t.dissatisfied += i64::from(r.dissatisfied);
    }
    MonthStats {
        month: month.to_string(),
        estate_id,
        rates: Rates {
            validity: ratio(t.valid, t.valid + t.invalid),
            on_time: ratio(t.on_time, t.resolved),
            satisfaction: ratio(t.satisfied + t.basically_satisfied, t.followed_up),
            follow_up: ratio(t.followed_up, t.replied),
        },
        totals: t,
        by_type: rows,
    }
}

fn csv_of(s: &MonthStats) -> String {
    let mut out = String::from(
        "\u{feff}month,type,severity,received,valid,invalid,resolved,on_time,replied,followed_up,satisfied,basically_satisfied,dissatisfied\n",
    );
    for r in &s.by_type {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            s.month,
            r.complaint_type,
            r.severity,
            r.received,
            r.valid,
            r.invalid,
            r.resolved,
            r.on_time,
            r.replied,
            r.followed_up,
            r.satisfied,
            r.basically_satisfied,
            r.dissatisfied
        ));
    }
    let t = s.totals;
    out.push_str(&format!(
        "{},total,,{},{},{},{},{},{},{},{},{},{}\n",
        s.month,
        t.received,
        t.valid,
        t.invalid,
        t.resolved,
        t.on_time,
        t.replied,
        t.followed_up,
        t.satisfied,
        t.basically_satisfied,
        t.dissatisfied
    ));
    out
}

async fn month_stats(
    state: &web::Data<AppState>,
    group: Uuid,
    estate: Uuid,
    month: &str,
) -> Result<MonthStats, Error> {
    let first = parse_month(month)?;
    let rows = db::run(&state.pool, move |conn| {
        stats::month_by_group_estate(conn, group, estate, first).map_err(Error::from)
    })
    .await?;
    Ok(summarise(
        month,
        (estate != GROUP_TOTAL).then_some(estate),
        rows,
    ))
}

/// One estate's month.
#[get("/api/v1/complaints/estates/{estate_id}/stats")]
pub async fn estate_month(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<MonthQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&READERS)?;
    Ok(HttpResponse::Ok().json(month_stats(&state, staff.grp, estate_id, &q.month).await?))
}

#[get("/api/v1/complaints/estates/{estate_id}/stats.csv")]
pub async fn estate_csv(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<MonthQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&READERS)?;
    let s = month_stats(&state, staff.grp, estate_id, &q.month).await?;
    Ok(csv_response(
        csv_of(&s),
        &format!("complaints-{}-{}.csv", q.month, estate_id),
    ))
}

/// The whole group's month (head office).
#[get("/api/v1/complaints/stats")]
pub async fn group_month(
    staff: Staff,
    q: web::Query<MonthQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    if staff.scope != EstateScope::Group {
        return Err(Error::Refused(desk_platform::Problem::forbidden(
            "The group's figures are for head office.",
        )));
    }
    Ok(HttpResponse::Ok().json(month_stats(&state, staff.grp, GROUP_TOTAL, &q.month).await?))
}

/// Every estate's month, one row each with its totals and rates (head office's ranking; estate
/// managers and supervisors see their own estates). Read from the statistics kept as complaints
/// move: one query, whatever the number of estates.
#[get("/api/v1/complaints/stats/estates")]
pub async fn estates_month(
    staff: Staff,
    q: web::Query<MonthQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    staff.require_any_role(&[Role::Hq, Role::Admin, Role::EstateManager, Role::Supervisor])?;
    let first = parse_month(&q.month)?;
    let group = staff.grp;
    let rows = db::run(&state.pool, move |conn| {
        stats::month_by_group(conn, group, first).map_err(Error::from)
    })
    .await?;
    let mut items: Vec<MonthStats> = Vec::new();
    let mut rest = rows.as_slice();
    while let Some(first_row) = rest.first() {
        let estate = first_row.estate_id;
        let n = rest.iter().take_while(|r| r.estate_id == estate).count();
        let (mine, later) = rest.split_at(n);
        rest = later;
        if !staff.reaches_estate(estate) {
            continue;
        }
        let mut s = summarise(&q.month, Some(estate), mine.to_vec());
        s.by_type.clear();
        items.push(s);
    }
    Ok(HttpResponse::Ok().json(serde_json::json!({ "month": q.month, "items": items })))
}

fn csv_response(body: String, filename: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(body)
}

fn field(v: &str) -> String {
    if v.contains([',', '"', '\n']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// The month's complaints, one row each, in the report's layout.
#[get("/api/v1/complaints/estates/{estate_id}/report.csv")]
pub async fn report_csv(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    q: web::Query<MonthQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&READERS)?;
    let first = parse_month(&q.month)?;
    let group = staff.grp;
    let rows = db::run(&state.pool, move |conn| {
        complaints::list_by_group_estate(
            conn,
            group,
            estate_id,
            &ListFilter {
                month: Some(first),
                limit: 100_000,
                ..ListFilter::default()
            },
        )
        .map_err(Error::from)
    })
    .await?;
    let mut out = String::from(
        "\u{feff}日期,时间,编号,投诉人,类别,性质,有效性,处理部门,处理方式,处理结果,满意度,接待人,状态\n",
    );
    for r in rows.iter().rev() {
        let local = r.created_at.with_timezone(&cst());
        let d = |k: &str| {
            r.details
                .get(k)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let name = r
            .complainant_name
            .as_deref()
            .map(desk_platform::mask::name)
            .unwrap_or_default();
        let cells = [
            local.format("%Y-%m-%d").to_string(),
            local.format("%H:%M").to_string(),
            r.complaint_no.clone(),
            name,
            r.complaint_type.clone(),
            r.severity.clone(),
            r.validity.clone().unwrap_or_default(),
            r.department.clone().unwrap_or_default(),
            d("reply_channel"),
            d("result"),
            r.satisfaction.clone().unwrap_or_default(),
            r.taken_by.to_string(),
            r.status.clone(),
        ];
        out.push_str(&cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    Ok(csv_response(
        out,
        &format!("complaints-report-{}-{}.csv", q.month, estate_id),
    ))
}
