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
