//! Reception's events: what it publishes about the ledger, and the outcomes it consumes.

use crate::db::SCHEMA;
use crate::db::intakes::{self, Downstream, IntakeRow};
use crate::domain::intake::{Status, on_forwarded};
use desk_events::consumer::{ApplyError, Handler};
use desk_events::outbox::Outbox;
use desk_events::proto::desk::v1::reception::{Caller, IntakeLogged};
use desk_events::{Envelope, EventMeta, Payload, envelope, topics};
use diesel::PgConnection;
use uuid::Uuid;

pub const OUTBOX: Outbox = Outbox::new(SCHEMA);

/// The event announcing a newly logged intake.
pub fn intake_logged(row: &IntakeRow, correlation_id: Uuid) -> Envelope {
    let meta = EventMeta {
        group_id: row.group_id,
        estate_id: row.estate_id,
        aggregate_id: row.intake_id,
        aggregate_version: row.version as u64,
        correlation_id,
        causation_id: None,
        actor_kind: "staff",
        actor_id: row.taken_by.to_string(),
    };
    envelope(
        &meta,
        "reception.intake.logged",
        Payload::IntakeLogged(IntakeLogged {
            intake_id: row.intake_id.to_string(),
            channel: row.channel.clone(),
            category: row.category.clone(),
            caller: Some(Caller {
                name: row.caller_name.clone().unwrap_or_default(),
                phone: row.caller_phone.clone().unwrap_or_default(),
                unit_id: String::new(),
                unit_label: row.unit_label.clone().unwrap_or_default(),
                resident_id: String::new(),
            }),
            request: row.request.clone(),
            taken_by: row.taken_by.to_string(),
        }),
    )
}

/// Consumes complaints' and repairs' outcomes to follow each intake downstream.
pub fn outcomes_handler() -> Handler {
    Handler::new(
        |e| {
            matches!(
                e.payload,
                Some(Payload::ComplaintOpened(_) | Payload::WorkOrderOpened(_))
            )
        },
        apply_outcome,
    )
}

/// The topics `outcomes_handler` reads.
pub const OUTCOME_TOPICS: [&str; 2] = [topics::COMPLAINT, topics::WORK_ORDER];

fn apply_outcome(conn: &mut PgConnection, event: &Envelope) -> Result<(), ApplyError> {
    let (intake_id, downstream) = match &event.payload {
        Some(Payload::ComplaintOpened(c)) => (
            c.intake_id.as_str(),
            (
                "complaint",
                c.complaint_id.as_str(),
                c.complaint_no.as_str(),
            ),
        ),
        Some(Payload::WorkOrderOpened(w)) => (
            w.intake_id.as_str(),
            ("work_order", w.work_order_id.as_str(), w.order_no.as_str()),
        ),
        _ => return Ok(()),
    };
    if intake_id.is_empty() {
        return Ok(());
    }
    let (Some(group), Some(estate), Ok(intake_id), Ok(downstream_id)) = (
        event.group(),
        event.estate(),
        intake_id.parse::<Uuid>(),
        downstream.1.parse::<Uuid>(),
    ) else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    let Some(current) = intakes::find_by_group_estate_intake(conn, group, estate, intake_id)?
    else {
        tracing::warn!(%intake_id, event_id = %event.event_id, "Outcome names an intake this estate does not have.");
        return Ok(());
    };
    let status = Status::parse(&current.status).unwrap_or(Status::Open);
    if let Some(next) = on_forwarded(status) {
        intakes::mark_forwarded_by_group_estate_intake(
            conn,
            group,
            estate,
            intake_id,
            next.as_str(),
            &Downstream {
                kind: downstream.0,
                id: downstream_id,
                no: downstream.2,
            },
        )?;
        tracing::info!(%intake_id, kind = downstream.0, "Intake taken over downstream.");
    }
    Ok(())
}
