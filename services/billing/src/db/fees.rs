//! The fee schedule and the month's run.

use crate::domain::fees::FeeItem;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Jsonb, Text, Timestamptz, Uuid as SqlUuid};
use uuid::Uuid;

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    management_fen_per_m2: i64,
    #[diesel(sql_type = Jsonb)]
    items: serde_json::Value,
}

/// The estate's rate per m² and its items, when a schedule is set.
pub fn schedule(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
) -> QueryResult<Option<(i64, Vec<FeeItem>)>> {
    let r: Option<Row> = diesel::sql_query(
        "SELECT management_fen_per_m2, items FROM billing.fee_schedules WHERE group_id = $1 AND estate_id = $2",
    )
    .bind::<SqlUuid, _>(group_id)
    .bind::<SqlUuid, _>(estate_id)
    .get_result(conn)
    .optional()?;
    Ok(r.map(|r| {
        (
            r.management_fen_per_m2,
            serde_json::from_value(r.items).unwrap_or_default(),
        )
    }))
}

pub fn save_schedule(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    rate: i64,
    items: &[FeeItem],
    by: Uuid,
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO billing.fee_schedules (group_id, estate_id, management_fen_per_m2, items, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, now()) \
         ON CONFLICT (group_id, estate_id) DO UPDATE SET management_fen_per_m2 = EXCLUDED.management_fen_per_m2, items = EXCLUDED.items, updated_by = EXCLUDED.updated_by, updated_at = now()",
    )
    .bind::<SqlUuid, _>(group_id)
    .bind::<SqlUuid, _>(estate_id)
    .bind::<BigInt, _>(rate)
    .bind::<Jsonb, _>(serde_json::to_value(items).unwrap_or_default())
    .bind::<SqlUuid, _>(by)
    .execute(conn)?;
    Ok(())
}

#[derive(QueryableByName)]
struct Charged {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Charge every unit of the estate for the month, once per unit and item, with the month's
/// figures in the same statement. `amount_sql` prices a unit from its `area_centi_m2` and $4;
/// the charges are raised at `now`.
fn charge_every_unit(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    (month, now): (&str, chrono::DateTime<chrono::Utc>),
    (source, key, description): (&str, &str, &str),
    amount_sql: &str,
    price: i64,
) -> QueryResult<usize> {
    let sql = format!(
        "WITH ins AS ( \
           INSERT INTO billing.charges (group_id, estate_id, charge_id, unit_label, source, source_id, description, amount_fen, created_at, period) \
           SELECT group_id, estate_id, gen_random_uuid(), unit_label, $6, $3 || '/' || unit_id || $7, $3 || ' ' || $8, \
                  {amount_sql}, $5, $3 \
           FROM billing.unit_accounts WHERE group_id = $1 AND estate_id = $2 AND {amount_sql} > 0 \
           ON CONFLICT (group_id, estate_id, source, source_id) DO NOTHING RETURNING amount_fen), \
         stats AS ( \
           INSERT INTO billing.period_stats (group_id, estate_id, period, charges, charged_fen) \
           SELECT $1, $2, $3, count(*), sum(amount_fen) FROM ins HAVING count(*) > 0 \
           ON CONFLICT (group_id, estate_id, period) DO UPDATE SET \
             charges = billing.period_stats.charges + EXCLUDED.charges, \
             charged_fen = billing.period_stats.charged_fen + EXCLUDED.charged_fen) \
         SELECT count(*) AS n FROM ins"
    );
    let c: Charged = diesel::sql_query(sql)
        .bind::<SqlUuid, _>(group_id)
        .bind::<SqlUuid, _>(estate_id)
        .bind::<Text, _>(month)
        .bind::<BigInt, _>(price)
        .bind::<Timestamptz, _>(now)
        .bind::<Text, _>(source)
        .bind::<Text, _>(key)
        .bind::<Text, _>(description)
        .get_result(conn)?;
    Ok(c.n as usize)
}

/// Hold `job` of the estate until the transaction ends: another transaction asking for the
/// same waits until this one commits or rolls back. The key is the service's, the job's and the
/// estate's, since advisory locks are the database's, shared by every schema.
pub fn lock_job_of_estate(conn: &mut PgConnection, job: &str, estate_id: Uuid) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind::<Text, _>(format!("billing.{job}/{estate_id}"))
        .execute(conn)?;
    Ok(())
}

/// The month's run: the management fee (area × rate, rounded to the fen) and every monthly
/// item, for every unit; what was charged already is not charged again. Call it in a
/// transaction: runs of one estate take turns (two replicas asked at once, or the demo books
/// loading), so the second finds the first's charges and adds only what is missing; each
/// charge is also unique per unit, item and month in the table, whoever raises it.
pub fn run_month(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    (month, now): (&str, chrono::DateTime<chrono::Utc>),
    rate: i64,
    monthly: &[FeeItem],
) -> QueryResult<usize> {
    lock_job_of_estate(conn, "fee_run", estate_id)?;
    let mut n = charge_every_unit(
        conn,
        group_id,
        estate_id,
        (month, now),
        ("management_fee", "", "物业管理费"),
        "(area_centi_m2 * $4 + 50) / 100",
        rate,
    )?;
    for item in monthly {
        n += charge_every_unit(
            conn,
            group_id,
            estate_id,
            (month, now),
            ("fixed", &format!("/{}", item.code), &item.name),
            "$4::bigint",
            item.price_fen,
        )?;
    }
    Ok(n)
}

/// Whether the estate has an account for the unit.
pub fn unit_known(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    unit_label: &str,
) -> QueryResult<bool> {
    use super::schema::unit_accounts;
    diesel::select(diesel::dsl::exists(
        unit_accounts::table
            .filter(unit_accounts::group_id.eq(group_id))
            .filter(unit_accounts::estate_id.eq(estate_id))
            .filter(unit_accounts::unit_label.eq(unit_label)),
    ))
    .get_result(conn)
}
