//! The management fee: the estate's rate per square metre and month, and the month's run that
//! charges every unit its area × rate — once per unit and month, however often it is run.

use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, put, web};
use desk_auth::{Role, Staff};
use desk_platform::db;
use diesel::Connection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamptz, Uuid as SqlUuid};
use serde::Deserialize;
use uuid::Uuid;

const FEE_ROLES: [Role; 3] = [Role::EstateManager, Role::Supervisor, Role::Admin];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleIn {
    /// Management fee per square metre and month, in fen (e.g. 250 = 2.50 yuan/m²).
    pub management_fen_per_m2: i64,
}

#[derive(QueryableByName, serde::Serialize)]
pub struct Schedule {
    #[diesel(sql_type = BigInt)]
    pub management_fen_per_m2: i64,
}

#[put("/api/v1/billing/estates/{estate_id}/fee-schedule")]
pub async fn put_schedule(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<ScheduleIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&FEE_ROLES)?;
    let rate = body.management_fen_per_m2;
    if !(0..=100_000).contains(&rate) {
        return Err(Error::Invalid("management_fen_per_m2: 0 to 100000".into()));
    }
    let (group, by) = (staff.grp, staff.sub);
    db::run(&state.pool, move |conn| {
        diesel::sql_query(
            "INSERT INTO billing.fee_schedules (group_id, estate_id, management_fen_per_m2, updated_by, updated_at) VALUES ($1, $2, $3, $4, now()) \
             ON CONFLICT (group_id, estate_id) DO UPDATE SET management_fen_per_m2 = EXCLUDED.management_fen_per_m2, updated_by = EXCLUDED.updated_by, updated_at = now()",
        )
        .bind::<SqlUuid, _>(group)
        .bind::<SqlUuid, _>(estate_id)
        .bind::<BigInt, _>(rate)
        .bind::<SqlUuid, _>(by)
        .execute(conn)
        .map_err(Error::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "management_fen_per_m2": rate })))
}

#[get("/api/v1/billing/estates/{estate_id}/fee-schedule")]
pub async fn get_schedule(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let s: Option<Schedule> = db::run(&state.pool, move |conn| {
        diesel::sql_query("SELECT management_fen_per_m2 FROM billing.fee_schedules WHERE group_id = $1 AND estate_id = $2")
            .bind::<SqlUuid, _>(group)
            .bind::<SqlUuid, _>(estate_id)
            .get_result(conn)
            .optional()
            .map_err(Error::from)
    })
    .await?;
    let s = s.ok_or(Error::NotFound("fee schedule"))?;
    Ok(HttpResponse::Ok().json(s))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunIn {
    /// YYYY-MM.
    pub month: String,
}

/// Charge every unit of the estate its management fee for the month; running it again charges
/// only the units that were not charged yet (new units), never twice.
#[post("/api/v1/billing/estates/{estate_id}/management-fees")]
pub async fn run_month(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<RunIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&FEE_ROLES)?;
    let month = body.into_inner().month;
    if chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").is_err() {
        return Err(Error::Invalid("month: YYYY-MM".into()));
    }
    let group = staff.grp;
    let charged = db::run(&state.pool, move |conn| {
        conn.transaction::<usize, Error, _>(|conn| {
            #[derive(QueryableByName)]
            struct Rate {
                #[diesel(sql_type = BigInt)]
                management_fen_per_m2: i64,
            }
            let rate: Rate = diesel::sql_query("SELECT management_fen_per_m2 FROM billing.fee_schedules WHERE group_id = $1 AND estate_id = $2")
                .bind::<SqlUuid, _>(group)
                .bind::<SqlUuid, _>(estate_id)
                .get_result(conn)
                .optional()?
                .ok_or(Error::Rule("no_fee_schedule", "Set the estate's fee schedule first."))?;
            // area in hundredths of m² × fen per m², rounded to the fen.
            // The charges and the month's figures in one statement.
            #[derive(QueryableByName)]
            struct Charged {
                #[diesel(sql_type = BigInt)]
                n: i64,
            }
            let c: Charged = diesel::sql_query(
                "WITH ins AS ( \
                   INSERT INTO billing.charges (group_id, estate_id, charge_id, unit_label, source, source_id, description, amount_fen, created_at, period) \
                   SELECT group_id, estate_id, gen_random_uuid(), unit_label, 'management_fee', $3 || '/' || unit_id, $3 || ' 物业管理费', \
                          (area_centi_m2 * $4 + 50) / 100, $5, $3 \
                   FROM billing.unit_accounts WHERE group_id = $1 AND estate_id = $2 AND (area_centi_m2 * $4 + 50) / 100 > 0 \
                   ON CONFLICT (group_id, estate_id, source, source_id) DO NOTHING RETURNING amount_fen), \
                 stats AS ( \
                   INSERT INTO billing.period_stats (group_id, estate_id, period, charges, charged_fen) \
                   SELECT $1, $2, $3, count(*), sum(amount_fen) FROM ins HAVING count(*) > 0 \
                   ON CONFLICT (group_id, estate_id, period) DO UPDATE SET \
                     charges = billing.period_stats.charges + EXCLUDED.charges, \
                     charged_fen = billing.period_stats.charged_fen + EXCLUDED.charged_fen) \
                 SELECT count(*) AS n FROM ins",
            )
            .bind::<SqlUuid, _>(group)
            .bind::<SqlUuid, _>(estate_id)
            .bind::<Text, _>(&month)
            .bind::<BigInt, _>(rate.management_fen_per_m2)
            .bind::<Timestamptz, _>(chrono::Utc::now())
            .get_result(conn)?;
            Ok(c.n as usize)
        })
    })
    .await?;
    tracing::info!(%estate_id, charged, "Management fees charged for the month.");
    Ok(HttpResponse::Ok().json(serde_json::json!({ "charged": charged })))
}
