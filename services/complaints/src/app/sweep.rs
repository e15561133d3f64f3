//! The deadline sweep: reminders before a deadline, the overdue flag after it, and escalation
//! of overdue complaints one level each working day (department → supervisor → estate manager
//! → head office). Runs in the background on the service's clock.

use super::Clock;
use crate::db::complaints;
use crate::db::settings;
use crate::db::trail::{self, Step as TrailStep};
use crate::domain::flow::{ESCALATION, escalation_level};
use crate::events::{self, OUTBOX};
use chrono::Duration;
use desk_events::topics;
use desk_platform::db::Pool;
use desk_platform::shutdown::CancellationToken;
use diesel::{Connection, PgConnection};
use std::sync::Arc;
use tokio::sync::Notify;

/// What one sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub reminded: usize,
    pub escalated: usize,
}

/// One pass over the complaints due within the next three days or already overdue.
pub fn sweep_once(conn: &mut PgConnection, clock: &Clock) -> anyhow::Result<Swept> {
    let now = clock();
    let mut out = Swept::default();
    let due = complaints::assigned_due_before(conn, now + Duration::hours(72), 1000)?;
    // Each estate's settings are read once per sweep, not once per complaint.
    let mut estate_settings: std::collections::HashMap<
        (uuid::Uuid, uuid::Uuid),
        settings::SettingsRow,
    > = std::collections::HashMap::new();
    for candidate in due {
        let key = (candidate.group_id, candidate.estate_id);
        let s = match estate_settings.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(settings::find_or_default(conn, key.0, key.1)?)
            }
        };
        conn.transaction::<_, anyhow::Error, _>(|conn| {
            let Some(mut row) = complaints::lock_by_group_estate_complaint(conn, candidate.group_id, candidate.estate_id, candidate.complaint_id)? else {
                return Ok(());
            };
            let (Some(deadline), true) = (row.deadline_at, row.status == "assigned") else { return Ok(()) };
            let cal = s.calendar();
            let correlation = uuid::Uuid::now_v7();
            if deadline > now {
                let remind_from = deadline - Duration::hours(i64::from(s.remind_hours_before));
                if now >= remind_from && row.reminded_at.is_none() {
                    row.reminded_at = Some(now);
                    complaints::save(conn, &row)?;
                    OUTBOX.enqueue(conn, topics::COMPLAINT, &events::complaint_due_soon(&row, correlation))?;
                    out.reminded += 1;
                }
                return Ok(());
            }
            let level = escalation_level(Some(cal.working_days_between(deadline, now)));
            if level > row.escalation_level {
                let from = row.escalation_level;
                row.escalation_level = level;
                row.updated_at = now;
                complaints::save(conn, &row)?;
                let to = ESCALATION[level as usize];
                trail::record(conn, row.group_id, row.estate_id, row.complaint_id, TrailStep {
                    at: now,
                    actor: None,
                    action: "escalated",
                    from_status: Some("assigned"),
                    to_status: Some("assigned"),
                    reason: Some("overdue"),
                    details: serde_json::json!({ "from_level": ESCALATION[from as usize], "to_level": to, "deadline_at": deadline }),
                })?;
                OUTBOX.enqueue(conn, topics::COMPLAINT, &events::complaint_escalated(&row, to, correlation))?;
                tracing::warn!(complaint_id = %row.complaint_id, estate_id = %row.estate_id, to, "Overdue complaint escalated.");
                out.escalated += 1;
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// Sweep every `every` until cancelled.
pub async fn run(
    pool: Pool,
    clock: Clock,
    every: std::time::Duration,
    wake: Arc<Notify>,
    cancel: CancellationToken,
) {
    loop {
        let (pool2, clock2) = (pool.clone(), clock.clone());
        let result = tokio::task::spawn_blocking(move || -> anyhow::Result<Swept> {
            let mut conn = pool2.get()?;
            sweep_once(&mut conn, &clock2)
        })
        .await;
        match result {
            Ok(Ok(s)) if s.reminded + s.escalated > 0 => wake.notify_one(),
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "Deadline sweep failed; it runs again."),
            Err(e) => tracing::warn!(error = %e, "Deadline sweep task failed."),
        }
        tokio::select! {
            _ = cancel.cancelled() => break,
            _ = tokio::time::sleep(every) => {}
        }
    }
}
