//! Issuing, renewing and taking back passes: each checks the registry and the pass rules, writes
//! the register row and the event billing charges from, in the caller's transaction.

use super::registry::Actor;
use crate::db::passes::{self as q, PassRow};
use crate::db::registry::{self as registry, ResidentRow, UnitRow};
use crate::domain::passes::{self as rules, Kind, Refusal};
use crate::domain::registry::{self as reg_rules, invalid};
use crate::error::Error;
use crate::events::{OUTBOX, passes as events};
use crate::privacy::{IdSealer, last4};
use chrono::{DateTime, NaiveDate, Utc};
use desk_events::topics;
use diesel::PgConnection;
use uuid::Uuid;

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Self {
        Error::Rule(r.code, r.title)
    }
}

pub struct NewPass {
    pub kind: String,
    /// The unit, by id or by its number as the desk types it.
    pub unit_id: Option<Uuid>,
    pub unit_label: Option<String>,
    pub holder_name: String,
    pub holder_phone: Option<String>,
    pub holder_id_number: String,
    /// The holder's own record in the registry, when there is one.
    pub resident_id: Option<Uuid>,
    /// For a temporary pass: the owner who brought the workers.
    pub owner_resident_id: Option<Uuid>,
    /// The last day asked for; the longest the rules allow when none.
    pub valid_until: Option<NaiveDate>,
    /// The desk's `Idempotency-Key`: a retry returns the pass the first request issued.
    pub idempotency_key: Option<String>,
}

fn find_unit(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    unit_id: Option<Uuid>,
    unit_label: Option<&str>,
) -> Result<UnitRow, Error> {
    let unit = match (unit_id, unit_label.map(str::trim).filter(|l| !l.is_empty())) {
        (Some(id), _) => registry::find_unit_by_group_estate(conn, group_id, estate_id, id)?,
        (None, Some(label)) => {
            let label = reg_rules::unit_label(label)?;
            registry::find_unit_by_group_estate_label(conn, group_id, estate_id, &label)?
        }
        (None, None) => return Err(invalid("unit", "give unit_id or unit_label").into()),
    };
    let unit = unit.ok_or(Error::Rule("unknown_unit", "The estate has no such unit."))?;
    if !unit.active {
        return Err(Error::Rule("unit_inactive", "The unit is deactivated."));
    }
    Ok(unit)
}

fn active_residents(conn: &mut PgConnection, unit: &UnitRow) -> Result<Vec<ResidentRow>, Error> {
    Ok(registry::list_residents_by_group_estate_unit(
        conn,
        unit.group_id,
        unit.estate_id,
        unit.unit_id,
    )?
    .into_iter()
    .filter(|r| r.active)
    .collect())
}

fn resident_of<'a>(
    residents: &'a [ResidentRow],
    resident_id: Uuid,
    what: &'static str,
) -> Result<&'a ResidentRow, Error> {
    residents
        .iter()
        .find(|r| r.resident_id == resident_id)
        .ok_or(Error::Rule(
            what,
            "The person is not registered as living in this unit.",
        ))
}

/// The lease a tenant pass runs within: the holder's own when the holder is a registered tenant,
/// otherwise the latest of the unit's tenants.
fn lease_end(residents: &[ResidentRow], holder: Option<Uuid>) -> Option<NaiveDate> {
    let tenants = residents.iter().filter(|r| r.relation == "tenant");
    match holder {
        Some(id) => tenants
            .filter(|r| r.resident_id == id)
            .find_map(|r| r.lease_end),
        None => tenants.filter_map(|r| r.lease_end).max(),
    }
}

fn optional_phone(v: Option<String>) -> Result<Option<String>, Error> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(p) => Ok(Some(reg_rules::phone("holder_phone", p)?)),
    }
}

/// Check who the pass is for against the registry; the lease end for a tenant pass.
fn check_people(
    kind: Kind,
    residents: &[ResidentRow],
    input: &NewPass,
) -> Result<Option<NaiveDate>, Error> {
    let holder = input
        .resident_id
        .map(|id| resident_of(residents, id, "holder_not_in_unit"))
        .transpose()?;
    match kind {
        Kind::Resident => {
            if let Some(h) = holder
                && h.relation == "tenant"
            {
                return Err(Error::Rule(
                    "holder_is_tenant",
                    "The holder is a tenant: issue a tenant pass.",
                ));
            }
            if holder.is_none() && !residents.iter().any(|r| r.relation == "owner") {
                return Err(Error::Rule(
                    "no_owner",
                    "The registry has no owner for this unit: check the ownership first.",
                ));
            }
            Ok(None)
        }
        Kind::Tenant => {
            if let Some(h) = holder
                && h.relation != "tenant"
            {
                return Err(Error::Rule(
                    "holder_not_tenant",
                    "The holder is not registered as a tenant of this unit.",
                ));
            }
            Ok(lease_end(residents, input.resident_id))
        }
        Kind::Temporary => {
            let owner = input.owner_resident_id.ok_or_else(|| {
                Error::from(invalid(
                    "owner_resident_id",
                    "a temporary pass names the owner who brought the workers",
                ))
            })?;
            if resident_of(residents, owner, "owner_not_in_unit")?.relation != "owner" {
                return Err(Error::Rule(
                    "not_an_owner",
                    "Workers are brought by an owner of the unit.",
                ));
            }
            Ok(None)
        }
    }
}

pub fn issue(
    conn: &mut PgConnection,
    actor: &Actor,
    sealer: &IdSealer,
    estate_id: Uuid,
    now: DateTime<Utc>,
    today: NaiveDate,
    input: NewPass,
) -> Result<(PassRow, bool), Error> {
    if let Some(key) = &input.idempotency_key {
        q::lock_issue_key(conn, estate_id, actor.staff_id, key)?;
        if let Some(earlier) = q::find_pass_by_group_estate_issue_key(
            conn,
            actor.group_id,
            estate_id,
            actor.staff_id,
            key,
        )? {
            return Ok((earlier, false));
        }
    }
    let kind =
        Kind::parse(&input.kind).ok_or(invalid("kind", "must be resident, tenant or temporary"))?;
    let holder_name = reg_rules::name("holder_name", &input.holder_name)?;
    let holder_id = reg_rules::id_number(&input.holder_id_number)?;
    let estate = registry::find_estate_by_group(conn, actor.group_id, estate_id)?
        .ok_or(Error::NotFound("estate"))?;
    let unit = find_unit(
        conn,
        actor.group_id,
        estate_id,
        input.unit_id,
        input.unit_label.as_deref(),
    )?;
    let residents = active_residents(conn, &unit)?;
    let lease_end = check_people(kind, &residents, &input)?;
    let terms = rules::terms(kind, today, lease_end, input.valid_until)?;
    let holder_phone = optional_phone(input.holder_phone)?;
    let pass_id = Uuid::now_v7();
    let holder_id_enc = sealer
        .seal(pass_id, &holder_id)
        .map_err(|e| Error::Internal(e.to_string()))?;
    let seq = q::next_pass_seq_by_group_estate(conn, actor.group_id, estate_id)?;
    let row = PassRow {
        group_id: actor.group_id,
        estate_id,
        pass_id,
        seq,
        pass_no: rules::pass_no(&estate.code, seq),
        kind: kind.as_str().to_string(),
        unit_id: unit.unit_id,
        unit_label: unit.label,
        holder_name,
        holder_phone,
        holder_id_enc,
        holder_id_last4: last4(&holder_id),
        resident_id: input.resident_id,
        owner_resident_id: (kind == Kind::Temporary)
            .then_some(input.owner_resident_id)
            .flatten(),
        lease_end,
        valid_from: terms.valid_from,
        valid_until: terms.valid_until,
        // Handed over only against finance's receipt when it costs anything.
        status: kind.initial_status().into(),
        deposit_fen: terms.deposit_fen,
        card_fee_fen: terms.card_fee_fen,
        renewal_fees_fen: 0,
        renewals: 0,
        issued_at: now,
        issued_by: actor.staff_id,
        returned_at: None,
        returned_by: None,
        version: 1,
        updated_at: now,
        idempotency_key: input.idempotency_key,
        paid_receipt_no: None,
        paid_at: None,
    };
    q::insert_pass(conn, &row)?;
    OUTBOX.enqueue(
        conn,
        topics::RECORDS,
        &events::pass_issued(&row, actor.correlation_id, actor.staff_id),
    )?;
    Ok((row, true))
}

fn locked(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    pass_id: Uuid,
) -> Result<PassRow, Error> {
    q::lock_pass_by_group_estate(conn, actor.group_id, estate_id, pass_id)?
        .ok_or(Error::NotFound("pass"))
}

/// Renew a tenant pass within the lease the registry holds now (the desk records an extended
/// lease on the tenant first), or a lapsed temporary pass for the card fee.
pub fn renew(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    pass_id: Uuid,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<PassRow, Error> {
    let mut row = locked(conn, actor, estate_id, pass_id)?;
    let kind = Kind::parse(&row.kind).ok_or(Error::Internal("stored pass kind".into()))?;
    let lease = match kind {
        Kind::Tenant => {
            let unit =
                registry::find_unit_by_group_estate(conn, actor.group_id, estate_id, row.unit_id)?
                    .ok_or(Error::NotFound("unit"))?;
            lease_end(&active_residents(conn, &unit)?, row.resident_id)
        }
        _ => None,
    };
    let r = rules::renewal(kind, &row.status, row.valid_until, today, lease)?;
    row.valid_until = Some(r.valid_until);
    row.lease_end = lease;
    row.renewals += 1;
    row.renewal_fees_fen += r.fee_fen;
    row.version += 1;
    row.updated_at = now;
    q::update_pass(conn, &row)?;
    OUTBOX.enqueue(
        conn,
        topics::RECORDS,
        &events::pass_renewed(&row, r.fee_fen, actor.correlation_id, actor.staff_id),
    )?;
    Ok(row)
}

/// The pass is handed back at the desk; billing makes its deposit due for refund.
pub fn take_back(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    pass_id: Uuid,
    now: DateTime<Utc>,
) -> Result<PassRow, Error> {
    let mut row = locked(conn, actor, estate_id, pass_id)?;
    rules::can_return(&row.status)?;
    row.status = "returned".into();
    row.returned_at = Some(now);
    row.returned_by = Some(actor.staff_id);
    row.version += 1;
    row.updated_at = now;
    q::update_pass(conn, &row)?;
    OUTBOX.enqueue(
        conn,
        topics::RECORDS,
        &events::pass_returned(&row, actor.correlation_id, actor.staff_id),
    )?;
    Ok(row)
}

/// Finance's receipt exists for the pass's charges: a pending pass becomes active and is handed
/// over; the amounts are the ones billing charged from the estate's fee schedule. Announced
/// again (a renewal paid, a redelivered event), it changes nothing but the amounts and receipt.
pub fn charges_paid(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    pass_id: Uuid,
    paid: &desk_events::proto::desk::v1::billing::PassChargesPaid,
    now: DateTime<Utc>,
) -> Result<Option<PassRow>, Error> {
    let Some(mut row) = q::lock_pass_by_group_estate(conn, group_id, estate_id, pass_id)? else {
        return Ok(None);
    };
    if row.status == "pending" {
        row.status = "active".into();
        row.paid_at = Some(now);
        row.deposit_fen = paid.deposit_fen;
        row.card_fee_fen = paid.card_fee_fen;
    }
    if !paid.receipt_no.is_empty() {
        row.paid_receipt_no = Some(paid.receipt_no.clone());
    }
    row.version += 1;
    row.updated_at = now;
    q::update_pass(conn, &row)?;
    let receipt = Some(paid.receipt_no.clone()).filter(|r| !r.is_empty());
    q::insert_step(conn, &q::PassStepRow::of(&row, now, "paid", receipt, None))?;
    Ok(Some(row))
}

/// A payment of the pass's charges was reversed: they are owed again, so the receipt the pass
/// was handed over against no longer stands. An active pass goes back to `pending` (the one
/// state the seeds know for a pass without finance's receipt: 凭财务部收据方可领证) until its
/// charges are paid again; a pending or returned one keeps its status. The trail shows the
/// receipt reversed either way.
pub fn charges_owed(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    pass_id: Uuid,
    owed: &desk_events::proto::desk::v1::billing::PassChargesOwed,
    now: DateTime<Utc>,
) -> Result<Option<PassRow>, Error> {
    let Some(mut row) = q::lock_pass_by_group_estate(conn, group_id, estate_id, pass_id)? else {
        return Ok(None);
    };
    if row.status == "active" {
        row.status = "pending".into();
        row.paid_receipt_no = None;
        row.paid_at = None;
        row.version += 1;
        row.updated_at = now;
        q::update_pass(conn, &row)?;
    }
    let receipt = Some(owed.receipt_no.clone()).filter(|r| !r.is_empty());
    let note = format!("owed again: {} fen", owed.owed_fen);
    q::insert_step(
        conn,
        &q::PassStepRow::of(&row, now, "payment_reversed", receipt, Some(note)),
    )?;
    Ok(Some(row))
}
