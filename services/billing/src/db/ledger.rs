//! Charges, payments and their allocations; receipt numbers.

use super::schema::{allocations, charges, payments};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = charges, check_for_backend(diesel::pg::Pg))]
pub struct ChargeRow {
    #[serde(skip)]
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub charge_id: Uuid,
    pub unit_label: String,
    pub source: String,
    pub source_id: String,
    pub description: String,
    pub amount_fen: i64,
    pub paid_fen: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = payments, check_for_backend(diesel::pg::Pg))]
pub struct PaymentRow {
    #[serde(skip)]
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub payment_id: Uuid,
    pub unit_label: String,
    pub method: String,
    pub amount_fen: i64,
    pub receipt_no: String,
    pub cashier: Uuid,
    pub taken_at: DateTime<Utc>,
    pub session_id: Option<Uuid>,
}

/// Insert a charge unless its source already has one; true when inserted.
pub fn insert_charge_once(conn: &mut PgConnection, row: &ChargeRow) -> QueryResult<bool> {
    Ok(diesel::insert_into(charges::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?
        == 1)
}

/// A unit's open charges, oldest first, locked for a payment.
pub fn lock_open_by_group_estate_unit(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    unit_label: &str,
) -> QueryResult<Vec<ChargeRow>> {
    charges::table
        .filter(charges::group_id.eq(group_id))
        .filter(charges::estate_id.eq(estate_id))
        .filter(charges::unit_label.eq(unit_label))
        .filter(charges::paid_fen.lt(charges::amount_fen))
        .order((charges::created_at.asc(), charges::charge_id.asc()))
        .select(ChargeRow::as_select())
        .for_update()
        .load(conn)
}

pub fn list_by_group_estate_unit(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    unit_label: &str,
) -> QueryResult<Vec<ChargeRow>> {
    charges::table
        .filter(charges::group_id.eq(group_id))
        .filter(charges::estate_id.eq(estate_id))
        .filter(charges::unit_label.eq(unit_label))
        .order(charges::created_at.asc())
        .select(ChargeRow::as_select())
        .load(conn)
}

pub fn add_paid(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    charge_id: Uuid,
    fen: i64,
) -> QueryResult<()> {
    diesel::update(
        charges::table
            .filter(charges::group_id.eq(group_id))
            .filter(charges::estate_id.eq(estate_id))
            .filter(charges::charge_id.eq(charge_id)),
    )
    .set(charges::paid_fen.eq(charges::paid_fen + fen))
    .execute(conn)?;
    Ok(())
}

pub fn insert_payment(conn: &mut PgConnection, row: &PaymentRow) -> QueryResult<()> {
    diesel::insert_into(payments::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn insert_allocation(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    payment_id: Uuid,
    charge_id: Uuid,
    fen: i64,
) -> QueryResult<()> {
    diesel::insert_into(allocations::table)
        .values((
            allocations::group_id.eq(group_id),
            allocations::estate_id.eq(estate_id),
            allocations::payment_id.eq(payment_id),
            allocations::charge_id.eq(charge_id),
            allocations::amount_fen.eq(fen),
        ))
        .execute(conn)?;
    Ok(())
}

/// The next receipt number of the estate's year, taken inside the payment's transaction, so
/// numbers have no gaps: a rolled-back payment gives its number back.
pub fn next_receipt_number(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    year: i32,
) -> QueryResult<i32> {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        last_no: i32,
    }
    let n: N = diesel::sql_query(
        "INSERT INTO billing.receipt_counters (group_id, estate_id, year, last_no) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (group_id, estate_id, year) DO UPDATE SET last_no = billing.receipt_counters.last_no + 1 RETURNING last_no",
    )
    .bind::<diesel::sql_types::Uuid, _>(group_id)
    .bind::<diesel::sql_types::Uuid, _>(estate_id)
    .bind::<diesel::sql_types::Integer, _>(year)
    .get_result(conn)?;
    Ok(n.last_no)
}

pub fn find_payment(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    payment_id: Uuid,
) -> QueryResult<Option<PaymentRow>> {
    payments::table
        .filter(payments::group_id.eq(group_id))
        .filter(payments::estate_id.eq(estate_id))
        .filter(payments::payment_id.eq(payment_id))
        .select(PaymentRow::as_select())
        .first(conn)
        .optional()
}

/// One line of a receipt: the charge, what the payment put on it, and what the charge was for.
pub type ReceiptLine = (Uuid, i64, String, String, String);

/// The allocations of a payment with the charges they paid.
pub fn allocations_of(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    payment_id: Uuid,
) -> QueryResult<Vec<ReceiptLine>> {
    allocations::table
        .inner_join(
            charges::table.on(charges::group_id
                .eq(allocations::group_id)
                .and(charges::estate_id.eq(allocations::estate_id))
                .and(charges::charge_id.eq(allocations::charge_id))),
        )
        .filter(allocations::group_id.eq(group_id))
        .filter(allocations::estate_id.eq(estate_id))
        .filter(allocations::payment_id.eq(payment_id))
        .select((
            allocations::charge_id,
            allocations::amount_fen,
            charges::description,
            charges::source,
            charges::source_id,
        ))
        .load(conn)
}
