//! The intake ledger table.

use super::schema::{intake_handling, intake_trail, intakes};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = intakes, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct IntakeRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub intake_id: Uuid,
    pub channel: String,
    pub category: String,
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    pub unit_label: Option<String>,
    pub request: String,
    pub taken_by: Uuid,
    pub status: String,
    pub downstream_kind: Option<String>,
    pub downstream_id: Option<Uuid>,
    pub downstream_no: Option<String>,
    pub idempotency_key: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub unit_id: Option<Uuid>,
    pub resident_id: Option<Uuid>,
    pub due_at: Option<DateTime<Utc>>,
    pub promised_by: Option<DateTime<Utc>>,
    pub downstream_closed_at: Option<DateTime<Utc>>,
    pub downstream_result: Option<String>,
    pub told_at: Option<DateTime<Utc>>,
    pub told_via: Option<String>,
    pub result: Option<String>,
    pub satisfaction: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<Uuid>,
    pub updated_by: Option<Uuid>,
    /// Who owns the entry now (首问责任制): its taker until it is passed on explicitly.
    pub owner_id: Uuid,
}

/// What happened to an entry beyond the ledger's columns: an emergency's work done, praise or
/// a suggestion passed on and what was done with it.
#[derive(Debug, Clone, Default, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = intake_handling, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct HandlingRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub intake_id: Uuid,
    /// When an emergency's work was done: it leaves the top of the lists.
    pub handled_at: Option<DateTime<Utc>>,
    pub referred_to: Option<String>,
    pub referral_subject: Option<String>,
    pub referred_at: Option<DateTime<Utc>>,
    pub referred_by: Option<Uuid>,
    pub outcome: Option<String>,
    pub outcome_by: Option<Uuid>,
    pub outcome_at: Option<DateTime<Utc>>,
}

impl HandlingRow {
    pub fn blank(row: &IntakeRow) -> Self {
        Self {
            group_id: row.group_id,
            estate_id: row.estate_id,
            intake_id: row.intake_id,
            ..Self::default()
        }
    }
}

/// The handling of the entries `ids`.
pub fn handling_by_group_estate_intakes(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    ids: &[Uuid],
) -> QueryResult<Vec<HandlingRow>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    intake_handling::table
        .filter(intake_handling::group_id.eq(group_id))
        .filter(intake_handling::estate_id.eq(estate_id))
        .filter(intake_handling::intake_id.eq_any(ids))
        .select(HandlingRow::as_select())
        .load(conn)
}

/// Write an entry's handling (its entry is locked in the same transaction).
pub fn save_handling(conn: &mut PgConnection, h: &HandlingRow) -> QueryResult<()> {
    diesel::insert_into(intake_handling::table)
        .values(h)
        .on_conflict((
            intake_handling::group_id,
            intake_handling::estate_id,
            intake_handling::intake_id,
        ))
        .do_update()
        .set(h)
        .execute(conn)?;
    Ok(())
}

/// One step of an entry's trail: who did what, and who owned it after.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = intake_trail, check_for_backend(diesel::pg::Pg))]
pub struct TrailRow {
    #[serde(skip)]
    pub group_id: Uuid,
    #[serde(skip)]
    pub estate_id: Uuid,
    pub step_id: Uuid,
    #[serde(skip)]
    pub intake_id: Uuid,
    pub at: DateTime<Utc>,
    pub actor: Uuid,
    pub action: String,
    pub owner_id: Uuid,
    pub note: Option<String>,
}

impl TrailRow {
    pub fn of(
        row: &IntakeRow,
        at: DateTime<Utc>,
        actor: Uuid,
        action: &str,
        note: Option<String>,
    ) -> Self {
        Self {
            group_id: row.group_id,
            estate_id: row.estate_id,
            step_id: Uuid::now_v7(),
            intake_id: row.intake_id,
            at,
            actor,
            action: action.to_string(),
            owner_id: row.owner_id,
            note,
        }
    }
}

pub fn insert_step(conn: &mut PgConnection, step: &TrailRow) -> QueryResult<()> {
    diesel::insert_into(intake_trail::table)
        .values(step)
        .execute(conn)?;
    Ok(())
}

/// The entry's trail, oldest first.
pub fn trail_by_group_estate_intake(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    intake_id: Uuid,
) -> QueryResult<Vec<TrailRow>> {
    intake_trail::table
        .filter(intake_trail::group_id.eq(group_id))
        .filter(intake_trail::estate_id.eq(estate_id))
        .filter(intake_trail::intake_id.eq(intake_id))
        .order((intake_trail::at.asc(), intake_trail::step_id.asc()))
        .select(TrailRow::as_select())
        .load(conn)
}

pub fn insert(conn: &mut PgConnection, row: &IntakeRow) -> QueryResult<()> {
    diesel::insert_into(intakes::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Write the whole row back (it was read `FOR UPDATE` in the same transaction).
pub fn save(conn: &mut PgConnection, row: &IntakeRow) -> QueryResult<()> {
    diesel::update(
        intakes::table
            .filter(intakes::group_id.eq(row.group_id))
            .filter(intakes::estate_id.eq(row.estate_id))
            .filter(intakes::intake_id.eq(row.intake_id)),
    )
    .set(row)
    .execute(conn)?;
    Ok(())
}

pub fn find_by_group_estate_intake(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    intake_id: Uuid,
) -> QueryResult<Option<IntakeRow>> {
    intakes::table
        .filter(intakes::group_id.eq(group_id))
        .filter(intakes::estate_id.eq(estate_id))
        .filter(intakes::intake_id.eq(intake_id))
        .select(IntakeRow::as_select())
        .first(conn)
        .optional()
}

/// The same, locked for a change in this transaction.
pub fn lock_by_group_estate_intake(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    intake_id: Uuid,
) -> QueryResult<Option<IntakeRow>> {
    intakes::table
        .filter(intakes::group_id.eq(group_id))
        .filter(intakes::estate_id.eq(estate_id))
        .filter(intakes::intake_id.eq(intake_id))
        .select(IntakeRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// The intake an earlier attempt of the same request recorded, if any.
pub fn find_by_group_estate_idempotency_key(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    taken_by: Uuid,
    key: &str,
) -> QueryResult<Option<IntakeRow>> {
    intakes::table
        .filter(intakes::group_id.eq(group_id))
        .filter(intakes::estate_id.eq(estate_id))
        .filter(intakes::taken_by.eq(taken_by))
        .filter(intakes::idempotency_key.eq(key))
        .select(IntakeRow::as_select())
        .first(conn)
        .optional()
}

/// Which entries of the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    All,
    /// Not closed.
    Open,
    /// Not closed, due by the end of today (the estate's date).
    Due,
    /// Not closed, past due.
    Overdue,
}

/// Filters of the ledger list.
#[derive(Debug, Clone)]
pub struct ListFilter {
    pub view: View,
    pub status: Option<String>,
    pub category: Option<String>,
    pub unit_id: Option<Uuid>,
    pub resident_id: Option<Uuid>,
    pub taken_by: Option<Uuid>,
    /// Whose entries (the desk's "mine").
    pub owner_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Newest first; the page after this creation time.
    pub before: Option<DateTime<Utc>>,
    pub limit: i64,
    pub now: DateTime<Utc>,
    pub zone: desk_platform::local::Zone,
}

/// The ledger's page: on the first page the unhandled emergencies matching the filter come
/// first (emergencies go first), oldest first, then the rest newest first; later pages hold
/// only the rest.
pub fn list_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    f: &ListFilter,
) -> QueryResult<(Vec<IntakeRow>, Vec<IntakeRow>)> {
    let pinned = unhandled_emergencies(conn, group_id, estate_id, f)?;
    let ids: Vec<Uuid> = pinned.iter().map(|r| r.intake_id).collect();
    let mut q = filtered(group_id, estate_id, f);
    if !ids.is_empty() {
        q = q.filter(intakes::intake_id.ne_all(ids));
    }
    if let Some(b) = f.before {
        q = q.filter(intakes::created_at.lt(b));
    }
    let rest = q
        .order((intakes::created_at.desc(), intakes::intake_id.desc()))
        .limit(f.limit)
        .select(IntakeRow::as_select())
        .load(conn)?;
    Ok((if f.before.is_none() { pinned } else { vec![] }, rest))
}

/// Emergencies not closed whose work is not done, matching the filter, oldest first. The
/// time views (due today, overdue) never hide one: it heads them all until it is handled.
fn unhandled_emergencies(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    f: &ListFilter,
) -> QueryResult<Vec<IntakeRow>> {
    let f = &ListFilter {
        view: View::Open,
        ..f.clone()
    };
    let open: Vec<IntakeRow> = filtered(group_id, estate_id, f)
        .filter(intakes::category.eq("emergency"))
        .filter(intakes::status.ne("closed"))
        .order((intakes::created_at.asc(), intakes::intake_id.asc()))
        .limit(PINNED_AT_MOST)
        .select(IntakeRow::as_select())
        .load(conn)?;
    let ids: Vec<Uuid> = open.iter().map(|r| r.intake_id).collect();
    let handled: Vec<Uuid> = handling_by_group_estate_intakes(conn, group_id, estate_id, &ids)?
        .into_iter()
        .filter(|h| h.handled_at.is_some())
        .map(|h| h.intake_id)
        .collect();
    Ok(open
        .into_iter()
        .filter(|r| !handled.contains(&r.intake_id))
        .collect())
}

/// The most emergencies pinned above a list.
pub const PINNED_AT_MOST: i64 = 100;

fn filtered<'a>(
    group_id: Uuid,
    estate_id: Uuid,
    f: &ListFilter,
) -> intakes::BoxedQuery<'a, diesel::pg::Pg> {
    let mut q = intakes::table
        .filter(intakes::group_id.eq(group_id))
        .filter(intakes::estate_id.eq(estate_id))
        .into_boxed();
    match f.view {
        View::All => {}
        View::Open => q = q.filter(intakes::status.ne("closed")),
        View::Due => {
            q = q
                .filter(intakes::status.ne("closed"))
                .filter(intakes::due_at.ge(f.now))
                .filter(intakes::due_at.le(crate::domain::intake::end_of_today(f.now, f.zone)))
        }
        View::Overdue => {
            q = q
                .filter(intakes::status.ne("closed"))
                .filter(intakes::due_at.lt(f.now))
        }
    }
    if let Some(s) = &f.status {
        q = q.filter(intakes::status.eq(s.clone()));
    }
    if let Some(c) = &f.category {
        q = q.filter(intakes::category.eq(c.clone()));
    }
    if let Some(u) = f.unit_id {
        q = q.filter(intakes::unit_id.eq(u));
    }
    if let Some(r) = f.resident_id {
        q = q.filter(intakes::resident_id.eq(r));
    }
    if let Some(t) = f.taken_by {
        q = q.filter(intakes::taken_by.eq(t));
    }
    if let Some(o) = f.owner_id {
        q = q.filter(intakes::owner_id.eq(o));
    }
    if let Some(from) = f.from {
        q = q.filter(intakes::created_at.ge(from));
    }
    if let Some(to) = f.to {
        q = q.filter(intakes::created_at.lt(to));
    }
    q
}

/// Every entry not closed, emergencies first, then oldest first (what a shift hands over).
pub fn open_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    limit: i64,
) -> QueryResult<Vec<IntakeRow>> {
    intakes::table
        .filter(intakes::group_id.eq(group_id))
        .filter(intakes::estate_id.eq(estate_id))
        .filter(intakes::status.ne("closed"))
        .order((
            intakes::category.eq("emergency").desc(),
            intakes::created_at.asc(),
            intakes::intake_id.asc(),
        ))
        .limit(limit)
        .select(IntakeRow::as_select())
        .load(conn)
}

/// Open entries among `ids` owned by one of `owners`, locked: what an acknowledged handover
/// passes to the next shift.
pub fn lock_passing_at_handover(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    ids: &[Uuid],
    owners: &[Uuid],
) -> QueryResult<Vec<IntakeRow>> {
    intakes::table
        .filter(intakes::group_id.eq(group_id))
        .filter(intakes::estate_id.eq(estate_id))
        .filter(intakes::intake_id.eq_any(ids))
        .filter(intakes::owner_id.eq_any(owners))
        .filter(intakes::status.ne("closed"))
        .order(intakes::intake_id.asc())
        .select(IntakeRow::as_select())
        .for_update()
        .load(conn)
}

/// The entry a complaint or work order came from, locked.
pub fn lock_by_group_estate_downstream(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    downstream_id: Uuid,
) -> QueryResult<Option<IntakeRow>> {
    intakes::table
        .filter(intakes::group_id.eq(group_id))
        .filter(intakes::estate_id.eq(estate_id))
        .filter(intakes::downstream_id.eq(downstream_id))
        .select(IntakeRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}
