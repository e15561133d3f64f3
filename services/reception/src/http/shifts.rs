//! `/api/v1/reception/estates/{estate_id}/shifts`: the duty log (工作日志) and the shift
//! handover (交接班). The outgoing shift hands over its notes and every open entry; the next
//! shift acknowledges and takes over, and sees the night's log at the morning handover.

use super::common::{Page, PageQuery, required};
use super::intakes::{DESK_ROLES, OWNING_ROLES};
use crate::db::desk::{self, NoteRow, ShiftRow};
use crate::db::desk_staff;
use crate::db::intakes;
use crate::domain::desk::{acknowledge, hand_over, note_on_shift, shift};
use crate::domain::intake::{Category, Refusal, Status, urgency};
use crate::domain::ownership::{self, step};
use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use desk_auth::Staff;
use desk_platform::db;
use diesel::{Connection, PgConnection};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The most open entries a handover lists (the rest are counted).
const HANDOVER_ENTRIES: i64 = 500;

#[derive(Debug, Serialize)]
pub struct ShiftView {
    pub shift_id: Uuid,
    pub kind: String,
    pub status: String,
    pub opened_by: Uuid,
    pub opened_at: DateTime<Utc>,
    pub handed_over_by: Option<Uuid>,
    pub handed_over_at: Option<DateTime<Utc>>,
    pub acknowledged_by: Option<Uuid>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// What was handed over: the open entries and the notes as they stood.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handover: Option<serde_json::Value>,
    pub notes: Vec<NoteRow>,
}

fn view(row: ShiftRow, notes: Vec<NoteRow>) -> ShiftView {
    ShiftView {
        shift_id: row.shift_id,
        kind: row.kind,
        status: row.status,
        opened_by: row.opened_by,
        opened_at: row.opened_at,
        handed_over_by: row.handed_over_by,
        handed_over_at: row.handed_over_at,
        acknowledged_by: row.acknowledged_by,
        acknowledged_at: row.acknowledged_at,
        handover: row.handover,
        notes,
    }
}

fn new_shift(
    group: Uuid,
    estate: Uuid,
    kind: &str,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<ShiftRow, Error> {
    if !shift::KINDS.contains(&kind) {
        return Err(Error::Invalid("kind: must be day or night".into()));
    }
    Ok(ShiftRow {
        group_id: group,
        estate_id: estate,
        shift_id: Uuid::now_v7(),
        kind: kind.to_string(),
        status: shift::OPEN.to_string(),
        opened_by: by,
        opened_at: now,
        handed_over_by: None,
        handed_over_at: None,
        handover: None,
        acknowledged_by: None,
        acknowledged_at: None,
    })
}

fn insert_open(conn: &mut PgConnection, row: &ShiftRow) -> Result<(), Error> {
    if desk::insert_shift(conn, row)? {
        Ok(())
    } else {
        Err(Refusal {
            code: "shift_already_open",
            message: "The estate already has an open shift; hand it over first.",
        }
        .into())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenShift {
    /// "day" or "night".
    pub kind: String,
}

/// Open a shift: the first one, or after a handover was acknowledged (acknowledging opens the
/// next shift by itself).
#[post("/api/v1/reception/estates/{estate_id}/shifts")]
pub async fn open(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    body: web::Json<OpenShift>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let at_desk = staff.has_any_role(&OWNING_ROLES);
    let row = new_shift(
        staff.grp,
        estate_id,
        body.kind.trim(),
        staff.sub,
        (state.clock)(),
    )?;
    let row = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let latest = desk::latest_shifts(conn, row.group_id, row.estate_id, 1)?;
            if latest.first().is_some_and(|s| s.status == shift::HANDED_OVER) {
                return Err(Refusal {
                    code: "handover_not_acknowledged",
                    message: "The last shift's handover waits to be acknowledged; acknowledging it opens your shift.",
                }
                .into());
            }
            insert_open(conn, &row)?;
            desk_staff::seen_by_group_estate(
                conn,
                row.group_id,
                row.estate_id,
                (row.opened_by, at_desk),
                row.opened_at,
            )?;
            Ok(row)
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(view(row, vec![])))
}

#[derive(Debug, Serialize)]
pub struct Current {
    /// The shift on duty, if any.
    pub shift: Option<ShiftView>,
    /// The shift before it, with its handover and notes (the night log in the morning).
    pub previous: Option<ShiftView>,
}

#[get("/api/v1/reception/estates/{estate_id}/shifts/current")]
pub async fn current(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let group = staff.grp;
    let out = db::run(&state.pool, move |conn| {
        let mut latest = desk::latest_shifts(conn, group, estate_id, 2)?.into_iter();
        let first = latest.next();
        let (on_duty, previous) = match first {
            Some(s) if s.status == shift::OPEN => (Some(s), latest.next()),
            other => (None, other),
        };
        let mut with_notes = |s: Option<ShiftRow>| -> Result<Option<ShiftView>, Error> {
            match s {
                None => Ok(None),
                Some(s) => {
                    let notes = desk::notes_of_shift(conn, group, estate_id, s.shift_id)?;
                    Ok(Some(view(s, notes)))
                }
            }
        };
        Ok::<_, Error>(Current {
            shift: with_notes(on_duty)?,
            previous: with_notes(previous)?,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteIn {
    pub body: String,
    #[serde(default)]
    pub important: bool,
}

/// Write in the duty log of the open shift.
#[post("/api/v1/reception/estates/{estate_id}/shifts/{shift_id}/notes")]
pub async fn note(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<NoteIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, shift_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let b = body.into_inner();
    let note = NoteRow {
        group_id: staff.grp,
        estate_id,
        note_id: Uuid::now_v7(),
        shift_id,
        body: required("body", &b.body, 2000)?,
        important: b.important,
        created_by: staff.sub,
        created_at: (state.clock)(),
    };
    let note = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let s = desk::lock_shift(conn, note.group_id, note.estate_id, note.shift_id)?
                .ok_or(Error::NotFound("shift"))?;
            note_on_shift(&s.status)?;
            desk::insert_note(conn, &note)?;
            Ok(note)
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(note))
}

/// Hand the shift over: its notes and every open entry of the ledger, as they stand now.
#[post("/api/v1/reception/estates/{estate_id}/shifts/{shift_id}/handover")]
pub async fn handover(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, shift_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let (group, by, now) = (staff.grp, staff.sub, (state.clock)());
    let at_desk = staff.has_any_role(&OWNING_ROLES);
    let out = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let mut s = desk::lock_shift(conn, group, estate_id, shift_id)?
                .ok_or(Error::NotFound("shift"))?;
            hand_over(&s.status)?;
            let zone = super::common::zone(conn, group, estate_id)?;
            let notes = desk::notes_of_shift(conn, group, estate_id, shift_id)?;
            let entries =
                intakes::open_by_group_estate(conn, group, estate_id, HANDOVER_ENTRIES + 1)?;
            let ids: Vec<Uuid> = entries.iter().map(|i| i.intake_id).collect();
            let handled: Vec<Uuid> =
                intakes::handling_by_group_estate_intakes(conn, group, estate_id, &ids)?
                    .into_iter()
                    .filter(|h| h.handled_at.is_some())
                    .map(|h| h.intake_id)
                    .collect();
            let pinned = |i: &intakes::IntakeRow| {
                ownership::pinned(
                    Category::parse(&i.category).unwrap_or(Category::Other),
                    Status::parse(&i.status).unwrap_or(Status::Open),
                    handled.contains(&i.intake_id).then_some(now),
                )
            };
            // Emergencies go first: the ones whose work is not done head the handover.
            let mut ordered: Vec<&intakes::IntakeRow> =
                entries.iter().take(HANDOVER_ENTRIES as usize).collect();
            ordered.sort_by_key(|i| !pinned(i));
            let listed: Vec<serde_json::Value> = ordered
                .into_iter()
                .map(|i| {
                    serde_json::json!({
                        "intake_id": i.intake_id,
                        "category": i.category,
                        "status": i.status,
                        "unit_label": i.unit_label,
                        "request": i.request,
                        "taken_by": i.taken_by,
                        "owner_id": i.owner_id,
                        "pinned": pinned(i),
                        "due_at": i.due_at,
                        "urgency": i.due_at.map(|d| urgency(d, now, zone)),
                        "downstream_no": i.downstream_no,
                    })
                })
                .collect();
            s.status = shift::HANDED_OVER.to_string();
            s.handed_over_by = Some(by);
            desk_staff::seen_by_group_estate(conn, group, estate_id, (by, at_desk), now)?;
            s.handed_over_at = Some(now);
            s.handover = Some(serde_json::json!({
                "open_entries": listed,
                "open_entries_total": entries.len(),
                "notes": notes,
            }));
            desk::save_shift(conn, &s)?;
            Ok(view(s, notes))
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acknowledge {
    /// The kind of the shift being taken over to: "day" or "night".
    pub kind: String,
}

#[derive(Debug, Serialize)]
pub struct TakenOver {
    pub previous: ShiftView,
    pub shift: ShiftView,
}

/// The next shift acknowledges the handover and opens its own shift. The open entries the
/// handover listed that belonged to the outgoing shift (who opened it, who handed it over)
/// pass to the one who acknowledged, each with a step in its trail (首问责任制).
#[post("/api/v1/reception/estates/{estate_id}/shifts/{shift_id}/acknowledge")]
pub async fn acknowledge_handover(
    staff: Staff,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<Acknowledge>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (estate_id, shift_id) = path.into_inner();
    staff.require_estate(estate_id)?;
    staff.require_any_role(&DESK_ROLES)?;
    let (group, by, now) = (staff.grp, staff.sub, (state.clock)());
    let at_desk = staff.has_any_role(&OWNING_ROLES);
    let next = new_shift(group, estate_id, body.kind.trim(), by, now)?;
    let out = db::run(&state.pool, move |conn| {
        conn.transaction::<_, Error, _>(|conn| {
            let mut s = desk::lock_shift(conn, group, estate_id, shift_id)?
                .ok_or(Error::NotFound("shift"))?;
            acknowledge(&s.status, s.handed_over_by, by)?;
            s.status = shift::ACKNOWLEDGED.to_string();
            s.acknowledged_by = Some(by);
            s.acknowledged_at = Some(now);
            desk::save_shift(conn, &s)?;
            insert_open(conn, &next)?;
            pass_entries(conn, &s, by, now)?;
            desk_staff::seen_by_group_estate(conn, group, estate_id, (by, at_desk), now)?;
            let notes = desk::notes_of_shift(conn, group, estate_id, shift_id)?;
            Ok(TakenOver {
                previous: view(s, notes),
                shift: view(next, vec![]),
            })
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Pass the handed-over entries of the outgoing shift to the one who acknowledged.
fn pass_entries(
    conn: &mut PgConnection,
    s: &ShiftRow,
    to: Uuid,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let listed: Vec<Uuid> = s
        .handover
        .as_ref()
        .and_then(|h| h.get("open_entries"))
        .and_then(|e| e.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|e| e.get("intake_id")?.as_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let outgoing: Vec<Uuid> = [Some(s.opened_by), s.handed_over_by]
        .into_iter()
        .flatten()
        .filter(|o| *o != to)
        .collect();
    if listed.is_empty() || outgoing.is_empty() {
        return Ok(());
    }
    let rows =
        intakes::lock_passing_at_handover(conn, s.group_id, s.estate_id, &listed, &outgoing)?;
    for mut row in rows {
        let status = Status::parse(&row.status).unwrap_or(Status::Open);
        if !ownership::passes_at_handover(status, row.owner_id, &outgoing) {
            continue;
        }
        row.owner_id = to;
        row.version += 1;
        row.updated_at = now;
        row.updated_by = Some(to);
        intakes::save(conn, &row)?;
        intakes::insert_step(
            conn,
            &intakes::TrailRow::of(&row, now, to, step::HANDED_OVER, None),
        )?;
    }
    Ok(())
}

#[get("/api/v1/reception/estates/{estate_id}/shifts")]
pub async fn list(
    staff: Staff,
    estate_id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let estate_id = estate_id.into_inner();
    staff.require_estate(estate_id)?;
    let period = query.into_inner().period();
    let (group, limit) = (staff.grp, period.limit);
    let rows = db::run(&state.pool, move |conn| {
        desk::list_shifts(conn, group, estate_id, &period).map_err(Error::from)
    })
    .await?;
    let items: Vec<ShiftView> = rows.into_iter().map(|s| view(s, vec![])).collect();
    Ok(HttpResponse::Ok().json(Page::new(items, limit, |s| s.opened_at)))
}
