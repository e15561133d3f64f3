//! Passes at the cash desk. A pass issued raises its card fee and deposit, a renewal its fee,
//! at the prices of the estate's fee schedule; a returned pass makes its deposit due for
//! refund. Once every charge of a pass is paid, `billing.pass.charges_paid` tells documents
//! that finance's receipt exists, and the pass is handed over (凭财务部收据方可领证).

use super::OUTBOX;
use crate::db::deposits::{self, DepositRow};
use crate::db::fees;
use crate::db::ledger::{self, ChargeRow, PaymentRow};
use crate::db::schema::charges;
use crate::domain::pass_fees::PassFees;
use chrono::{DateTime, Utc};
use desk_events::consumer::{ApplyError, Handler};
use desk_events::proto::desk::v1::billing::{PassChargesOwed, PassChargesPaid};
use desk_events::{Envelope, EventMeta, Payload, envelope, topics};
use desk_platform::Clock;
use diesel::prelude::*;
use uuid::Uuid;

/// What a key deposit is held for: `key:{loan}`.
pub const KEY_PREFIX: &str = "key:";

/// The topics `pass_handler` reads.
pub const PASS_TOPICS: [&str; 1] = [topics::RECORDS];

/// Passes issued raise the card fee and the deposit; renewals the renewal fee; a returned pass
/// makes its deposit due for refund. "Now" is the service's clock.
pub fn pass_handler(clock: Clock) -> Handler {
    Handler::new(
        |e| {
            matches!(
                e.payload,
                Some(Payload::PassIssued(_) | Payload::PassRenewed(_) | Payload::PassReturned(_))
            )
        },
        move |conn, e| apply_pass(conn, e, clock()),
    )
}

/// The pass a pass charge belongs to: its deposit is keyed by the pass, its fees by
/// `{pass}/fee` and `{pass}/renewal/{until}`.
pub fn pass_of(source_id: &str) -> &str {
    source_id.split('/').next().unwrap_or(source_id)
}

/// The pass's charges still owed, and what its charges came to: (open, deposit, card fee,
/// renewal fees).
fn pass_charges(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    pass_id: &str,
) -> QueryResult<(bool, i64, i64, i64)> {
    let rows: Vec<(String, String, i64, i64)> = charges::table
        .filter(charges::group_id.eq(group_id))
        .filter(charges::estate_id.eq(estate_id))
        .filter(charges::source.eq_any(["pass", "deposit"]))
        .filter(
            charges::source_id
                .eq(pass_id)
                .or(charges::source_id.like(format!("{pass_id}/%"))),
        )
        .select((
            charges::source,
            charges::source_id,
            charges::amount_fen,
            charges::paid_fen,
        ))
        .load(conn)?;
    let open = rows.iter().any(|(_, _, amount, paid)| paid < amount);
    let sum = |f: &dyn Fn(&str, &str) -> bool| -> i64 {
        rows.iter()
            .filter(|(src, id, _, _)| f(src, id))
            .map(|(_, _, amount, _)| amount)
            .sum()
    };
    Ok((
        open,
        sum(&|src, _| src == "deposit"),
        sum(&|src, id| src == "pass" && id.ends_with("/fee")),
        sum(&|src, id| src == "pass" && id.contains("/renewal/")),
    ))
}

fn paid_event(meta: &EventMeta, paid: PassChargesPaid) -> Envelope {
    envelope(
        meta,
        "billing.pass.charges_paid",
        Payload::PassChargesPaid(paid),
    )
}

/// After a payment: for each pass whose charge it completed, announce the pass paid once none
/// of its charges is owed any more. In the payment's transaction.
pub fn announce_paid(
    conn: &mut PgConnection,
    payment: &PaymentRow,
    completed: &[ChargeRow],
    correlation_id: Uuid,
    actor_kind: &'static str,
) -> Result<(), crate::error::Error> {
    let mut seen: Vec<&str> = Vec::new();
    for c in completed {
        if !matches!(c.source.as_str(), "pass" | "deposit") || c.source_id.starts_with(KEY_PREFIX) {
            continue;
        }
        let pass_id = pass_of(&c.source_id);
        if seen.contains(&pass_id) {
            continue;
        }
        seen.push(pass_id);
        let (open, deposit, fee, renewals) =
            pass_charges(conn, payment.group_id, payment.estate_id, pass_id)?;
        if open {
            continue;
        }
        let pass_no = c
            .description
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_string();
        let meta = EventMeta {
            group_id: payment.group_id,
            estate_id: payment.estate_id,
            aggregate_id: pass_id.parse().unwrap_or_default(),
            aggregate_version: 1,
            correlation_id,
            causation_id: None,
            actor_kind,
            actor_id: payment.cashier.to_string(),
        };
        let paid = PassChargesPaid {
            pass_id: pass_id.to_string(),
            pass_no,
            receipt_no: payment.receipt_no.clone(),
            deposit_fen: deposit,
            card_fee_fen: fee,
            renewal_fee_fen: renewals,
        };
        OUTBOX.enqueue(conn, topics::LEDGER, &paid_event(&meta, paid))?;
    }
    Ok(())
}

/// After a reversal: for each pass whose card fee or deposit the reversed payment had paid,
/// announce its charges owed again (`lines`: the reversed payment's charges, as (source,
/// source id, description)). A renewal's fee does not hold the card back (the holder keeps it
/// while the fee is owed), so a reversal of it alone announces nothing. In the reversal's
/// transaction.
pub fn announce_owed(
    conn: &mut PgConnection,
    payment: &PaymentRow,
    lines: &[(String, String, String)],
    (correlation_id, actor_id): (Uuid, Uuid),
) -> Result<(), crate::error::Error> {
    let mut seen: Vec<&str> = Vec::new();
    for (source, source_id, description) in lines {
        let on_issue = match source.as_str() {
            "deposit" => !source_id.starts_with(KEY_PREFIX) && !source_id.contains('/'),
            "pass" => source_id.ends_with("/fee"),
            _ => false,
        };
        if !on_issue {
            continue;
        }
        let pass_id = pass_of(source_id);
        if seen.contains(&pass_id) {
            continue;
        }
        seen.push(pass_id);
        let owed = pass_owed(conn, payment.group_id, payment.estate_id, pass_id)?;
        if owed == 0 {
            continue;
        }
        let meta = EventMeta {
            group_id: payment.group_id,
            estate_id: payment.estate_id,
            aggregate_id: pass_id.parse().unwrap_or_default(),
            aggregate_version: 1,
            correlation_id,
            causation_id: None,
            actor_kind: "staff",
            actor_id: actor_id.to_string(),
        };
        let owed = PassChargesOwed {
            pass_id: pass_id.to_string(),
            pass_no: description
                .rsplit(' ')
                .next()
                .unwrap_or_default()
                .to_string(),
            receipt_no: payment.receipt_no.clone(),
            owed_fen: owed,
        };
        OUTBOX.enqueue(
            conn,
            topics::LEDGER,
            &envelope(
                &meta,
                "billing.pass.charges_owed",
                Payload::PassChargesOwed(owed),
            ),
        )?;
    }
    Ok(())
}

/// What of the pass's charges is still owed, in fen.
fn pass_owed(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    pass_id: &str,
) -> QueryResult<i64> {
    let rows: Vec<(i64, i64)> = charges::table
        .filter(charges::group_id.eq(group_id))
        .filter(charges::estate_id.eq(estate_id))
        .filter(charges::source.eq_any(["pass", "deposit"]))
        .filter(
            charges::source_id
                .eq(pass_id)
                .or(charges::source_id.like(format!("{pass_id}/%"))),
        )
        .select((charges::amount_fen, charges::paid_fen))
        .load(conn)?;
    Ok(rows.iter().map(|(amount, paid)| amount - paid).sum())
}

fn apply_pass(
    conn: &mut PgConnection,
    event: &Envelope,
    now: DateTime<Utc>,
) -> Result<(), ApplyError> {
    let (Some(group_id), Some(estate_id)) = (event.group(), event.estate()) else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    let period = crate::db::calendar::zone_by_group_estate(conn, group_id, estate_id)?.month(now);
    let charge =
        |source: &str, source_id: String, unit: &str, description: String, fen: i64| ChargeRow {
            group_id,
            estate_id,
            charge_id: Uuid::now_v7(),
            unit_label: unit.to_string(),
            source: source.to_string(),
            source_id,
            description,
            amount_fen: fen,
            paid_fen: 0,
            created_at: now,
            period: period.clone(),
        };
    let schedule = |conn: &mut PgConnection| -> QueryResult<PassFees> {
        Ok(fees::schedule(conn, group_id, estate_id)?
            .map(|(_, items)| PassFees::from_items(&items))
            .unwrap_or_default())
    };
    match &event.payload {
        Some(Payload::PassIssued(p)) => {
            if p.unit_label.is_empty() {
                return Err(ApplyError::Reject("a pass charge needs the unit".into()));
            }
            // The estate's fee schedule sets the price, not the desk that issued the pass.
            let (deposit_fen, card_fee_fen) = schedule(conn)?.on_issue(&p.kind);
            if card_fee_fen > 0 {
                let fee = charge(
                    "pass",
                    format!("{}/fee", p.pass_id),
                    &p.unit_label,
                    format!("出入证工本费 {}", p.pass_no),
                    card_fee_fen,
                );
                ledger::insert_charge_once(conn, &fee)?;
            }
            if deposit_fen > 0 {
                let dep = charge(
                    "deposit",
                    p.pass_id.clone(),
                    &p.unit_label,
                    format!("出入证押金 {}", p.pass_no),
                    deposit_fen,
                );
                if ledger::insert_charge_once(conn, &dep)? {
                    deposits::insert_once(
                        conn,
                        &DepositRow {
                            group_id,
                            estate_id,
                            deposit_id: Uuid::now_v7(),
                            unit_label: p.unit_label.clone(),
                            holder_name: p.holder_name.clone(),
                            pass_id: p.pass_id.clone(),
                            pass_no: p.pass_no.clone(),
                            amount_fen: deposit_fen,
                            charge_id: dep.charge_id,
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
                }
            }
            if deposit_fen == 0 && card_fee_fen == 0 && p.kind != "resident" {
                // Nothing to pay: the pass is handed over at once.
                let meta =
                    EventMeta::caused_by(event, p.pass_id.parse().unwrap_or_default(), "system");
                let paid = PassChargesPaid {
                    pass_id: p.pass_id.clone(),
                    pass_no: p.pass_no.clone(),
                    ..Default::default()
                };
                OUTBOX.enqueue(conn, topics::LEDGER, &paid_event(&meta, paid))?;
            }
            tracing::info!(%estate_id, pass_id = %p.pass_id, "Pass charges raised.");
        }
        Some(Payload::PassRenewed(p)) => {
            let fee_fen = schedule(conn)?.on_renewal(&p.kind, p.renewal_fee_fen);
            if fee_fen > 0 {
                let fee = charge(
                    "pass",
                    format!("{}/renewal/{}", p.pass_id, p.valid_until),
                    &p.unit_label,
                    format!("出入证续期费 {}", p.pass_no),
                    fee_fen,
                );
                ledger::insert_charge_once(conn, &fee)?;
            }
        }
        Some(Payload::PassReturned(p)) => {
            deposit_back(conn, group_id, estate_id, &p.pass_id, now)?;
        }
        _ => {}
    }
    Ok(())
}

/// What was deposited against `held_for` (a pass, or `key:{loan}`) is handed back: a paid
/// deposit becomes due for refund; an unpaid one is cancelled (what part of it was paid is due).
pub fn deposit_back(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    held_for: &str,
    now: DateTime<Utc>,
) -> Result<(), ApplyError> {
    let Some(mut d) = deposits::lock_by_pass(conn, group_id, estate_id, held_for)? else {
        return Ok(());
    };
    if d.returned_at.is_some() {
        return Ok(());
    }
    d.returned_at = Some(now);
    d.status = match d.status.as_str() {
        "held" => "refund_due".into(),
        // Handed back before the deposit was paid: nothing to refund, nothing owed.
        "unpaid" => {
            let (paid, last) = ledger::cancel_unpaid(conn, group_id, estate_id, d.charge_id)?;
            if paid == 0 {
                "void".into()
            } else {
                d.amount_fen = paid;
                d.payment_id = last.as_ref().map(|l| l.0);
                d.receipt_no = last.map(|l| l.1);
                "refund_due".into()
            }
        }
        other => other.to_string(),
    };
    deposits::save(conn, &d)?;
    tracing::info!(%estate_id, status = %d.status, "Deposit handed back; it is settled.");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_charge_names_its_pass() {
        assert_eq!(pass_of("0193-abc"), "0193-abc");
        assert_eq!(pass_of("0193-abc/fee"), "0193-abc");
        assert_eq!(pass_of("0193-abc/renewal/2027-03-01"), "0193-abc");
    }
}
