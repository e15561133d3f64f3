//! What the reports read: open charges for arrears, the month's figures (the `period_stats`
//! read model), charges by kind for a month.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamptz, Uuid as SqlUuid};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, QueryableByName)]
pub struct OpenCharge {
    #[diesel(sql_type = Text)]
    pub unit_label: String,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = BigInt)]
    pub owed_fen: i64,
}

/// Every open charge of the estate raised before `as_of`, by unit (the partial index of open
/// charges serves it). A month's fee is owed from the first of its month on the estate's own
/// dates (`zone`), whenever it was run; anything else from when it was raised.
pub fn open_charges(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    as_of: DateTime<Utc>,
    zone: desk_platform::local::Zone,
) -> QueryResult<Vec<OpenCharge>> {
    diesel::sql_query(
        "SELECT unit_label, \
                CASE WHEN source IN ('management_fee', 'fixed') \
                     THEN (period || '-01')::date::timestamp AT TIME ZONE $4 \
                     ELSE created_at END AS created_at, \
                amount_fen - paid_fen AS owed_fen FROM billing.charges \
         WHERE group_id = $1 AND estate_id = $2 AND paid_fen < amount_fen AND created_at < $3 \
         ORDER BY unit_label, created_at",
    )
    .bind::<SqlUuid, _>(group_id)
    .bind::<SqlUuid, _>(estate_id)
    .bind::<Timestamptz, _>(as_of)
    .bind::<Text, _>(zone.name())
    .load(conn)
}

#[derive(Debug, Clone, QueryableByName, Serialize)]
pub struct PeriodRow {
    #[diesel(sql_type = SqlUuid)]
    pub estate_id: Uuid,
    #[diesel(sql_type = Text)]
    pub period: String,
    #[diesel(sql_type = BigInt)]
    pub charges: i64,
    #[diesel(sql_type = BigInt)]
    pub charged_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub collected_fen: i64,
    /// Still owed on every month up to and including this one.
    #[diesel(sql_type = BigInt)]
    pub arrears_fen: i64,
}

/// One row per estate of the group for the month, with each estate's arrears to date.
pub fn group_month(
    conn: &mut PgConnection,
    group_id: Uuid,
    period: &str,
) -> QueryResult<Vec<PeriodRow>> {
    diesel::sql_query(
        "SELECT estate_id, $2::text AS period, \
                sum(charges) FILTER (WHERE period = $2)::bigint AS charges, \
                coalesce(sum(charged_fen) FILTER (WHERE period = $2), 0)::bigint AS charged_fen, \
                coalesce(sum(collected_fen) FILTER (WHERE period = $2), 0)::bigint AS collected_fen, \
                sum(charged_fen - collected_fen)::bigint AS arrears_fen \
         FROM billing.period_stats WHERE group_id = $1 AND period <= $2 \
         GROUP BY estate_id HAVING count(*) FILTER (WHERE period = $2) > 0 ORDER BY estate_id",
    )
    .bind::<SqlUuid, _>(group_id)
    .bind::<Text, _>(period)
    .load(conn)
}

/// The estate's months from `from` to `to` (inclusive), oldest first.
pub fn estate_months(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    from: &str,
    to: &str,
) -> QueryResult<Vec<PeriodRow>> {
    diesel::sql_query(
        "SELECT estate_id, period, charges, charged_fen, collected_fen, \
                sum(charged_fen - collected_fen) OVER (ORDER BY period)::bigint AS arrears_fen \
         FROM billing.period_stats WHERE group_id = $1 AND estate_id = $2 AND period <= $4 \
         ORDER BY period",
    )
    .bind::<SqlUuid, _>(group_id)
    .bind::<SqlUuid, _>(estate_id)
    .bind::<Text, _>(from)
    .bind::<Text, _>(to)
    .load::<PeriodRow>(conn)
    .map(|rows| {
        rows.into_iter()
            .filter(|r| r.period.as_str() >= from)
            .collect()
    })
}

#[derive(Debug, Clone, QueryableByName, Serialize)]
pub struct KindRow {
    #[diesel(sql_type = Text)]
    pub source: String,
    #[diesel(sql_type = BigInt)]
    pub charges: i64,
    #[diesel(sql_type = BigInt)]
    pub charged_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub collected_fen: i64,
}

/// The month's charges of one estate by kind (management fee, paid work, passes, deposits…).
pub fn month_by_kind(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    period: &str,
) -> QueryResult<Vec<KindRow>> {
    diesel::sql_query(
        "SELECT source, count(*)::bigint AS charges, sum(amount_fen)::bigint AS charged_fen, \
                sum(paid_fen)::bigint AS collected_fen \
         FROM billing.charges WHERE group_id = $1 AND estate_id = $2 AND period = $3 \
         GROUP BY source ORDER BY source",
    )
    .bind::<SqlUuid, _>(group_id)
    .bind::<SqlUuid, _>(estate_id)
    .bind::<Text, _>(period)
    .load(conn)
}
