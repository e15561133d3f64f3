//! The one charge of a work order (a paid repair's fee, or a special service's charge on order),
//! found by the work order whichever path raised it.

use super::ledger::{ChargeRow, bump_period, insert_charge_once};
use super::schema::charges;
use diesel::prelude::*;
use uuid::Uuid;

/// Sources of work-order charges.
pub const WORK_SOURCES: [&str; 2] = ["work_order", "special_service"];

/// What correcting a work order's charge did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corrected {
    /// Already at the fee.
    Unchanged,
    /// No charge yet: raised at the fee.
    Raised,
    /// The amount changed.
    Amended { from: i64 },
    /// The fee is now zero and nothing was paid: the charge is gone.
    Cancelled,
    /// More than the new fee was already paid: left as it is (a refund goes through billing).
    PaidBeyond { paid: i64 },
}

pub fn lock_by_group_estate_work_order(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    work_order_id: &str,
) -> QueryResult<Option<ChargeRow>> {
    charges::table
        .filter(charges::group_id.eq(group_id))
        .filter(charges::estate_id.eq(estate_id))
        .filter(charges::source.eq_any(WORK_SOURCES))
        .filter(charges::source_id.eq(work_order_id))
        .select(ChargeRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// Bring the work order's charge to `fee_fen`: raise it (from `new`) when there is none, amend
/// its amount, or remove it when the fee is zero and nothing was paid. The month's figures of
/// the charge's period follow.
pub fn correct_to_fee(
    conn: &mut PgConnection,
    new: &ChargeRow,
    fee_fen: i64,
) -> QueryResult<Corrected> {
    let Some(c) =
        lock_by_group_estate_work_order(conn, new.group_id, new.estate_id, &new.source_id)?
    else {
        if fee_fen > 0 {
            insert_charge_once(conn, new)?;
            return Ok(Corrected::Raised);
        }
        return Ok(Corrected::Unchanged);
    };
    if c.amount_fen == fee_fen {
        return Ok(Corrected::Unchanged);
    }
    if fee_fen < c.paid_fen {
        return Ok(Corrected::PaidBeyond { paid: c.paid_fen });
    }
    let target = charges::table
        .filter(charges::group_id.eq(c.group_id))
        .filter(charges::estate_id.eq(c.estate_id))
        .filter(charges::charge_id.eq(c.charge_id));
    if fee_fen == 0 {
        diesel::delete(target).execute(conn)?;
        bump_period(
            conn,
            c.group_id,
            c.estate_id,
            &c.period,
            -1,
            -c.amount_fen,
            0,
        )?;
        return Ok(Corrected::Cancelled);
    }
    diesel::update(target)
        .set((
            charges::amount_fen.eq(fee_fen),
            charges::description.eq(&new.description),
        ))
        .execute(conn)?;
    bump_period(
        conn,
        c.group_id,
        c.estate_id,
        &c.period,
        0,
        fee_fen - c.amount_fen,
        0,
    )?;
    Ok(Corrected::Amended { from: c.amount_fen })
}
