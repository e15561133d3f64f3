//! Key deposits from outsiders (钥匙借用押金): reception lends a key against a deposit and
//! billing takes it like any money at the desk — a deposit charge on the loan's own account
//! (`KEY-…`), paid at the cash desk into the drawer against a receipt, and refunded out of it,
//! the way it was paid, once the key is back.

use super::passes::{KEY_PREFIX, deposit_back};
use crate::db::deposits::{self, DepositRow};
use crate::db::ledger::{self, ChargeRow};
use chrono::{DateTime, Utc};
use desk_events::consumer::{ApplyError, Handler};
use desk_events::{Envelope, Payload, topics};
use desk_platform::Clock;
use diesel::PgConnection;
use uuid::Uuid;

/// The topics `key_handler` reads.
pub const KEY_TOPICS: [&str; 1] = [topics::INTAKE];

/// The account a loan's deposit is taken on: no unit's, the loan's own.
pub fn account_of(loan_id: Uuid) -> String {
    let hex = loan_id.simple().to_string().to_uppercase();
    format!("KEY-{}", &hex[hex.len() - 8..])
}

pub fn key_handler(clock: Clock) -> Handler {
    Handler::new(
        |e| {
            matches!(
                e.payload,
                Some(Payload::KeyLoanOpened(_) | Payload::KeyLoanReturned(_))
            )
        },
        move |conn, e| apply_key(conn, e, clock()),
    )
}

fn apply_key(
    conn: &mut PgConnection,
    event: &Envelope,
    now: DateTime<Utc>,
) -> Result<(), ApplyError> {
    let (Some(group_id), Some(estate_id)) = (event.group(), event.estate()) else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    match &event.payload {
        Some(Payload::KeyLoanOpened(k)) => {
            let Ok(loan_id) = k.loan_id.parse::<Uuid>() else {
                return Err(ApplyError::Reject("loan id is not a UUID".into()));
            };
            if k.deposit_fen <= 0 {
                return Ok(());
            }
            let held_for = format!("{KEY_PREFIX}{loan_id}");
            let account = account_of(loan_id);
            let charge = ChargeRow {
                group_id,
                estate_id,
                charge_id: Uuid::now_v7(),
                unit_label: account.clone(),
                source: "deposit".into(),
                source_id: held_for.clone(),
                description: format!("钥匙押金 {}", k.key_label),
                amount_fen: k.deposit_fen,
                paid_fen: 0,
                created_at: now,
                period: crate::db::calendar::zone_by_group_estate(conn, group_id, estate_id)?
                    .month(now),
            };
            if ledger::insert_charge_once(conn, &charge)? {
                deposits::insert_once(
                    conn,
                    &DepositRow {
                        group_id,
                        estate_id,
                        deposit_id: Uuid::now_v7(),
                        unit_label: account,
                        holder_name: k.borrower_name.clone(),
                        pass_id: held_for,
                        pass_no: k.key_label.clone(),
                        amount_fen: k.deposit_fen,
                        charge_id: charge.charge_id,
                        status: "unpaid".into(),
                        receipt_no: None,
                        payment_id: None,
                        returned_at: None,
                        refunded_at: None,
                        refunded_by: None,
                        refund_method: None,
                        refund_session: None,
                        created_at: now,
                        refund_cash_fen: 0,
                    },
                )?;
                tracing::info!(%estate_id, %loan_id, "Key deposit owed at the cash desk.");
            }
        }
        Some(Payload::KeyLoanReturned(k)) => {
            let Ok(loan_id) = k.loan_id.parse::<Uuid>() else {
                return Err(ApplyError::Reject("loan id is not a UUID".into()));
            };
            deposit_back(
                conn,
                group_id,
                estate_id,
                &format!("{KEY_PREFIX}{loan_id}"),
                now,
            )?;
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loan_has_an_account_of_its_own() {
        let id = Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_dead_beef);
        assert_eq!(account_of(id), "KEY-DEADBEEF");
    }
}
