//! Dispatching and working orders, and the follow-up visit.

use crate::db::technicians;
use crate::db::trail;
use crate::db::work_orders::{self, WorkOrderRow};
use crate::domain::flow::{
    self, Refusal, Status, Step, can_take, follow_up_is_good, follow_up_window,
};
use crate::error::Error;
use crate::events::{self, OUTBOX};
use chrono::{DateTime, Utc};
use desk_events::topics;
use diesel::PgConnection;
use uuid::Uuid;

/// Who acts, and when.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub group_id: Uuid,
    pub staff_id: Uuid,
    pub now: DateTime<Utc>,
    pub correlation_id: Uuid,
    /// The actor acts as the technician the order is dispatched to.
    pub as_technician: bool,
}

fn set_detail(row: &mut WorkOrderRow, field: &str, value: serde_json::Value) {
    if !row.details.is_object() {
        row.details = serde_json::json!({});
    }
    if let Some(o) = row.details.as_object_mut() {
        o.insert(field.to_string(), value);
    }
}

/// Lock the order, move it by `step` (after `change` has filled in what the step records),
/// save it, and write the trail.
pub fn move_order(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    work_order_id: Uuid,
    step: Step,
    reason: Option<&str>,
    change: impl FnOnce(&mut PgConnection, &mut WorkOrderRow) -> Result<(), Error>,
) -> Result<WorkOrderRow, Error> {
    let mut row = work_orders::lock_by_group_estate_work_order(
        conn,
        actor.group_id,
        estate_id,
        work_order_id,
    )?
    .ok_or(Error::NotFound("work order"))?;
    let from = Status::parse(&row.status).unwrap_or(Status::AwaitingDispatch);
    let to = flow::next(from, step)?;
    if actor.as_technician && row.technician_id.is_none() && step == Step::Accept {
        // The technician takes an order nobody was given: the same rules as a dispatch.
        let tech =
            technicians::find(conn, actor.group_id, estate_id, actor.staff_id)?.ok_or(Refusal {
                code: "not_on_roster",
                message: "You are not on this estate's technician roster.",
            })?;
        let open =
            work_orders::open_count_by_group_technician(conn, actor.group_id, actor.staff_id)?;
        can_take(
            tech.active,
            &tech.skills,
            row.skill.as_deref(),
            open,
            tech.max_open,
        )?;
        row.technician_id = Some(actor.staff_id);
        row.dispatched_at = Some(actor.now);
        row.needs_callback = false;
    }
    if actor.as_technician && row.technician_id != Some(actor.staff_id) {
        return Err(Refusal {
            code: "not_your_order",
            message: "The order is dispatched to another technician.",
        }
        .into());
    }
    change(conn, &mut row)?;
    row.status = to.as_str().to_string();
    row.version += 1;
    row.updated_at = actor.now;
    work_orders::save(conn, &row)?;
    let action = format!("{step:?}")
        .split_whitespace()
        .next()
        .unwrap_or("step")
        .to_lowercase();
    trail::record(
        conn,
        row.group_id,
        row.estate_id,
        row.work_order_id,
        actor.now,
        Some(actor.staff_id),
        &action,
        Some(from.as_str()),
        Some(to.as_str()),
        reason,
    )?;
    Ok(row)
}

/// Give the order to a technician of the estate who has the skill and room for it.
pub fn dispatch(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    work_order_id: Uuid,
    technician_id: Uuid,
) -> Result<WorkOrderRow, Error> {
    let now = actor.now;
    move_order(
        conn,
        actor,
        estate_id,
        work_order_id,
        Step::Dispatch,
        None,
        |conn, row| {
            let tech = technicians::find(conn, actor.group_id, estate_id, technician_id)?.ok_or(
                Refusal {
                    code: "unknown_technician",
                    message: "The estate has no such technician.",
                },
            )?;
            let open =
                work_orders::open_count_by_group_technician(conn, actor.group_id, technician_id)?;
            let already_theirs = i64::from(
                row.technician_id == Some(technician_id)
                    && Status::parse(&row.status).is_some_and(Status::is_open_for_technician),
            );
            can_take(
                tech.active,
                &tech.skills,
                row.skill.as_deref(),
                open - already_theirs,
                tech.max_open,
            )?;
            row.technician_id = Some(technician_id);
            row.dispatched_at = Some(now);
            row.needs_callback = false;
            Ok(())
        },
    )
}

pub struct Completion {
    /// The fee's items (parts, labour) for paid work; they add up to the fee.
    pub items: Vec<(String, i64)>,
    pub work_done: String,
    pub materials: Option<String>,
    pub labour_minutes: Option<i32>,
    pub fee_fen: i64,
    pub signoff_name: String,
    pub signature: Option<String>,
}

pub fn complete(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    work_order_id: Uuid,
    c: Completion,
) -> Result<WorkOrderRow, Error> {
    if c.fee_fen < 0 || c.items.iter().any(|(_, a)| *a < 0) {
        return Err(Error::Invalid("fee_fen: not negative".into()));
    }
    if !c.items.is_empty() && c.items.iter().map(|(_, a)| a).sum::<i64>() != c.fee_fen {
        return Err(Error::Invalid("items: the items add up to the fee".into()));
    }
    let items = c.items.clone();
    let now = actor.now;
    let row = move_order(
        conn,
        actor,
        estate_id,
        work_order_id,
        Step::Complete,
        None,
        |_, row| {
            if c.fee_fen > 0 && !matches!(row.kind.as_str(), "paid_repair" | "special_service") {
                return Err(Refusal {
                    code: "fee_on_free_order",
                    message: "Only paid repairs and special services carry a fee.",
                }
                .into());
            }
            row.completed_at = Some(now);
            if row.details.get("charged_when_ordered").is_some() {
                if c.fee_fen != 0 && c.fee_fen != row.fee_fen {
                    return Err(Refusal {
                        code: "fee_already_charged",
                        message: "The special service was charged when ordered.",
                    }
                    .into());
                }
            } else {
                row.fee_fen = c.fee_fen;
            }
            row.follow_up_due = Some(follow_up_window(now).1);
            set_detail(row, "work_done", serde_json::json!(c.work_done));
            set_detail(row, "materials", serde_json::json!(c.materials));
            set_detail(row, "labour_minutes", serde_json::json!(c.labour_minutes));
            set_detail(
                row,
                "signoff",
                serde_json::json!({ "name": c.signoff_name, "at": now, "signature": c.signature }),
            );
            if row.details.get("charged_when_ordered").is_none() {
                let items: Vec<serde_json::Value> = c
                    .items
                    .iter()
                    .map(|(n, a)| serde_json::json!({ "name": n, "amount_fen": a }))
                    .collect();
                set_detail(row, "fee_items", serde_json::Value::Array(items));
            }
            Ok(())
        },
    )?;
    // A special service was charged when ordered; other paid work is charged now.
    if row.details.get("charged_when_ordered").is_none() {
        OUTBOX.enqueue(
            conn,
            topics::WORK_ORDER,
            &events::work_order_completed(&row, &items, actor.correlation_id),
        )?;
    }
    Ok(row)
}

pub struct FollowUp {
    pub punctuality: i32,
    pub quality: i32,
    pub fee_fair: i32,
    pub attitude: i32,
    pub overall: i32,
    pub repaired: bool,
    pub note: Option<String>,
    pub told_via: String,
}

/// The follow-up visit (回访): from the day after completion. A good one closes the order and
/// the desk's entry; a failed repair or a poor rating reopens it for the supervisor.
pub fn follow_up(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    work_order_id: Uuid,
    f: FollowUp,
) -> Result<WorkOrderRow, Error> {
    for (field, v) in [
        ("punctuality", f.punctuality),
        ("quality", f.quality),
        ("fee_fair", f.fee_fair),
        ("attitude", f.attitude),
        ("overall", f.overall),
    ] {
        if !(1..=5).contains(&v) {
            return Err(Error::Invalid(format!("{field}: 1 to 5")));
        }
    }
    let good = follow_up_is_good(f.repaired, f.overall);
    let now = actor.now;
    let row = move_order(
        conn,
        actor,
        estate_id,
        work_order_id,
        Step::FollowUp { good },
        f.note.as_deref(),
        |_, row| {
            let (opens, _) = follow_up_window(row.completed_at.unwrap_or(now));
            if now < opens {
                return Err(Refusal {
                    code: "follow_up_too_early",
                    message: "The follow-up visit is from the day after the repair.",
                }
                .into());
            }
            row.overall_rating = Some(f.overall);
            set_detail(
                row,
                "follow_up",
                serde_json::json!({
                    "at": now, "by": actor.staff_id, "punctuality": f.punctuality, "quality": f.quality, "fee_fair": f.fee_fair,
                    "attitude": f.attitude, "overall": f.overall, "repaired": f.repaired, "note": f.note, "told_via": f.told_via
                }),
            );
            if good {
                row.closed_at = Some(now);
            } else {
                // Back to the supervisor: dispatched again, with a new appointment.
                row.technician_id = None;
                row.completed_at = None;
                let reopened = row
                    .details
                    .get("reopen_count")
                    .and_then(|v| v.as_i64())
                    .unwrap_or(0)
                    + 1;
                set_detail(row, "reopen_count", serde_json::json!(reopened));
            }
            Ok(())
        },
    )?;
    if good {
        let result = row
            .details
            .get("work_done")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        OUTBOX.enqueue(
            conn,
            topics::WORK_ORDER,
            &events::work_order_closed(&row, &result, &f.told_via, actor.correlation_id),
        )?;
    }
    Ok(row)
}

/// A special service is charged when it is ordered (办理即收费): the fee and its items are set
/// and billing is told at once.
pub fn charge_when_ordered(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    work_order_id: Uuid,
    items: Vec<(String, i64)>,
) -> Result<WorkOrderRow, Error> {
    let fee: i64 = items.iter().map(|(_, a)| *a).sum();
    if items.is_empty() || fee <= 0 || items.iter().any(|(n, a)| n.trim().is_empty() || *a <= 0) {
        return Err(Error::Invalid(
            "items: at least one named item with a positive amount".into(),
        ));
    }
    let mut row = work_orders::lock_by_group_estate_work_order(
        conn,
        actor.group_id,
        estate_id,
        work_order_id,
    )?
    .ok_or(Error::NotFound("work order"))?;
    if row.kind != "special_service" {
        return Err(Refusal {
            code: "not_special_service",
            message: "Only special services are charged when ordered.",
        }
        .into());
    }
    if row.details.get("charged_when_ordered").is_some() {
        return Err(Refusal {
            code: "fee_already_charged",
            message: "The special service was charged when ordered.",
        }
        .into());
    }
    row.fee_fen = fee;
    set_detail(
        &mut row,
        "charged_when_ordered",
        serde_json::json!(actor.now),
    );
    set_detail(
        &mut row,
        "fee_items",
        serde_json::json!(
            items
                .iter()
                .map(|(n, a)| serde_json::json!({"name": n, "amount_fen": a}))
                .collect::<Vec<_>>()
        ),
    );
    row.version += 1;
    row.updated_at = actor.now;
    work_orders::save(conn, &row)?;
    trail::record(
        conn,
        row.group_id,
        row.estate_id,
        row.work_order_id,
        actor.now,
        Some(actor.staff_id),
        "charged",
        Some(&row.status),
        Some(&row.status),
        None,
    )?;
    OUTBOX.enqueue(
        conn,
        topics::WORK_ORDER,
        &events::charge_requested(&row, &items, actor.correlation_id),
    )?;
    Ok(row)
}
