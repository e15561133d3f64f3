//! The book-keeping operations, each one transaction: taking a payment (at the desk or from the
//! resident portal), reversing one, refunding a deposit. Handlers check who may ask; these keep
//! the books balanced: Σ charges = Σ payments − Σ approved reversals + Σ owed.

use crate::db::deposits;
use crate::db::drawer;
use crate::db::ledger::{self, PaymentRow};
use crate::domain::allocation::{Owed, allocate, receipt_no};
use crate::error::Error;
use crate::events::{OUTBOX, payment_recorded, payment_reversed};
use chrono::{DateTime, Utc};
use desk_events::topics;
use diesel::PgConnection;
use std::collections::BTreeMap;
use uuid::Uuid;

pub const METHODS: [&str; 5] = ["cash", "card", "bank_transfer", "wechat", "alipay"];

/// A payment to take for a unit.
#[derive(Debug, Clone)]
pub struct Payment {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub unit_label: String,
    pub method: String,
    pub amount_fen: i64,
    /// Charges the payer chose, in the order to pay them; empty: the oldest first.
    pub charge_ids: Vec<Uuid>,
    /// Who took it: a cashier, or the resident paying online.
    pub taken_by: Uuid,
    /// The cashier's open drawer; `None` for payments that do not pass a drawer (online).
    pub session_id: Option<Uuid>,
    pub correlation_id: Uuid,
    pub actor_kind: &'static str,
    /// The caller's `Idempotency-Key`: the same key again finds the first payment.
    pub idempotency_key: Option<String>,
}

/// A payment taken, or found again by its idempotency key.
pub struct Taken {
    pub payment: PaymentRow,
    pub created: bool,
}

/// Take a payment: allocate it, number its receipt (gap-free per estate and year), settle
/// deposits it completes, announce what paid work it paid. The unit's open charges are locked
/// first, so a retry with the same idempotency key waits for the first and then finds it.
pub fn take_payment(
    conn: &mut PgConnection,
    p: Payment,
    now: DateTime<Utc>,
) -> Result<Taken, Error> {
    let open =
        ledger::lock_open_by_group_estate_unit(conn, p.group_id, p.estate_id, &p.unit_label)?;
    if let Some(key) = &p.idempotency_key
        && let Some(payment) =
            ledger::find_by_idempotency_key(conn, p.group_id, p.estate_id, p.taken_by, key)?
    {
        return Ok(Taken {
            payment,
            created: false,
        });
    }
    let chosen: Vec<usize> = if p.charge_ids.is_empty() {
        (0..open.len()).collect()
    } else {
        let mut v = Vec::with_capacity(p.charge_ids.len());
        for id in &p.charge_ids {
            let i = open
                .iter()
                .position(|c| c.charge_id == *id)
                .ok_or(Error::Rule(
                    "charge_not_open",
                    "A chosen charge is not an open charge of this unit.",
                ))?;
            if !v.contains(&i) {
                v.push(i);
            }
        }
        v
    };
    let owed: Vec<Owed<usize>> = chosen
        .iter()
        .map(|&i| Owed {
            id: i,
            owed_fen: open[i].amount_fen - open[i].paid_fen,
        })
        .collect();
    let parts = allocate(&owed, p.amount_fen).ok_or(Error::Rule(
        "amount_exceeds_owed",
        "The amount is more than the unit owes, or not positive.",
    ))?;
    // The receipt's year is the estate's year: a payment at 01:00 on 1 January is the new year's.
    let year = crate::db::calendar::zone_by_group_estate(conn, p.group_id, p.estate_id)?.year(now);
    let n = ledger::next_receipt_number(conn, p.group_id, p.estate_id, year)?;
    let code = p.estate_id.simple().to_string()[..6].to_uppercase();
    let row = PaymentRow {
        group_id: p.group_id,
        estate_id: p.estate_id,
        payment_id: Uuid::now_v7(),
        unit_label: p.unit_label,
        method: p.method,
        amount_fen: p.amount_fen,
        receipt_no: receipt_no(&code, year, n),
        cashier: p.taken_by,
        taken_at: now,
        session_id: p.session_id,
        prints: 0,
        idempotency_key: p.idempotency_key.clone(),
    };
    ledger::insert_payment(conn, &row)?;
    let mut by_period: BTreeMap<String, i64> = BTreeMap::new();
    let mut completed: Vec<ledger::ChargeRow> = Vec::new();
    for (i, fen) in parts {
        let c = &open[i];
        if c.paid_fen + fen == c.amount_fen {
            completed.push(c.clone());
        }
        ledger::insert_allocation(
            conn,
            p.group_id,
            p.estate_id,
            row.payment_id,
            c.charge_id,
            fen,
        )?;
        let period = ledger::add_paid(conn, p.group_id, p.estate_id, c.charge_id, fen)?;
        *by_period.entry(period).or_default() += fen;
        match c.source.as_str() {
            "work_order" | "special_service" => OUTBOX.enqueue(
                conn,
                topics::LEDGER,
                &payment_recorded(&row, &c.source_id, fen, p.correlation_id, p.actor_kind),
            )?,
            "deposit" if c.paid_fen + fen == c.amount_fen => {
                deposits::mark_held(conn, p.group_id, p.estate_id, c.charge_id, &row)?;
            }
            _ => {}
        }
    }
    ledger::collected(conn, p.group_id, p.estate_id, &by_period)?;
    // A pass whose charges are now all paid is handed over against this receipt.
    crate::events::passes::announce_paid(conn, &row, &completed, p.correlation_id, p.actor_kind)?;
    Ok(Taken {
        payment: row,
        created: true,
    })
}

/// Approve a requested reversal: the payment comes off every charge it paid, the money goes
/// back out of the requesting cashier's open drawer (or through finance when none is open).
pub fn approve_reversal(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    payment_id: Uuid,
    approver: Uuid,
    correlation_id: Uuid,
    now: DateTime<Utc>,
) -> Result<ledger::ReversalRow, Error> {
    let mut r = ledger::lock_reversal(conn, group_id, estate_id, payment_id)?
        .ok_or(Error::NotFound("reversal"))?;
    if r.status != "requested" {
        return Err(Error::Rule(
            "reversal_decided",
            "This reversal was already decided.",
        ));
    }
    if r.requested_by == approver {
        return Err(Error::Rule(
            "own_reversal",
            "A reversal is approved by another person than the one who asked for it.",
        ));
    }
    let payment = ledger::find_payment(conn, group_id, estate_id, payment_id)?
        .ok_or(Error::NotFound("payment"))?;
    let mut work: Vec<(String, i64)> = Vec::new();
    let mut by_period: BTreeMap<String, i64> = BTreeMap::new();
    let lines = ledger::allocations_of(conn, group_id, estate_id, payment_id)?;
    let reopened: Vec<(String, String, String)> = lines
        .iter()
        .map(|(_, _, description, source, source_id)| {
            (source.clone(), source_id.clone(), description.clone())
        })
        .collect();
    for (charge_id, fen, _, source, source_id) in lines {
        if source == "deposit" && !deposits::release_paid(conn, group_id, estate_id, charge_id)? {
            return Err(Error::Rule(
                "deposit_returned",
                "The deposit this payment paid has been returned; refund it instead.",
            ));
        }
        let period = ledger::add_paid(conn, group_id, estate_id, charge_id, -fen)?;
        *by_period.entry(period).or_default() -= fen;
        if matches!(source.as_str(), "work_order" | "special_service") {
            work.push((source_id, fen));
        }
    }
    ledger::collected(conn, group_id, estate_id, &by_period)?;
    r.status = "approved".into();
    r.decided_by = Some(approver);
    r.decided_at = Some(now);
    // Out of the requester's open drawer when it holds today's takings; a drawer of another
    // day's deadline pays nothing out (the money goes back through finance).
    r.session_id = match drawer::open_of_cashier(conn, group_id, estate_id, r.requested_by)? {
        Some(s) if crate::http::drawer::same_takings_day(conn, &s, now).is_ok() => {
            Some(s.session_id)
        }
        _ => None,
    };
    ledger::save_reversal(conn, &r)?;
    if work.is_empty() {
        OUTBOX.enqueue(
            conn,
            topics::LEDGER,
            &payment_reversed(&payment, &r, None, correlation_id),
        )?;
    }
    for (work_order_id, fen) in &work {
        OUTBOX.enqueue(
            conn,
            topics::LEDGER,
            &payment_reversed(&payment, &r, Some((work_order_id, *fen)), correlation_id),
        )?;
    }
    // A pass handed over against this receipt waits for finance's receipt again.
    crate::events::passes::announce_owed(conn, &payment, &reopened, (correlation_id, approver))?;
    Ok(r)
}
