//! The deadline sweep: reminders before a deadline, the late mark when it passes (the month's
//! on-time rate moves then), and escalation one level each working day (department →
//! supervisor → estate manager → head office) of overdue complaints and of received or
//! reopened ones nobody assigned in time. Runs in the background on the service's clock.
//!
//! Each complaint carries `sweep_at`, the next instant anything about it can change; the sweep
//! reads only those whose instant has come, page by page in the order of an index, so
//! complaints that can no longer move (resolved, closed, already at head office) cost nothing
//! however many there are, and every due complaint of every group is reached in one pass.
//!
//! Every replica of the service sweeps. Each complaint is looked at in a transaction of its own
//! that claims its row (`FOR UPDATE SKIP LOCKED`) and checks again that its look is still due:
//! a complaint another replica holds is skipped, one it has just looked at is no longer due, so
//! each reminder, late mark and escalation happens once, its event written in the same
//! transaction. A replica stopped mid-sweep rolls back the complaint it held, which stays due
//! for the next sweep of any replica.

use super::Clock;
use super::handling::{self, next_look};
use crate::db::complaints::{self, ComplaintRow, SweepKey};
use crate::db::settings::{self, SettingsRow};
use crate::db::stats::{self, Key};
use crate::db::trail::{self, Step as TrailStep};
use crate::domain::flow::{ESCALATION, escalation_level};
use crate::events::{self, OUTBOX};
use chrono::{DateTime, Duration, Utc};
use desk_events::topics;
use desk_platform::db::Pool;
use desk_platform::shutdown::CancellationToken;
use diesel::{Connection, PgConnection};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Notify;
use uuid::Uuid;

/// Complaints read per page of the sweep's work list.
pub const PAGE: i64 = 500;

/// What one sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub looked_at: usize,
    pub reminded: usize,
    pub escalated: usize,
    /// Deadlines that passed unresolved: now late in their month's figures.
    pub lapsed: usize,
}

/// One pass over every complaint whose next look has come, across every group.
pub fn sweep_once(conn: &mut PgConnection, clock: &Clock) -> anyhow::Result<Swept> {
    let now = clock();
    let mut out = Swept::default();
    // Each estate's settings are read once per sweep, not once per complaint.
    let mut estate_settings: HashMap<(Uuid, Uuid), SettingsRow> = HashMap::new();
    let mut after: Option<SweepKey> = None;
    loop {
        let page = complaints::due_for_sweep(conn, now, after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = last.sweep_at.map(|at| (at, last.complaint_id));
        let full = page.len() as i64 == PAGE;
        for candidate in page {
            let key = (candidate.group_id, candidate.estate_id);
            let s = match estate_settings.entry(key) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(settings::find_or_default(conn, key.0, key.1)?)
                }
            };
            conn.transaction::<_, anyhow::Error, _>(|conn| {
                // Held by another replica's sweep (or a person at the desk): theirs for now.
                let Some(row) = complaints::claim_for_sweep(
                    conn,
                    candidate.group_id,
                    candidate.estate_id,
                    candidate.complaint_id,
                )?
                else {
                    return Ok(());
                };
                if row.sweep_at.is_none_or(|at| at > now) {
                    return Ok(()); // moved on since the page was read
                }
                out.looked_at += 1;
                look(conn, row, s, now, &mut out)
            })?;
        }
        if !full || after.is_none() {
            break;
        }
    }
    Ok(out)
}

fn key(row: &ComplaintRow) -> Key {
    Key {
        group_id: row.group_id,
        estate_id: row.estate_id,
        month: row.month,
        complaint_type: row.complaint_type.clone(),
        severity: row.severity.clone(),
    }
}

/// Everything that is due for one complaint at `now`, then its next look.
fn look(
    conn: &mut PgConnection,
    mut row: ComplaintRow,
    s: &SettingsRow,
    now: DateTime<Utc>,
    out: &mut Swept,
) -> anyhow::Result<()> {
    let before = row.clone();
    let cal = s.calendar();
    let correlation = Uuid::now_v7();
    let (due, reason) = match row.status.as_str() {
        "assigned" => (row.deadline_at, "overdue"),
        "received" | "reopened" => (row.assign_by, "not_assigned"),
        _ => (None, ""),
    };
    if let Some(due) = due {
        if due > now {
            let remind_from = due - Duration::hours(i64::from(s.remind_hours_before));
            if row.status == "assigned" && now >= remind_from && row.reminded_at.is_none() {
                row.reminded_at = Some(now);
                OUTBOX.enqueue(
                    conn,
                    topics::COMPLAINT,
                    &events::complaint_due_soon(&row, correlation),
                )?;
                out.reminded += 1;
            }
        } else {
            if row.status == "assigned" && row.resolved_at.is_none() && row.lapsed_at().is_none() {
                // The deadline passed unresolved: late in the month's figures from now on.
                row.set_lapsed_at(Some(due));
                out.lapsed += 1;
            }
            let level = escalation_level(Some(cal.working_days_between(due, now)));
            if level > row.escalation_level {
                let from = row.escalation_level;
                row.escalation_level = level;
                row.updated_at = now;
                let to = ESCALATION[level as usize];
                trail::record(
                    conn,
                    row.group_id,
                    row.estate_id,
                    row.complaint_id,
                    TrailStep {
                        at: now,
                        actor: None,
                        action: "escalated",
                        from_status: Some(row.status.as_str()),
                        to_status: Some(row.status.as_str()),
                        reason: Some(reason),
                        details: serde_json::json!({
                            "from_level": ESCALATION[from as usize],
                            "to_level": to,
                            "due_at": due,
                        }),
                    },
                )?;
                OUTBOX.enqueue(
                    conn,
                    topics::COMPLAINT,
                    &events::complaint_escalated(&row, to, correlation),
                )?;
                tracing::warn!(complaint_id = %row.complaint_id, estate_id = %row.estate_id, to, reason, "Complaint escalated.");
                out.escalated += 1;
            }
        }
    }
    row.sweep_at = next_look(&row, s);
    if row.sweep_at.is_some_and(|at| at <= now) {
        // Never look again in the same pass.
        row.sweep_at = Some(now + Duration::minutes(1));
    }
    complaints::save(conn, &row)?;
    let (b, a) = (handling::counts_of(&before), handling::counts_of(&row));
    stats::bump(conn, &key(&row), a.minus(b))?;
    Ok(())
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
