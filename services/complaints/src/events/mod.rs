//! Complaints' events: intakes of the complaint category become complaints, and each opened
//! complaint is announced on `complaints.complaint.v1`.

use crate::db::SCHEMA;
use crate::db::complaints::{self, ComplaintRow};
use crate::domain::complaint::{complaint_no, initial_severity};
use desk_events::consumer::{ApplyError, Handler};
use desk_events::outbox::Outbox;
use desk_events::proto::desk::v1::complaints::ComplaintOpened;
use desk_events::proto::desk::v1::reception::IntakeLogged;
use desk_events::{Envelope, EventMeta, Payload, envelope, topics};
use diesel::PgConnection;
use uuid::Uuid;

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

pub fn intake_handler() -> Handler {
    Handler::new(
        |e| intake_of(e).is_some_and(|i| i.category == "complaint"),
        apply_intake,
    )
}

fn apply_intake(conn: &mut PgConnection, event: &Envelope) -> Result<(), ApplyError> {
    let Some(intake) = intake_of(event) else {
        return Ok(());
    };
    if intake.category != "complaint" {
        return Ok(());
    }
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
    let now = chrono::Utc::now();
    let complaint_id = Uuid::now_v7();
    let row = ComplaintRow {
        group_id,
        estate_id,
        complaint_id,
        complaint_no: complaint_no(complaint_id, now),
        intake_id: Some(intake_id),
        severity: initial_severity().as_str().to_string(),
        status: "received".to_string(),
        channel: intake.channel.clone(),
        complainant_name: non_empty(caller.name),
        complainant_phone: non_empty(caller.phone),
        unit_label: non_empty(caller.unit_label),
        description: intake.request.clone(),
        taken_by,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    if complaints::insert_once_per_intake(conn, &row)? {
        OUTBOX.enqueue(conn, topics::COMPLAINT, &complaint_opened(&row, event))?;
        tracing::info!(%complaint_id, %intake_id, %estate_id, "Complaint opened from the desk's intake.");
    }
    Ok(())
}

fn complaint_opened(row: &ComplaintRow, cause: &Envelope) -> Envelope {
    let meta = EventMeta::caused_by(cause, row.complaint_id, "system");
    envelope(
        &meta,
        "complaints.complaint.opened",
        Payload::ComplaintOpened(ComplaintOpened {
            complaint_id: row.complaint_id.to_string(),
            intake_id: row.intake_id.map(|i| i.to_string()).unwrap_or_default(),
            complaint_no: row.complaint_no.clone(),
            severity: row.severity.clone(),
        }),
    )
}
