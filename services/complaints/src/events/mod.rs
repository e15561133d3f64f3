//! Complaints' events: intakes of the complaint category become complaints; opening, closing,
//! reminders and escalations are announced on `complaints.complaint.v1`.

use crate::app::handling::{self, Actor, NewComplaint};
use crate::db::SCHEMA;
use crate::db::complaints::ComplaintRow;
use desk_events::consumer::{ApplyError, Handler};
use desk_events::outbox::Outbox;
use desk_events::proto::desk::v1::complaints::{
    ComplaintClosed, ComplaintDeadlineSet, ComplaintDueSoon, ComplaintEscalated, ComplaintOpened,
};
use desk_events::proto::desk::v1::reception::IntakeLogged;
use desk_events::{Envelope, EventMeta, Payload, envelope, topics};
use diesel::PgConnection;
use uuid::Uuid;

pub mod calendar;

pub const OUTBOX: Outbox = Outbox::new(SCHEMA);

/// The intake an event carries: a new one, or a desk intake found to be of another category.
fn intake_of(event: &Envelope) -> Option<&IntakeLogged> {
    match &event.payload {
        Some(Payload::IntakeLogged(i)) => Some(i),
        Some(Payload::IntakeRecategorized(r)) => r.intake.as_ref(),
        _ => None,
    }
}

pub const INTAKE_TOPICS: [&str; 1] = [topics::INTAKE];

pub fn intake_handler(clock: desk_platform::Clock) -> Handler {
    Handler::new(
        |e| intake_of(e).is_some_and(|i| i.category == "complaint"),
        move |conn, event| apply_intake(conn, event, clock()),
    )
}

fn apply_intake(
    conn: &mut PgConnection,
    event: &Envelope,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApplyError> {
    let Some(intake) = intake_of(event) else {
        return Ok(());
    };
    let (Some(group_id), Some(estate_id), Ok(intake_id), Ok(taken_by)) = (
        event.group(),
        event.estate(),
        intake.intake_id.parse::<Uuid>(),
        intake.taken_by.parse::<Uuid>(),
    ) else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    let caller = intake.caller.clone().unwrap_or_default();
    let non_empty = |s: String| if s.is_empty() { None } else { Some(s) };
    let actor = Actor {
        group_id,
        staff_id: None,
        roles: vec![],
        now,
        correlation_id: event
            .correlation_id
            .parse()
            .unwrap_or_else(|_| Uuid::now_v7()),
    };
    // Where, when, what happened and what the person asks for, as the desk's form wrote them.
    let zone = crate::db::settings::find_or_default(conn, group_id, estate_id)
        .map(|s| handling::zone_of(&s))?;
    let form = match &intake.complaint {
        // The desk's form sent the parts apart.
        Some(parts) => crate::domain::desk_form::DeskComplaint {
            location: non_empty(parts.location.clone()),
            occurred_at: (parts.occurred_at_micros != 0)
                .then(|| chrono::DateTime::from_timestamp_micros(parts.occurred_at_micros))
                .flatten(),
            description: parts.what_happened.clone(),
            demand: non_empty(parts.demand.clone()),
        },
        // Written freely, or an entry from before the form sent them: read the text.
        None => crate::domain::desk_form::parse(&intake.request, zone),
    };
    let opened = handling::open(
        conn,
        &actor,
        NewComplaint {
            estate_id,
            intake_id: Some(intake_id),
            channel: intake.channel.clone(),
            complainant_name: non_empty(caller.name),
            complainant_phone: non_empty(caller.phone),
            unit_label: non_empty(caller.unit_label),
            description: form.description,
            location: form.location,
            occurred_at: form.occurred_at,
            demand: form.demand,
            complaint_type: None,
            taken_by,
        },
    )
    .map_err(|e| match e {
        crate::error::Error::Db(desk_platform::db::DbError::Query(q)) => ApplyError::from(q),
        crate::error::Error::Db(desk_platform::db::DbError::Unavailable(u)) => ApplyError::Retry(u),
        other => ApplyError::Reject(other.to_string()),
    })?;
    if let Some(row) = opened {
        OUTBOX.enqueue(
            conn,
            topics::COMPLAINT,
            &complaint_opened(&row, Some(event), actor.correlation_id),
        )?;
        tracing::info!(complaint_id = %row.complaint_id, %intake_id, %estate_id, "Complaint opened from the desk's intake.");
    }
    Ok(())
}

fn meta(row: &ComplaintRow, cause: Option<&Envelope>, correlation_id: Uuid) -> EventMeta {
    EventMeta {
        group_id: row.group_id,
        estate_id: row.estate_id,
        aggregate_id: row.complaint_id,
        aggregate_version: row.version as u64,
        correlation_id,
        causation_id: cause.and_then(|c| c.event_id.parse().ok()),
        actor_kind: "system",
        actor_id: String::new(),
    }
}

pub fn complaint_opened(
    row: &ComplaintRow,
    cause: Option<&Envelope>,
    correlation_id: Uuid,
) -> Envelope {
    envelope(
        &meta(row, cause, correlation_id),
        "complaints.complaint.opened",
        Payload::ComplaintOpened(ComplaintOpened {
            complaint_id: row.complaint_id.to_string(),
            intake_id: row.intake_id.map(|i| i.to_string()).unwrap_or_default(),
            complaint_no: row.complaint_no.clone(),
            severity: row.severity.clone(),
            deadline_micros: row
                .details
                .get("expected_deadline")
                .and_then(|v| {
                    serde_json::from_value::<chrono::DateTime<chrono::Utc>>(v.clone()).ok()
                })
                .map(|d| d.timestamp_micros())
                .unwrap_or_default(),
        }),
    )
}

/// The complaint's deadline was set or moved (`why`: assigned, extended or reply_date).
pub fn complaint_deadline_set(row: &ComplaintRow, why: &str, correlation_id: Uuid) -> Envelope {
    envelope(
        &meta(row, None, correlation_id),
        "complaints.complaint.deadline_set",
        Payload::ComplaintDeadlineSet(ComplaintDeadlineSet {
            complaint_id: row.complaint_id.to_string(),
            intake_id: row.intake_id.map(|i| i.to_string()).unwrap_or_default(),
            deadline_micros: row
                .deadline_at
                .map(|d| d.timestamp_micros())
                .unwrap_or_default(),
            reason: why.to_string(),
        }),
    )
}

pub fn complaint_closed(
    row: &ComplaintRow,
    result: &str,
    told_via: &str,
    correlation_id: Uuid,
) -> Envelope {
    envelope(
        &meta(row, None, correlation_id),
        "complaints.complaint.closed",
        Payload::ComplaintClosed(ComplaintClosed {
            complaint_id: row.complaint_id.to_string(),
            intake_id: row.intake_id.map(|i| i.to_string()).unwrap_or_default(),
            result: result.to_string(),
            person_told: true,
            told_via: told_via.to_string(),
            satisfaction: row.satisfaction.clone().unwrap_or_default(),
        }),
    )
}

pub fn complaint_escalated(row: &ComplaintRow, to: &str, correlation_id: Uuid) -> Envelope {
    envelope(
        &meta(row, None, correlation_id),
        "complaints.complaint.escalated",
        Payload::ComplaintEscalated(ComplaintEscalated {
            complaint_id: row.complaint_id.to_string(),
            level: row.escalation_level,
            escalated_to: to.to_string(),
            // An unassigned complaint climbs from the time it was to be assigned by.
            deadline_micros: row
                .deadline_at
                .or(row.assign_by)
                .map(|d| d.timestamp_micros())
                .unwrap_or_default(),
        }),
    )
}

pub fn complaint_due_soon(row: &ComplaintRow, correlation_id: Uuid) -> Envelope {
    envelope(
        &meta(row, None, correlation_id),
        "complaints.complaint.due_soon",
        Payload::ComplaintDueSoon(ComplaintDueSoon {
            complaint_id: row.complaint_id.to_string(),
            department: row.department.clone().unwrap_or_default(),
            deadline_micros: row
                .deadline_at
                .map(|d| d.timestamp_micros())
                .unwrap_or_default(),
        }),
    )
}
