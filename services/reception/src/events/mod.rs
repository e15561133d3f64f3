//! Reception's events: what it publishes about the ledger, the outcomes it follows, and its
//! copy of the registry.

use crate::db::SCHEMA;
use crate::db::intakes::{self, IntakeRow};
use crate::db::registry::{self, EstateCopy, ResidentCopy, UnitCopy};
use crate::domain::complaint_form::ComplaintParts;
use crate::domain::intake::{Status, emergency_alerts, on_forwarded};
use desk_events::consumer::{ApplyError, Handler};
use desk_events::outbox::Outbox;
use desk_events::proto::desk::v1::reception::{
    self as proto, Caller, EmergencyRaised, IntakeClosed, IntakeLogged, IntakeRecategorized,
};
use desk_events::{Envelope, EventMeta, Payload, envelope, topics};
use diesel::PgConnection;
use uuid::Uuid;

pub mod emergencies;
pub mod keys;

pub const OUTBOX: Outbox = Outbox::new(SCHEMA);

fn meta(row: &IntakeRow, correlation_id: Uuid, actor: Uuid) -> EventMeta {
    EventMeta {
        group_id: row.group_id,
        estate_id: row.estate_id,
        aggregate_id: row.intake_id,
        aggregate_version: row.version as u64,
        correlation_id,
        causation_id: None,
        actor_kind: "staff",
        actor_id: actor.to_string(),
    }
}

fn logged(row: &IntakeRow) -> IntakeLogged {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let id = |v: Option<Uuid>| v.map(|u| u.to_string()).unwrap_or_default();
    IntakeLogged {
        intake_id: row.intake_id.to_string(),
        channel: row.channel.clone(),
        category: row.category.clone(),
        caller: Some(Caller {
            name: text(&row.caller_name),
            phone: text(&row.caller_phone),
            unit_id: id(row.unit_id),
            unit_label: text(&row.unit_label),
            resident_id: id(row.resident_id),
        }),
        request: row.request.clone(),
        taken_by: row.taken_by.to_string(),
        complaint: None,
    }
}

/// A newly logged intake; a complaint taken on the desk's form carries its parts apart
/// (`what_happened` is the request as typed, before the ledger's headings).
pub fn intake_logged(
    row: &IntakeRow,
    complaint: Option<(&ComplaintParts, &str)>,
    correlation_id: Uuid,
) -> Envelope {
    let mut payload = logged(row);
    payload.complaint = complaint.map(|(parts, what)| proto::ComplaintParts {
        location: parts.location.clone(),
        occurred_at_micros: parts.occurred_at.timestamp_micros(),
        what_happened: what.to_string(),
        demand: parts.demand.clone(),
    });
    envelope(
        &meta(row, correlation_id, row.taken_by),
        "reception.intake.logged",
        Payload::IntakeLogged(payload),
    )
}

/// A desk intake found to be of another category.
pub fn intake_recategorized(
    row: &IntakeRow,
    previous: &str,
    correlation_id: Uuid,
    actor: Uuid,
) -> Envelope {
    envelope(
        &meta(row, correlation_id, actor),
        "reception.intake.recategorized",
        Payload::IntakeRecategorized(IntakeRecategorized {
            intake: Some(logged(row)),
            previous_category: previous.to_string(),
        }),
    )
}

/// An emergency: security and engineering are alerted at once.
pub fn emergency_raised(row: &IntakeRow, correlation_id: Uuid) -> Envelope {
    envelope(
        &meta(row, correlation_id, row.taken_by),
        "reception.emergency.raised",
        Payload::EmergencyRaised(EmergencyRaised {
            intake_id: row.intake_id.to_string(),
            unit_label: row.unit_label.clone().unwrap_or_default(),
            request: row.request.clone(),
            alert: emergency_alerts(),
            raised_at_micros: row.updated_at.timestamp_micros(),
        }),
    )
}

/// The entry is closed (注销).
pub fn intake_closed(row: &IntakeRow, correlation_id: Uuid, actor: Uuid) -> Envelope {
    envelope(
        &meta(row, correlation_id, actor),
        "reception.intake.closed",
        Payload::IntakeClosed(IntakeClosed {
            intake_id: row.intake_id.to_string(),
            result: row.result.clone().unwrap_or_default(),
            satisfaction: row.satisfaction.clone().unwrap_or_default(),
        }),
    )
}

/// The topics `outcomes_handler` reads.
pub const OUTCOME_TOPICS: [&str; 2] = [topics::COMPLAINT, topics::WORK_ORDER];

/// Follows each forwarded intake: opened downstream, then closed downstream.
pub fn outcomes_handler(clock: desk_platform::Clock) -> Handler {
    Handler::new(
        |e| {
            matches!(
                e.payload,
                Some(
                    Payload::ComplaintOpened(_)
                        | Payload::WorkOrderOpened(_)
                        | Payload::ComplaintClosed(_)
                        | Payload::WorkOrderClosed(_)
                        | Payload::ComplaintDeadlineSet(_)
                )
            )
        },
        move |conn, event| apply_outcome(conn, event, clock()),
    )
}

enum Outcome<'a> {
    Opened {
        kind: &'a str,
        id: &'a str,
        no: &'a str,
        /// The complaint's deadline on the estate's calendar (microseconds; 0: none).
        due_micros: i64,
    },
    /// The complaint's deadline was set or moved: the entry is due when the complaint is.
    Due { micros: i64 },
    Closed {
        result: &'a str,
        /// How the person was told, and their satisfaction, when the downstream service did it.
        told: Option<(&'a str, &'a str)>,
    },
}

/// Apply one outcome of a forwarded entry (its complaint or work order opened, its deadline set,
/// closed downstream) in the consumer's transaction.
pub fn apply_outcome(
    conn: &mut PgConnection,
    event: &Envelope,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApplyError> {
    let (intake_id, outcome) = match &event.payload {
        Some(Payload::ComplaintOpened(c)) => (
            &c.intake_id,
            Outcome::Opened {
                kind: "complaint",
                id: &c.complaint_id,
                no: &c.complaint_no,
                due_micros: c.deadline_micros,
            },
        ),
        Some(Payload::ComplaintDeadlineSet(c)) => (
            &c.intake_id,
            Outcome::Due {
                micros: c.deadline_micros,
            },
        ),
        Some(Payload::WorkOrderOpened(w)) => (
            &w.intake_id,
            Outcome::Opened {
                kind: "work_order",
                id: &w.work_order_id,
                no: &w.order_no,
                due_micros: 0,
            },
        ),
        Some(Payload::ComplaintClosed(c)) => (
            &c.intake_id,
            Outcome::Closed {
                result: &c.result,
                told: c
                    .person_told
                    .then_some((c.told_via.as_str(), c.satisfaction.as_str())),
            },
        ),
        Some(Payload::WorkOrderClosed(w)) => (
            &w.intake_id,
            Outcome::Closed {
                result: &w.result,
                told: w
                    .person_told
                    .then_some((w.told_via.as_str(), w.satisfaction.as_str())),
            },
        ),
        _ => return Ok(()),
    };
    if intake_id.is_empty() {
        return Ok(());
    }
    let (Some(group), Some(estate), Ok(intake_id)) =
        (event.group(), event.estate(), intake_id.parse::<Uuid>())
    else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    let Some(mut row) = intakes::lock_by_group_estate_intake(conn, group, estate, intake_id)?
    else {
        tracing::warn!(%intake_id, event_id = %event.event_id, "Outcome names an intake this estate does not have.");
        return Ok(());
    };
    match outcome {
        Outcome::Due { micros } => {
            let Some(due) = chrono::DateTime::from_timestamp_micros(micros).filter(|_| micros > 0)
            else {
                return Ok(());
            };
            if row.status == Status::Closed.as_str() || row.due_at == Some(due) {
                return Ok(());
            }
            row.due_at = Some(due);
            tracing::info!(%intake_id, "Entry due when its complaint is.");
        }
        Outcome::Opened {
            kind,
            id,
            no,
            due_micros,
        } => {
            let status = Status::parse(&row.status).unwrap_or(Status::Open);
            let Some(next) = on_forwarded(status) else {
                return Ok(());
            };
            let Ok(downstream_id) = id.parse::<Uuid>() else {
                return Err(ApplyError::Reject("downstream id is not a UUID".into()));
            };
            row.status = next.as_str().to_string();
            row.downstream_kind = Some(kind.to_string());
            row.downstream_id = Some(downstream_id);
            row.downstream_no = Some(no.to_string());
            // The desk's promise follows the complaint's deadline on the estate's calendar.
            if let Some(due) =
                chrono::DateTime::from_timestamp_micros(due_micros).filter(|_| due_micros > 0)
            {
                row.due_at = Some(due);
            }
            tracing::info!(%intake_id, kind, "Intake taken over downstream.");
        }
        Outcome::Closed { result, told } => {
            if row.downstream_closed_at.is_some() {
                return Ok(());
            }
            row.downstream_closed_at = Some(now);
            row.downstream_result = Some(result.to_string()).filter(|r| !r.is_empty());
            match told {
                // Complaints or repairs gave the reply and the follow-up visit: the entry is done.
                Some((via, satisfaction)) if row.status != Status::Closed.as_str() => {
                    row.status = Status::Closed.as_str().to_string();
                    row.result = row.downstream_result.clone();
                    row.told_at = Some(now);
                    row.told_via = Some(via.to_string()).filter(|v| !v.is_empty());
                    row.satisfaction = Some(satisfaction.to_string()).filter(|s| !s.is_empty());
                    row.closed_at = Some(now);
                    tracing::info!(%intake_id, "Downstream item closed and the person told; the entry is closed.");
                }
                _ => {
                    tracing::info!(%intake_id, "Downstream item closed; the desk can tell the person.")
                }
            }
        }
    }
    row.version += 1;
    row.updated_at = now;
    intakes::save(conn, &row)?;
    if row.status == Status::Closed.as_str() && row.closed_at == Some(now) {
        intakes::insert_step(
            conn,
            &intakes::TrailRow::of(
                &row,
                now,
                Uuid::nil(),
                crate::domain::ownership::step::CLOSED,
                Some(format!(
                    "closed with its {kind} and the person told",
                    kind = row.downstream_kind.as_deref().unwrap_or("item")
                )),
            ),
        )?;
        let correlation = event
            .correlation_id
            .parse()
            .unwrap_or_else(|_| Uuid::now_v7());
        OUTBOX.enqueue(
            conn,
            topics::INTAKE,
            &intake_closed(&row, correlation, Uuid::nil()),
        )?;
    }
    Ok(())
}

/// Keeps reception's copy of estates, units and residents.
pub fn registry_handler() -> Handler {
    Handler::new(
        |e| {
            matches!(
                e.payload,
                Some(
                    Payload::EstateUpserted(_)
                        | Payload::UnitUpserted(_)
                        | Payload::ResidentUpserted(_)
                )
            )
        },
        apply_registry,
    )
}

pub const REGISTRY_TOPICS: [&str; 1] = [topics::REGISTRY];

fn apply_registry(conn: &mut PgConnection, event: &Envelope) -> Result<(), ApplyError> {
    let (Some(group_id), Some(estate_id)) = (event.group(), event.estate()) else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    let version = i32::try_from(event.aggregate_version).unwrap_or(i32::MAX);
    let uuid = |s: &str| {
        s.parse::<Uuid>()
            .map_err(|_| ApplyError::Reject("identifiers are not UUIDs".into()))
    };
    let some = |s: &str| Some(s.to_string()).filter(|v| !v.is_empty());
    match &event.payload {
        Some(Payload::EstateUpserted(e)) => registry::upsert_estate(
            conn,
            &EstateCopy {
                group_id,
                estate_id,
                code: e.code.clone(),
                name: e.name.clone(),
                service_centre_name: e.service_centre_name.clone(),
                greeting: some(&e.greeting),
                business_hours: e.business_hours.clone(),
                active: e.active,
                version,
                time_zone: desk_platform::local::Zone::or_default(&e.time_zone)
                    .name()
                    .to_string(),
            },
        )?,
        Some(Payload::UnitUpserted(u)) => registry::upsert_unit(
            conn,
            &UnitCopy {
                group_id,
                estate_id,
                unit_id: uuid(&u.unit_id)?,
                label: u.label.clone(),
                building_name: u.building_name.clone(),
                status: u.status.clone(),
                active: u.active,
                version,
            },
        )?,
        Some(Payload::ResidentUpserted(r)) => registry::upsert_resident(
            conn,
            &ResidentCopy {
                group_id,
                estate_id,
                resident_id: uuid(&r.resident_id)?,
                unit_id: uuid(&r.unit_id)?,
                name: r.name.clone(),
                phone: some(&r.phone),
                phone_alt: some(&r.phone_alt),
                relation: r.relation.clone(),
                active: r.active,
                version,
            },
        )?,
        _ => {}
    }
    Ok(())
}
