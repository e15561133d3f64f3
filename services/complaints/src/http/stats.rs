//! Monthly statistics (投诉统计): counts by type and severity, the validity rate (投诉有效率),
//! the on-time rate (处理及时率), satisfaction and follow-up coverage, per estate and for the
//! whole group, read from the statistics kept as complaints move; CSV exports, including the
//! month's complaints in the report's row layout (日期, 时间, 投诉人, 处理人, 处理方式, 处理结果,
//! 满意度, 接待人).

use super::complaints::parse_month;
use crate::db::complaints::{self, ListFilter};
use crate::db::frozen::{self, FrozenRow};
use crate::db::settings;
use crate::db::stats::{self, GROUP_TOTAL, StatsRow};
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
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

#[derive(Debug, Default, Serialize, Deserialize, Clone, Copy, PartialEq, Eq)]
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
    /// Resolved, or past the deadline unresolved: the on-time rate's denominator.
    #[serde(default)]
    pub due: i64,
    /// Complaints whose deadline was extended (with a reason).
    #[serde(default)]
    pub extended: i64,
}

#[derive(Debug, Serialize)]
pub struct Rates {
    /// valid / judged (有效 / (有效 + 无效)).
    pub validity: Option<f64>,
    /// resolved by the deadline / (resolved + past the deadline unresolved) (处理及时率): an
    /// overdue open complaint is late, not absent.
    pub on_time: Option<f64>,
    /// (satisfied + basically satisfied) / followed up.
    pub satisfaction: Option<f64>,
    /// followed up / replied (回访率).
    pub follow_up: Option<f64>,
}

/// When and by whom a month's report was handed in.
#[derive(Debug, Serialize)]
pub struct Handed {
    pub frozen_at: chrono::DateTime<chrono::Utc>,
    pub frozen_by: Uuid,
}

/// The month's figures as they stand now, beside a frozen month's.
#[derive(Debug, Serialize)]
pub struct Live {
    pub totals: Totals,
    pub rates: Rates,
    pub by_type: Vec<StatsRow>,
}

#[derive(Debug, Serialize)]
pub struct MonthStats {
    pub month: String,
    pub estate_id: Option<Uuid>,
    /// As handed in when the month is frozen; else as they stand.
    pub totals: Totals,
    pub rates: Rates,
    pub by_type: Vec<StatsRow>,
    /// The month's report was handed in (frozen): `totals` keep its figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frozen: Option<Handed>,
    /// A frozen month's figures as they stand now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub live: Option<Live>,
    /// A frozen month: what moved since it was handed in (live − handed in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub movement: Option<Totals>,
}

fn ratio(a: i64, b: i64) -> Option<f64> {
    (b > 0).then(|| (a as f64 / b as f64 * 10_000.0).round() / 10_000.0)
}

fn totals_of(rows: &[StatsRow]) -> Totals {
    let mut t = Totals::default();
    for r in rows {
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
        t.due += i64::from(r.due);
        t.extended += i64::from(r.extended);
    }
    t
}

fn rates_of(t: &Totals) -> Rates {
    Rates {
        validity: ratio(t.valid, t.valid + t.invalid),
        on_time: ratio(t.on_time, t.due),
        satisfaction: ratio(t.satisfied + t.basically_satisfied, t.followed_up),
        follow_up: ratio(t.followed_up, t.replied),
    }
}

fn minus(a: &Totals, b: &Totals) -> Totals {
    Totals {
        received: a.received - b.received,
        valid: a.valid - b.valid,
        invalid: a.invalid - b.invalid,
        resolved: a.resolved - b.resolved,
        on_time: a.on_time - b.on_time,
        replied: a.replied - b.replied,
        followed_up: a.followed_up - b.followed_up,
        satisfied: a.satisfied - b.satisfied,
        basically_satisfied: a.basically_satisfied - b.basically_satisfied,
        dissatisfied: a.dissatisfied - b.dissatisfied,
        due: a.due - b.due,
        extended: a.extended - b.extended,
    }
}

/// What a frozen month keeps.
#[derive(Debug, Serialize, Deserialize)]
struct Figures {
    totals: Totals,
    by_type: Vec<StatsRow>,
}

fn summarise(
    month: &str,
    estate_id: Option<Uuid>,
    rows: Vec<StatsRow>,
    frozen: Option<FrozenRow>,
) -> MonthStats {
    let totals = totals_of(&rows);
    let handed = frozen.and_then(|f| {
        serde_json::from_value::<Figures>(f.figures)
            .ok()
            .map(|fig| {
                (
                    Handed {
                        frozen_at: f.frozen_at,
                        frozen_by: f.frozen_by,
                    },
                    fig,
                )
            })
    });
    match handed {
        None => MonthStats {
            month: month.to_string(),
            estate_id,
            rates: rates_of(&totals),
            totals,
            by_type: rows,
            frozen: None,
            live: None,
            movement: None,
        },
        Some((h, fig)) => MonthStats {
            month: month.to_string(),
            estate_id,
            rates: rates_of(&fig.totals),
            totals: fig.totals,
            by_type: fig.by_type,
            frozen: Some(h),
            movement: Some(minus(&totals, &fig.totals)),
            live: Some(Live {
                rates: rates_of(&totals),
                totals,
                by_type: rows,
            }),
        },
    }
}

fn csv_of(s: &MonthStats) -> String {
    let mut out = String::from(
        "\u{feff}month,type,severity,received,valid,invalid,resolved,on_time,replied,followed_up,satisfied,basically_satisfied,dissatisfied,due,extended\n",
    );
    for r in &s.by_type {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
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
            r.dissatisfied,
            r.due,
            r.extended
        ));
    }
    let t = s.totals;
    out.push_str(&format!(
        "{},total,,{},{},{},{},{},{},{},{},{},{},{},{}\n",
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
        t.dissatisfied,
        t.due,
        t.extended
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
    let (rows, frozen) = db::run(&state.pool, move |conn| {
        let rows = stats::month_by_group_estate(conn, group, estate, first)?;
        let frozen = frozen::find_by_group_estate_month(conn, group, estate, first)?;
        Ok::<_, Error>((rows, frozen))
    })
    .await?;
    Ok(summarise(
        month,
        (estate != GROUP_TOTAL).then_some(estate),
        rows,
        frozen,
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
    let (rows, frozen) = db::run(&state.pool, move |conn| {
        let rows = stats::month_by_group(conn, group, first)?;
        let frozen = frozen::of_group_month(conn, group, first)?;
        Ok::<_, Error>((rows, frozen))
    })
    .await?;
    let mut frozen: std::collections::HashMap<Uuid, FrozenRow> =
        frozen.into_iter().map(|f| (f.estate_id, f)).collect();
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
        let mut s = summarise(
            &q.month,
            Some(estate),
            mine.to_vec(),
            frozen.remove(&estate),
        );
        s.by_type.clear();
        if let Some(l) = s.live.as_mut() {
            l.by_type.clear();
        }
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
    let (rows, zone) = db::run(&state.pool, move |conn| {
        let rows = complaints::list_by_group_estate(
            conn,
            group,
            estate_id,
            &ListFilter {
                month: Some(first),
                limit: 100_000,
                ..ListFilter::default()
            },
        )?;
        let zone =
            crate::app::handling::zone_of(&settings::find_or_default(conn, group, estate_id)?);
        Ok::<_, Error>((rows, zone))
    })
    .await?;
    let mut out = String::from(
        "\u{feff}日期,时间,编号,投诉人,类别,性质,有效性,处理部门,处理方式,处理结果,满意度,接待人,状态\n",
    );
    for r in rows.iter().rev() {
        let local = zone.local(r.created_at);
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

/// Who hands in the month's report.
const HANDING_IN: [Role; 2] = [Role::Supervisor, Role::EstateManager];

/// Hand in (freeze) an estate's month: from the 25th, once; its figures stay as they are now,
/// and later movement is shown beside them.
#[post("/api/v1/complaints/estates/{estate_id}/stats/freeze")]
pub async fn freeze(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<MonthQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&HANDING_IN)?;
    let month = body.into_inner().month;
    let first = parse_month(&month)?;
    let now = (state.clock)();
    let (group, by) = (staff.grp, staff.sub);
    db::run(&state.pool, move |conn| {
        use diesel::Connection;
        conn.transaction(|conn| {
            let zone =
                crate::app::handling::zone_of(&settings::find_or_default(conn, group, estate_id)?);
            crate::domain::report::may_freeze(zone.date(now), first)?;
            let rows = stats::month_by_group_estate(conn, group, estate_id, first)?;
            let figures = Figures {
                totals: totals_of(&rows),
                by_type: rows,
            };
            let kept = frozen::insert_once(
                conn,
                &FrozenRow {
                    group_id: group,
                    estate_id,
                    month: first,
                    frozen_at: now,
                    frozen_by: by,
                    figures: serde_json::to_value(&figures).unwrap_or_default(),
                },
            )?;
            if !kept {
                return Err(Error::Rule(crate::domain::flow::Refusal {
                    code: "month_frozen",
                    message: "The month's report was handed in already; its figures stay.",
                }));
            }
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(month_stats(&state, staff.grp, estate_id, &month).await?))
}
