//! Charges, payments and their allocations; receipt numbers.

use super::schema::{allocations, charges, payments, reversals};
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
    /// The month the charge is for, `YYYY-MM`.
    pub period: String,
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
    /// How often the receipt was printed; every print after the first is a copy.
    pub prints: i32,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Insert a charge unless its source already has one; true when inserted. The month's
/// figures count it in the same transaction.
pub fn insert_charge_once(conn: &mut PgConnection, row: &ChargeRow) -> QueryResult<bool> {
    let inserted = diesel::insert_into(charges::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?
        == 1;
    if inserted {
        bump_period(
            conn,
            row.group_id,
            row.estate_id,
            &row.period,
            1,
            row.amount_fen,
            0,
        )?;
    }
    Ok(inserted)
}

/// Add to the estate's figures for a month (the read model behind the monthly summary, the
/// collection rate and head office's ranking).
pub fn bump_period(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    period: &str,
    charges: i64,
    charged_fen: i64,
    collected_fen: i64,
) -> QueryResult<()> {
    use diesel::sql_types::{BigInt, Text, Uuid as SqlUuid};
    diesel::sql_query(
        "INSERT INTO billing.period_stats (group_id, estate_id, period, charges, charged_fen, collected_fen) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (group_id, estate_id, period) DO UPDATE SET \
         charges = billing.period_stats.charges + EXCLUDED.charges, \
         charged_fen = billing.period_stats.charged_fen + EXCLUDED.charged_fen, \
         collected_fen = billing.period_stats.collected_fen + EXCLUDED.collected_fen",
    )
    .bind::<SqlUuid, _>(group_id)
    .bind::<SqlUuid, _>(estate_id)
    .bind::<Text, _>(period)
    .bind::<BigInt, _>(charges)
    .bind::<BigInt, _>(charged_fen)
    .bind::<BigInt, _>(collected_fen)
    .execute(conn)?;
    Ok(())
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

/// Put `fen` on the charge (negative: take it off, for a reversal); the charge's month, whose
/// collected figure the caller moves once per month with [`collected`].
pub fn add_paid(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    charge_id: Uuid,
    fen: i64,
) -> QueryResult<String> {
    diesel::update(
        charges::table
            .filter(charges::group_id.eq(group_id))
            .filter(charges::estate_id.eq(estate_id))
            .filter(charges::charge_id.eq(charge_id)),
    )
    .set(charges::paid_fen.eq(charges::paid_fen + fen))
    .returning(charges::period)
    .get_result(conn)
}

/// Count what a payment (or its reversal) put on each month's charges as collected: one update
/// of the month's figures per month, not per charge.
pub fn collected(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    by_period: &std::collections::BTreeMap<String, i64>,
) -> QueryResult<()> {
    for (period, fen) in by_period {
        bump_period(conn, group_id, estate_id, period, 0, 0, *fen)?;
    }
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

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = reversals, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct ReversalRow {
    #[serde(skip)]
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub payment_id: Uuid,
    pub amount_fen: i64,
    pub reason: String,
    pub status: String,
    pub requested_by: Uuid,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub session_id: Option<Uuid>,
    pub method: String,
}

/// Ask for a reversal; false when the payment already has one (asked, approved or refused).
pub fn insert_reversal(conn: &mut PgConnection, row: &ReversalRow) -> QueryResult<bool> {
    Ok(diesel::insert_into(reversals::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?
        == 1)
}

pub fn find_reversal(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    payment_id: Uuid,
) -> QueryResult<Option<ReversalRow>> {
    reversals::table
        .filter(reversals::group_id.eq(group_id))
        .filter(reversals::estate_id.eq(estate_id))
        .filter(reversals::payment_id.eq(payment_id))
        .select(ReversalRow::as_select())
        .first(conn)
        .optional()
}

pub fn lock_reversal(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    payment_id: Uuid,
) -> QueryResult<Option<ReversalRow>> {
    reversals::table
        .filter(reversals::group_id.eq(group_id))
        .filter(reversals::estate_id.eq(estate_id))
        .filter(reversals::payment_id.eq(payment_id))
        .select(ReversalRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn save_reversal(conn: &mut PgConnection, row: &ReversalRow) -> QueryResult<()> {
    diesel::update(
        reversals::table
            .filter(reversals::group_id.eq(row.group_id))
            .filter(reversals::estate_id.eq(row.estate_id))
            .filter(reversals::payment_id.eq(row.payment_id)),
    )
    .set(row)
    .execute(conn)?;
    Ok(())
}

/// Reversals of the estate waiting for a supervisor, oldest first.
pub fn waiting_reversals(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
) -> QueryResult<Vec<(ReversalRow, String, String)>> {
    reversals::table
        .inner_join(
            payments::table.on(payments::group_id
                .eq(reversals::group_id)
                .and(payments::estate_id.eq(reversals::estate_id))
                .and(payments::payment_id.eq(reversals::payment_id))),
        )
        .filter(reversals::group_id.eq(group_id))
        .filter(reversals::estate_id.eq(estate_id))
        .filter(reversals::status.eq("requested"))
        .order(reversals::requested_at.asc())
        .select((
            ReversalRow::as_select(),
            payments::receipt_no,
            payments::unit_label,
        ))
        .load(conn)
}

/// Count one more print of the receipt; the new count.
pub fn count_print(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    payment_id: Uuid,
) -> QueryResult<Option<i32>> {
    diesel::update(
        payments::table
            .filter(payments::group_id.eq(group_id))
            .filter(payments::estate_id.eq(estate_id))
            .filter(payments::payment_id.eq(payment_id)),
    )
    .set(payments::prints.eq(payments::prints + 1))
    .returning(payments::prints)
    .get_result(conn)
    .optional()
}

/// The estate's payments taken in `[from, to)`, in order, with their reversal's status.
pub fn payments_between(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> QueryResult<Vec<(PaymentRow, Option<String>)>> {
    payments::table
        .left_join(
            reversals::table.on(reversals::group_id
                .eq(payments::group_id)
                .and(reversals::estate_id.eq(payments::estate_id))
                .and(reversals::payment_id.eq(payments::payment_id))),
        )
        .filter(payments::group_id.eq(group_id))
        .filter(payments::estate_id.eq(estate_id))
        .filter(payments::taken_at.ge(from))
        .filter(payments::taken_at.lt(to))
        .order((payments::taken_at.asc(), payments::payment_id.asc()))
        .select((PaymentRow::as_select(), reversals::status.nullable()))
        .load(conn)
}

/// Close an unpaid or part-paid charge at what was paid (a deposit whose pass came back before
/// it was paid in full): removed when nothing was paid. The month's figures follow. Returns what
/// had been paid, and the receipt of the last payment on it.
pub fn cancel_unpaid(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    charge_id: Uuid,
) -> QueryResult<(i64, Option<(Uuid, String)>)> {
    let c: ChargeRow = charges::table
        .filter(charges::group_id.eq(group_id))
        .filter(charges::estate_id.eq(estate_id))
        .filter(charges::charge_id.eq(charge_id))
        .select(ChargeRow::as_select())
        .for_update()
        .first(conn)?;
    let target = charges::table
        .filter(charges::group_id.eq(group_id))
        .filter(charges::estate_id.eq(estate_id))
        .filter(charges::charge_id.eq(charge_id));
    if c.paid_fen == 0 {
        diesel::delete(target).execute(conn)?;
        bump_period(conn, group_id, estate_id, &c.period, -1, -c.amount_fen, 0)?;
        return Ok((0, None));
    }
    diesel::update(target)
        .set(charges::amount_fen.eq(c.paid_fen))
        .execute(conn)?;
    bump_period(
        conn,
        group_id,
        estate_id,
        &c.period,
        0,
        c.paid_fen - c.amount_fen,
        0,
    )?;
    let last = allocations::table
        .inner_join(
            payments::table.on(payments::group_id
                .eq(allocations::group_id)
                .and(payments::estate_id.eq(allocations::estate_id))
                .and(payments::payment_id.eq(allocations::payment_id))),
        )
        .filter(allocations::group_id.eq(group_id))
        .filter(allocations::estate_id.eq(estate_id))
        .filter(allocations::charge_id.eq(charge_id))
        .order(payments::taken_at.desc())
        .select((payments::payment_id, payments::receipt_no))
        .first(conn)
        .optional()?;
    Ok((c.paid_fen, last))
}

/// A unit's latest payments, newest first.
pub fn payments_of_unit(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    unit_label: &str,
    limit: i64,
) -> QueryResult<Vec<PaymentRow>> {
    payments::table
        .filter(payments::group_id.eq(group_id))
        .filter(payments::estate_id.eq(estate_id))
        .filter(payments::unit_label.eq(unit_label))
        .order(payments::taken_at.desc())
        .limit(limit)
        .select(PaymentRow::as_select())
        .load(conn)
}

/// The payment `taken_by` made with `key`, if any.
pub fn find_by_idempotency_key(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    taken_by: Uuid,
    key: &str,
) -> QueryResult<Option<PaymentRow>> {
    payments::table
        .filter(payments::group_id.eq(group_id))
        .filter(payments::estate_id.eq(estate_id))
        .filter(payments::cashier.eq(taken_by))
        .filter(payments::idempotency_key.eq(key))
        .select(PaymentRow::as_select())
        .first(conn)
        .optional()
}
