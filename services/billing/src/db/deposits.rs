//! Deposits held per unit and person: a pass's deposit, from unpaid to held to refunded.

use super::ledger::PaymentRow;
use super::schema::deposits;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = deposits, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct DepositRow {
    #[serde(skip)]
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub deposit_id: Uuid,
    pub unit_label: String,
    pub holder_name: String,
    pub pass_id: String,
    pub pass_no: String,
    pub amount_fen: i64,
    pub charge_id: Uuid,
    pub status: String,
    pub receipt_no: Option<String>,
    pub payment_id: Option<Uuid>,
    pub returned_at: Option<DateTime<Utc>>,
    pub refunded_at: Option<DateTime<Utc>>,
    pub refunded_by: Option<Uuid>,
    pub refund_method: Option<String>,
    pub refund_session: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// The part of the refund paid out of the drawer in cash (the rest went back online).
    pub refund_cash_fen: i64,
}

pub fn insert_once(conn: &mut PgConnection, row: &DepositRow) -> QueryResult<bool> {
    Ok(diesel::insert_into(deposits::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?
        == 1)
}

/// The deposit paid in full by `payment`: held against its receipt.
pub fn mark_held(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    charge_id: Uuid,
    payment: &PaymentRow,
) -> QueryResult<()> {
    diesel::update(
        deposits::table
            .filter(deposits::group_id.eq(group_id))
            .filter(deposits::estate_id.eq(estate_id))
            .filter(deposits::charge_id.eq(charge_id))
            .filter(deposits::status.eq("unpaid")),
    )
    .set((
        deposits::status.eq("held"),
        deposits::receipt_no.eq(&payment.receipt_no),
        deposits::payment_id.eq(payment.payment_id),
    ))
    .execute(conn)?;
    Ok(())
}

/// A reversed payment takes back a held deposit (unpaid again); false when the deposit was
/// already returned or refunded, which a reversal may not undo.
pub fn release_paid(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    charge_id: Uuid,
) -> QueryResult<bool> {
    let status: Option<String> = deposits::table
        .filter(deposits::group_id.eq(group_id))
        .filter(deposits::estate_id.eq(estate_id))
        .filter(deposits::charge_id.eq(charge_id))
        .select(deposits::status)
        .for_update()
        .first(conn)
        .optional()?;
    match status.as_deref() {
        Some("held") => {
            diesel::update(
                deposits::table
                    .filter(deposits::group_id.eq(group_id))
                    .filter(deposits::estate_id.eq(estate_id))
                    .filter(deposits::charge_id.eq(charge_id)),
            )
            .set((
                deposits::status.eq("unpaid"),
                deposits::receipt_no.eq(None::<String>),
                deposits::payment_id.eq(None::<Uuid>),
            ))
            .execute(conn)?;
            Ok(true)
        }
        Some("unpaid") | None => Ok(true),
        Some(_) => Ok(false),
    }
}

pub fn lock_by_pass(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    pass_id: &str,
) -> QueryResult<Option<DepositRow>> {
    deposits::table
        .filter(deposits::group_id.eq(group_id))
        .filter(deposits::estate_id.eq(estate_id))
        .filter(deposits::pass_id.eq(pass_id))
        .select(DepositRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn lock(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    deposit_id: Uuid,
) -> QueryResult<Option<DepositRow>> {
    deposits::table
        .filter(deposits::group_id.eq(group_id))
        .filter(deposits::estate_id.eq(estate_id))
        .filter(deposits::deposit_id.eq(deposit_id))
        .select(DepositRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn save(conn: &mut PgConnection, row: &DepositRow) -> QueryResult<()> {
    diesel::update(
        deposits::table
            .filter(deposits::group_id.eq(row.group_id))
            .filter(deposits::estate_id.eq(row.estate_id))
            .filter(deposits::deposit_id.eq(row.deposit_id)),
    )
    .set(row)
    .execute(conn)?;
    Ok(())
}

/// The estate's deposits, optionally of one unit or in one state, newest first.
pub fn list(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    unit_label: Option<&str>,
    status: Option<&str>,
) -> QueryResult<Vec<DepositRow>> {
    let mut q = deposits::table
        .filter(deposits::group_id.eq(group_id))
        .filter(deposits::estate_id.eq(estate_id))
        .into_boxed();
    if let Some(u) = unit_label {
        q = q.filter(deposits::unit_label.eq(u.to_string()));
    }
    if let Some(s) = status {
        q = q.filter(deposits::status.eq(s.to_string()));
    }
    q.order(deposits::created_at.desc())
        .limit(500)
        .select(DepositRow::as_select())
        .load(conn)
}

/// What was paid on a deposit's charge, per method, by the payments that stand (a reversed
/// payment paid nothing).
pub fn paid_by_method(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    charge_id: Uuid,
) -> QueryResult<std::collections::BTreeMap<String, i64>> {
    #[derive(QueryableByName)]
    struct Part {
        #[diesel(sql_type = diesel::sql_types::Text)]
        method: String,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        fen: i64,
    }
    let rows: Vec<Part> = diesel::sql_query(
        "SELECT p.method, sum(a.amount_fen)::bigint AS fen FROM billing.allocations a \
           JOIN billing.payments p ON p.group_id = a.group_id AND p.estate_id = a.estate_id \
                AND p.payment_id = a.payment_id \
          WHERE a.group_id = $1 AND a.estate_id = $2 AND a.charge_id = $3 \
            AND NOT EXISTS (SELECT 1 FROM billing.reversals r WHERE r.group_id = p.group_id \
                AND r.estate_id = p.estate_id AND r.payment_id = p.payment_id AND r.status = 'approved') \
          GROUP BY p.method",
    )
    .bind::<diesel::sql_types::Uuid, _>(group_id)
    .bind::<diesel::sql_types::Uuid, _>(estate_id)
    .bind::<diesel::sql_types::Uuid, _>(charge_id)
    .load(conn)?;
    Ok(rows.into_iter().map(|p| (p.method, p.fen)).collect())
}
