//! Opening, classifying, assigning, resolving, replying, and following up complaints.

use crate::db::complaints::{self, ComplaintRow};
use crate::db::settings::{self, SettingsRow};
use crate::db::stats::{self, Key};
use crate::db::trail::{self, Step as TrailStep};
use crate::domain::complaint::{
    Counts, Facts, REPLY_CHANNELS, SATISFACTION, Severity, TYPES, complaint_no, counts,
};
use crate::domain::deadline::{self, Extension, Watch};
use crate::domain::flow::{self, Refusal, Status, Step};
use crate::error::Error;
use crate::events::{self, OUTBOX};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use desk_auth::Role;
use desk_events::topics;
use desk_platform::local::Zone;
use diesel::PgConnection;
use uuid::Uuid;

/// Who acts, and when.
#[derive(Debug, Clone)]
pub struct Actor {
    pub group_id: Uuid,
    pub staff_id: Option<Uuid>,
    pub roles: Vec<Role>,
    pub now: DateTime<Utc>,
    pub correlation_id: Uuid,
}

impl Actor {
    fn has(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.roles.contains(r))
    }
}

/// The estate's time zone, from its calendar (documents' estate calendar, Asia/Shanghai until
/// one arrives).
pub fn zone_of(s: &SettingsRow) -> Zone {
    s.calendar().zone
}

/// The first day of the month (in the estate's time) a complaint taken at `at` counts in.
pub fn month_of(zone: Zone, at: DateTime<Utc>) -> NaiveDate {
    let local = zone.date(at);
    NaiveDate::from_ymd_opt(local.year(), local.month(), 1).unwrap_or(local)
}

/// When the sweep must next look at the complaint as it now stands (`None`: nothing can move).
pub fn next_look(row: &ComplaintRow, s: &SettingsRow) -> Option<DateTime<Utc>> {
    let cal = s.calendar();
    deadline::next_look(
        &cal,
        cal.zone,
        &Watch {
            status: Status::parse(&row.status)?,
            deadline_at: row.deadline_at,
            assign_by: row.assign_by,
            reminded: row.reminded_at.is_some(),
            lapsed: row.lapsed_at().is_some(),
            escalation_level: row.escalation_level,
            remind_hours_before: i64::from(s.remind_hours_before),
        },
    )
}

/// When a complaint received (or reopened, or sent to the estate manager) at `now` must be
/// assigned.
fn assign_by(s: &SettingsRow, now: DateTime<Utc>) -> DateTime<Utc> {
    let cal = s.calendar();
    deadline::assign_by(
        &cal,
        cal.zone,
        now,
        u32::try_from(s.assign_within_hours).unwrap_or(2),
    )
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

/// What the complaint adds to its month's statistics as it stands.
pub fn counts_of(row: &ComplaintRow) -> Counts {
    counts(&Facts {
        validity: row.validity.as_deref(),
        resolved_at: row.resolved_at,
        deadline_at: row.deadline_at,
        replied: row.replied_at.is_some(),
        satisfaction: row.satisfaction.as_deref(),
        lapsed: row.lapsed_at().is_some(),
        extended: row.extensions() > 0,
    })
}

/// Move the statistics from what `before` counted to what `after` counts.
fn restate(
    conn: &mut PgConnection,
    before: Option<&ComplaintRow>,
    after: &ComplaintRow,
) -> Result<(), Error> {
    match before {
        Some(b) if key(b) == key(after) => {
            stats::bump(conn, &key(after), counts_of(after).minus(counts_of(b)))?
        }
        Some(b) => {
            stats::bump(conn, &key(b), Counts::default().minus(counts_of(b)))?;
            stats::bump(conn, &key(after), counts_of(after))?;
        }
        None => stats::bump(conn, &key(after), counts_of(after))?,
    }
    Ok(())
}

fn detail(row: &ComplaintRow, field: &str) -> Option<String> {
    row.details
        .get(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn set_detail(row: &mut ComplaintRow, field: &str, value: serde_json::Value) {
    if !row.details.is_object() {
        row.details = serde_json::json!({});
    }
    if let Some(o) = row.details.as_object_mut() {
        o.insert(field.to_string(), value);
    }
}

/// A new complaint, as the desk's intake or a letter or HQ brings it.
pub struct NewComplaint {
    pub estate_id: Uuid,
    pub intake_id: Option<Uuid>,
    pub channel: String,
    pub complainant_name: Option<String>,
    pub complainant_phone: Option<String>,
    pub unit_label: Option<String>,
    pub description: String,
    pub location: Option<String>,
    pub occurred_at: Option<DateTime<Utc>>,
    pub demand: Option<String>,
    pub complaint_type: Option<String>,
    pub taken_by: Uuid,
}

/// Open a complaint; `None` when its intake already has one (a redelivered event).
pub fn open(
    conn: &mut PgConnection,
    actor: &Actor,
    n: NewComplaint,
) -> Result<Option<ComplaintRow>, Error> {
    let complaint_type = n.complaint_type.unwrap_or_else(|| "other".to_string());
    if !TYPES.contains(&complaint_type.as_str()) {
        return Err(Error::Invalid("type: unknown complaint type".into()));
    }
    let complaint_id = Uuid::now_v7();
    let s = settings::find_or_default(conn, actor.group_id, n.estate_id)?;
    let zone = zone_of(&s);
    let mut row = ComplaintRow {
        group_id: actor.group_id,
        estate_id: n.estate_id,
        complaint_id,
        complaint_no: complaint_no(complaint_id, zone.date(actor.now)),
        intake_id: n.intake_id,
        severity: Severity::General.as_str().to_string(),
        status: Status::Received.as_str().to_string(),
        channel: n.channel,
        complainant_name: n.complainant_name,
        complainant_phone: n.complainant_phone,
        unit_label: n.unit_label,
        description: n.description,
        taken_by: n.taken_by,
        version: 1,
        created_at: actor.now,
        updated_at: actor.now,
        complaint_type,
        validity: None,
        department: None,
        assigned_at: None,
        deadline_at: None,
        reply_due: None,
        resolved_at: None,
        replied_at: None,
        satisfaction: None,
        closed_at: None,
        escalation_level: 0,
        reminded_at: None,
        details: serde_json::json!({}),
        month: month_of(zone, actor.now),
        assign_by: None,
        sweep_at: None,
    };
    // Reported to the supervisor at once: unassigned past `assign_by`, it is overdue.
    row.assign_by = Some(assign_by(&s, actor.now));
    row.sweep_at = next_look(&row, &s);
    let expected = s
        .calendar()
        .deadline(actor.now, s.resolve_days_for(&row.complaint_type));
    set_detail(&mut row, "expected_deadline", serde_json::json!(expected));
    for (field, value) in [("location", n.location), ("demand", n.demand)] {
        if let Some(v) = value {
            set_detail(&mut row, field, serde_json::Value::String(v));
        }
    }
    if let Some(at) = n.occurred_at {
        set_detail(&mut row, "occurred_at", serde_json::json!(at));
    }
    if !complaints::insert_once_per_intake(conn, &row)? {
        return Ok(None);
    }
    trail::record(
        conn,
        row.group_id,
        row.estate_id,
        complaint_id,
        TrailStep {
            at: actor.now,
            actor: actor.staff_id.or(Some(row.taken_by)),
            action: "received",
            from_status: None,
            to_status: Some("received"),
            reason: None,
            details: serde_json::json!({ "channel": row.channel }),
        },
    )?;
    restate(conn, None, &row)?;
    Ok(Some(row))
}

/// A change of type, severity or validity, each with its reason.
pub struct Classification {
    pub complaint_type: Option<String>,
    pub severity: Option<String>,
    pub validity: Option<String>,
    pub reason: String,
}

fn locked(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    complaint_id: Uuid,
) -> Result<ComplaintRow, Error> {
    complaints::lock_by_group_estate_complaint(conn, actor.group_id, estate_id, complaint_id)?
        .ok_or(Error::NotFound("complaint"))
}

fn finish(
    conn: &mut PgConnection,
    actor: &Actor,
    before: &ComplaintRow,
    row: &mut ComplaintRow,
    action: &str,
    reason: Option<&str>,
    details: serde_json::Value,
) -> Result<(), Error> {
    row.version += 1;
    row.updated_at = actor.now;
    let s = settings::find_or_default(conn, row.group_id, row.estate_id)?;
    row.sweep_at = next_look(row, &s);
    complaints::save(conn, row)?;
    trail::record(
        conn,
        row.group_id,
        row.estate_id,
        row.complaint_id,
        TrailStep {
            at: actor.now,
            actor: actor.staff_id,
            action,
            from_status: Some(before.status.as_str()),
            to_status: Some(row.status.as_str()),
            reason,
            details,
        },
    )?;
    restate(conn, Some(before), row)
}

pub fn classify(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    complaint_id: Uuid,
    c: Classification,
) -> Result<ComplaintRow, Error> {
    let reason = c.reason.trim();
    if reason.is_empty() {
        return Err(Error::Invalid("reason: say why it changes".into()));
    }
    let before = locked(conn, actor, estate_id, complaint_id)?;
    if before.status == Status::Closed.as_str() {
        return Err(Refusal {
            code: "complaint_closed",
            message: "The complaint is closed.",
        }
        .into());
    }
    let mut row = before.clone();
    let mut changes = serde_json::Map::new();
    if let Some(t) = c.complaint_type {
        if !TYPES.contains(&t.as_str()) {
            return Err(Error::Invalid("type: unknown complaint type".into()));
        }
        changes.insert(
            "type".into(),
            serde_json::json!({ "from": row.complaint_type, "to": t }),
        );
        row.complaint_type = t;
    }
    if let Some(s) = c.severity {
        if Severity::parse(&s).is_none() {
            return Err(Error::Invalid("severity: general or major".into()));
        }
        // Raising a complaint to major takes it to the estate manager, who sets the reply date.
        if s == "major"
            && row.severity != "major"
            && !actor.has(&[Role::Supervisor, Role::EstateManager, Role::Admin])
        {
            return Err(Error::Refused(desk_platform::Problem::forbidden(
                "A supervisor or the estate manager decides a complaint is major.",
            )));
        }
        // Taking a complaint off major is the estate manager's alone.
        deadline::may_change_severity(&row.severity, &s, actor.has(&[Role::EstateManager]))?;
        let status = Status::parse(&row.status).unwrap_or(Status::Received);
        if deadline::raised_to_major_after_assignment(status, &row.severity, &s) {
            // The supervisor's deadline does not stand: the complaint waits for the estate
            // manager's assignment and reply date, and is overdue if it waits too long.
            if let Some(d) = row.deadline_at
                && d < actor.now
                && row.lapsed_at().is_none()
            {
                row.set_lapsed_at(Some(d));
            }
            let st = settings::find_or_default(conn, row.group_id, row.estate_id)?;
            changes.insert(
                "sent_to_estate_manager".into(),
                serde_json::json!({ "deadline_at": row.deadline_at, "department": row.department }),
            );
            row.status = Status::Received.as_str().to_string();
            row.deadline_at = None;
            row.reply_due = None;
            row.reminded_at = None;
            row.escalation_level = 0;
            row.assign_by = Some(assign_by(&st, actor.now));
        }
        changes.insert(
            "severity".into(),
            serde_json::json!({ "from": row.severity, "to": s }),
        );
        row.severity = s;
    }
    if let Some(v) = c.validity {
        if v != "valid" && v != "invalid" {
            return Err(Error::Invalid("validity: valid or invalid".into()));
        }
        changes.insert(
            "validity".into(),
            serde_json::json!({ "from": row.validity, "to": v }),
        );
        row.validity = Some(v);
    }
    if changes.is_empty() {
        return Err(Error::Invalid(
            "nothing to change: give type, severity or validity".into(),
        ));
    }
    finish(
        conn,
        actor,
        &before,
        &mut row,
        "classified",
        Some(reason),
        serde_json::Value::Object(changes),
    )?;
    Ok(row)
}

/// A reassignment's request to move the deadline later, with its reason.
#[derive(Debug, Clone, Default)]
pub struct ExtensionIn {
    pub extend_to: Option<DateTime<Utc>>,
    pub reason: Option<String>,
}

/// Give the complaint to a department. A general complaint: the supervisor, with the deadline
/// from the estate's calendar. A major one: the estate manager, who sets the reply date. A
/// reassignment (to the same or another department) keeps the deadline and the escalation
/// level, unless the deadline is extended with a reason; a reopened complaint starts a new
/// round with a new deadline.
pub fn assign(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    complaint_id: Uuid,
    department: &str,
    reply_due: Option<DateTime<Utc>>,
    extension: ExtensionIn,
) -> Result<ComplaintRow, Error> {
    let before = locked(conn, actor, estate_id, complaint_id)?;
    let from = Status::parse(&before.status).unwrap_or(Status::Received);
    let to = flow::next(
        from,
        Step::Assign,
        before.validity.as_deref() == Some("invalid"),
    )?;
    let settings = settings::find_or_default(conn, actor.group_id, estate_id)?;
    if !settings.departments.iter().any(|d| d == department) {
        return Err(Refusal {
            code: "unknown_department",
            message: "The estate has no such department.",
        }
        .into());
    }
    let mut row = before.clone();
    let major = row.severity == "major";
    if major && !actor.has(&[Role::EstateManager, Role::Admin]) {
        return Err(Error::Refused(desk_platform::Problem::forbidden(
            "A major complaint is assigned by the estate manager.",
        )));
    }
    let reassigning = from == Status::Assigned;
    let mut extended_from = None;
    let deadline = if let (true, Some(current)) = (reassigning, row.deadline_at) {
        // The clock stays with the complaint; a new reply date of the estate manager for a major
        // complaint is an extension like any other.
        let asked = extension
            .extend_to
            .or_else(|| reply_due.filter(|d| major && Some(*d) != row.reply_due));
        let reason = extension.reason.clone().unwrap_or_default();
        let ext = asked.map(|to| Extension {
            to,
            reason: reason.as_str(),
        });
        let d = deadline::reassigned_deadline(current, ext.as_ref())?;
        if d != current {
            if current < actor.now && row.resolved_at.is_none() && row.lapsed_at().is_none() {
                // Late stays late: the extension gives time, not punctuality.
                row.set_lapsed_at(Some(current));
            }
            extended_from = Some(current);
            row.set_extensions(row.extensions() + 1);
            row.reminded_at = None;
            if major {
                row.reply_due = Some(d);
            }
        }
        d
    } else {
        if extension.extend_to.is_some() {
            return Err(Error::Invalid(
                "extend_to: only a reassignment extends a deadline".into(),
            ));
        }
        let d = if major {
            let due = reply_due.ok_or(Refusal {
                code: "reply_date_required",
                message: "The estate manager sets the date the person gets a reply.",
            })?;
            if due <= actor.now {
                return Err(Refusal {
                    code: "reply_date_in_the_past",
                    message: "The reply date must be in the future.",
                }
                .into());
            }
            row.reply_due = Some(due);
            due
        } else {
            settings
                .calendar()
                .deadline(actor.now, settings.resolve_days_for(&row.complaint_type))
        };
        // A first assignment, the estate manager's after a complaint was raised to major, or a
        // reopened complaint's new round: a new deadline, watched from level 0.
        if from == Status::Reopened {
            row.set_lapsed_at(None);
        }
        row.assigned_at = Some(actor.now);
        row.escalation_level = 0;
        row.reminded_at = None;
        row.resolved_at = None;
        d
    };
    let from_department = row.department.clone();
    row.status = to.as_str().to_string();
    row.department = Some(department.to_string());
    row.deadline_at = Some(deadline);
    row.assign_by = None;
    let action = if reassigning {
        "reassigned"
    } else {
        "assigned"
    };
    finish(
        conn,
        actor,
        &before,
        &mut row,
        action,
        None,
        serde_json::json!({
            "department": department,
            "from_department": from_department.filter(|_| reassigning),
            "deadline_at": deadline,
        }),
    )?;
    if let Some(prior) = extended_from {
        trail::record(
            conn,
            row.group_id,
            row.estate_id,
            row.complaint_id,
            TrailStep {
                at: actor.now,
                actor: actor.staff_id,
                action: "deadline_extended",
                from_status: Some(row.status.as_str()),
                to_status: Some(row.status.as_str()),
                reason: extension.reason.as_deref().map(str::trim),
                details: serde_json::json!({ "from": prior, "to": deadline }),
            },
        )?;
    }
    if before.deadline_at != row.deadline_at {
        let why = match (extended_from.is_some(), major) {
            (true, _) => "extended",
            (false, true) => "reply_date",
            (false, false) => "assigned",
        };
        OUTBOX.enqueue(
            conn,
            topics::COMPLAINT,
            &events::complaint_deadline_set(&row, why, actor.correlation_id),
        )?;
    }
    Ok(row)
}

pub fn resolve(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    complaint_id: Uuid,
    result: &str,
) -> Result<ComplaintRow, Error> {
    let before = locked(conn, actor, estate_id, complaint_id)?;
    let to = flow::next(
        Status::parse(&before.status).unwrap_or(Status::Received),
        Step::Resolve,
        false,
    )?;
    let mut row = before.clone();
    row.status = to.as_str().to_string();
    row.resolved_at = Some(actor.now);
    set_detail(&mut row, "result", serde_json::json!(result));
    set_detail(&mut row, "resolved_by", serde_json::json!(actor.staff_id));
    let on_time = row.deadline_at.is_none_or(|d| actor.now <= d);
    finish(
        conn,
        actor,
        &before,
        &mut row,
        "resolved",
        None,
        serde_json::json!({ "on_time": on_time }),
    )?;
    Ok(row)
}

pub fn reply(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    complaint_id: Uuid,
    channel: &str,
    content: &str,
) -> Result<ComplaintRow, Error> {
    if !REPLY_CHANNELS.contains(&channel) {
        return Err(Error::Invalid(
            "channel: phone, in_person, sms, letter or app".into(),
        ));
    }
    let before = locked(conn, actor, estate_id, complaint_id)?;
    let invalid = before.validity.as_deref() == Some("invalid");
    let to = flow::next(
        Status::parse(&before.status).unwrap_or(Status::Received),
        Step::Reply,
        invalid,
    )?;
    let mut row = before.clone();
    row.status = to.as_str().to_string();
    row.replied_at = Some(actor.now);
    set_detail(&mut row, "reply_channel", serde_json::json!(channel));
    set_detail(&mut row, "reply", serde_json::json!(content));
    finish(
        conn,
        actor,
        &before,
        &mut row,
        "replied",
        None,
        serde_json::json!({ "channel": channel }),
    )?;
    Ok(row)
}

/// The follow-up visit (回访). Satisfied or basically satisfied closes the complaint and tells
/// reception; dissatisfied reopens it for another assignment.
pub fn follow_up(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    complaint_id: Uuid,
    satisfaction: &str,
    note: Option<&str>,
) -> Result<ComplaintRow, Error> {
    if !SATISFACTION.contains(&satisfaction) {
        return Err(Error::Invalid(
            "satisfaction: satisfied, basically_satisfied or dissatisfied".into(),
        ));
    }
    let before = locked(conn, actor, estate_id, complaint_id)?;
    let dissatisfied = satisfaction == "dissatisfied";
    let to = flow::next(
        Status::parse(&before.status).unwrap_or(Status::Received),
        Step::FollowUp { dissatisfied },
        false,
    )?;
    let mut row = before.clone();
    row.status = to.as_str().to_string();
    row.satisfaction = Some(satisfaction.to_string());
    if let Some(n) = note {
        set_detail(&mut row, "follow_up_note", serde_json::json!(n));
    }
    if dissatisfied {
        let reopened = row
            .details
            .get("reopen_count")
            .and_then(|v| v.as_i64())
            .unwrap_or(0)
            + 1;
        set_detail(&mut row, "reopen_count", serde_json::json!(reopened));
        // The next assignment starts a new deadline; the month's counts show the reopening.
        // Until then it waits for the supervisor, and is overdue if it waits too long.
        row.replied_at = None;
        let st = settings::find_or_default(conn, row.group_id, row.estate_id)?;
        row.assign_by = Some(assign_by(&st, actor.now));
        row.escalation_level = 0;
        row.reminded_at = None;
    } else {
        row.closed_at = Some(actor.now);
    }
    let action = if dissatisfied { "reopened" } else { "closed" };
    finish(
        conn,
        actor,
        &before,
        &mut row,
        action,
        note,
        serde_json::json!({ "satisfaction": satisfaction }),
    )?;
    if !dissatisfied {
        let told_via = detail(&row, "reply_channel").unwrap_or_default();
        let result = detail(&row, "result")
            .or_else(|| detail(&row, "reply"))
            .unwrap_or_default();
        OUTBOX.enqueue(
            conn,
            topics::COMPLAINT,
            &events::complaint_closed(&row, &result, &told_via, actor.correlation_id),
        )?;
    }
    Ok(row)
}
