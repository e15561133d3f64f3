//! Visitors, shifts and notes, parcels, keys and loans, and the desk's other records.

use super::schema::{key_counts, key_loans, keys, parcels, records, shift_notes, shifts, visitors};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

/// A page of a list: newest first, optional period, optional status.
#[derive(Debug, Clone, Default)]
pub struct Period {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub before: Option<DateTime<Utc>>,
    pub limit: i64,
}

macro_rules! period_filter {
    ($q:expr, $col:expr, $p:expr) => {{
        let mut q = $q;
        if let Some(from) = $p.from {
            q = q.filter($col.ge(from));
        }
        if let Some(to) = $p.to {
            q = q.filter($col.lt(to));
        }
        if let Some(b) = $p.before {
            q = q.filter($col.lt(b));
        }
        q.order($col.desc()).limit($p.limit)
    }};
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = visitors, check_for_backend(diesel::pg::Pg))]
pub struct VisitorRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub visitor_id: Uuid,
    pub name: String,
    pub company: Option<String>,
    pub phone: Option<String>,
    pub visiting: String,
    pub unit_id: Option<Uuid>,
    pub unit_label: Option<String>,
    pub purpose: Option<String>,
    pub arrived_at: DateTime<Utc>,
    pub signed_in_by: Uuid,
    pub left_at: Option<DateTime<Utc>>,
    pub signed_out_by: Option<Uuid>,
}

pub fn insert_visitor(conn: &mut PgConnection, row: &VisitorRow) -> QueryResult<()> {
    diesel::insert_into(visitors::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn lock_visitor(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    id: Uuid,
) -> QueryResult<Option<VisitorRow>> {
    visitors::table
        .filter(visitors::group_id.eq(g))
        .filter(visitors::estate_id.eq(e))
        .filter(visitors::visitor_id.eq(id))
        .select(VisitorRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn save_visitor(conn: &mut PgConnection, row: &VisitorRow) -> QueryResult<()> {
    diesel::update(
        visitors::table
            .filter(visitors::group_id.eq(row.group_id))
            .filter(visitors::estate_id.eq(row.estate_id))
            .filter(visitors::visitor_id.eq(row.visitor_id)),
    )
    .set(row)
    .execute(conn)
    .map(|_| ())
}

pub fn list_visitors(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    on_site: Option<bool>,
    p: &Period,
) -> QueryResult<Vec<VisitorRow>> {
    let mut q = visitors::table
        .filter(visitors::group_id.eq(g))
        .filter(visitors::estate_id.eq(e))
        .into_boxed();
    match on_site {
        Some(true) => q = q.filter(visitors::left_at.is_null()),
        Some(false) => q = q.filter(visitors::left_at.is_not_null()),
        None => {}
    }
    period_filter!(q, visitors::arrived_at, p)
        .select(VisitorRow::as_select())
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = shifts, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct ShiftRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub shift_id: Uuid,
    pub kind: String,
    pub status: String,
    pub opened_by: Uuid,
    pub opened_at: DateTime<Utc>,
    pub handed_over_by: Option<Uuid>,
    pub handed_over_at: Option<DateTime<Utc>>,
    pub handover: Option<serde_json::Value>,
    pub acknowledged_by: Option<Uuid>,
    pub acknowledged_at: Option<DateTime<Utc>>,
}

/// Insert a shift; false when the estate already has an open one.
pub fn insert_shift(conn: &mut PgConnection, row: &ShiftRow) -> QueryResult<bool> {
    diesel::insert_into(shifts::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)
        .map(|n| n == 1)
}

pub fn save_shift(conn: &mut PgConnection, row: &ShiftRow) -> QueryResult<()> {
    diesel::update(
        shifts::table
            .filter(shifts::group_id.eq(row.group_id))
            .filter(shifts::estate_id.eq(row.estate_id))
            .filter(shifts::shift_id.eq(row.shift_id)),
    )
    .set(row)
    .execute(conn)
    .map(|_| ())
}

pub fn lock_shift(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    id: Uuid,
) -> QueryResult<Option<ShiftRow>> {
    shifts::table
        .filter(shifts::group_id.eq(g))
        .filter(shifts::estate_id.eq(e))
        .filter(shifts::shift_id.eq(id))
        .select(ShiftRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// The estate's latest shifts, newest first.
pub fn latest_shifts(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    limit: i64,
) -> QueryResult<Vec<ShiftRow>> {
    shifts::table
        .filter(shifts::group_id.eq(g))
        .filter(shifts::estate_id.eq(e))
        .order(shifts::opened_at.desc())
        .limit(limit)
        .select(ShiftRow::as_select())
        .load(conn)
}

pub fn list_shifts(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    p: &Period,
) -> QueryResult<Vec<ShiftRow>> {
    let q = shifts::table
        .filter(shifts::group_id.eq(g))
        .filter(shifts::estate_id.eq(e))
        .into_boxed();
    period_filter!(q, shifts::opened_at, p)
        .select(ShiftRow::as_select())
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = shift_notes, check_for_backend(diesel::pg::Pg))]
pub struct NoteRow {
    #[serde(skip)]
    pub group_id: Uuid,
    #[serde(skip)]
    pub estate_id: Uuid,
    pub note_id: Uuid,
    pub shift_id: Uuid,
    pub body: String,
    pub important: bool,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

pub fn insert_note(conn: &mut PgConnection, row: &NoteRow) -> QueryResult<()> {
    diesel::insert_into(shift_notes::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn notes_of_shift(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    shift_id: Uuid,
) -> QueryResult<Vec<NoteRow>> {
    shift_notes::table
        .filter(shift_notes::group_id.eq(g))
        .filter(shift_notes::estate_id.eq(e))
        .filter(shift_notes::shift_id.eq(shift_id))
        .order(shift_notes::created_at.asc())
        .select(NoteRow::as_select())
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = parcels, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct ParcelRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub parcel_id: Uuid,
    pub kind: String,
    pub carrier: Option<String>,
    pub tracking_no: Option<String>,
    pub recipient_name: String,
    pub unit_id: Option<Uuid>,
    pub unit_label: Option<String>,
    pub damage_note: Option<String>,
    pub status: String,
    pub received_at: DateTime<Utc>,
    pub received_by: Uuid,
    pub notified_at: Option<DateTime<Utc>>,
    pub notify_count: i32,
    pub collected_at: Option<DateTime<Utc>>,
    pub collector_name: Option<String>,
    pub collector_signature: Option<String>,
    pub handed_over_by: Option<Uuid>,
    pub returned_at: Option<DateTime<Utc>>,
    pub returned_by: Option<Uuid>,
    pub return_reason: Option<String>,
}

pub fn insert_parcel(conn: &mut PgConnection, row: &ParcelRow) -> QueryResult<()> {
    diesel::insert_into(parcels::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn lock_parcel(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    id: Uuid,
) -> QueryResult<Option<ParcelRow>> {
    parcels::table
        .filter(parcels::group_id.eq(g))
        .filter(parcels::estate_id.eq(e))
        .filter(parcels::parcel_id.eq(id))
        .select(ParcelRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn save_parcel(conn: &mut PgConnection, row: &ParcelRow) -> QueryResult<()> {
    diesel::update(
        parcels::table
            .filter(parcels::group_id.eq(row.group_id))
            .filter(parcels::estate_id.eq(row.estate_id))
            .filter(parcels::parcel_id.eq(row.parcel_id)),
    )
    .set(row)
    .execute(conn)
    .map(|_| ())
}

pub fn list_parcels(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    status: Option<&str>,
    unit_id: Option<Uuid>,
    p: &Period,
) -> QueryResult<Vec<ParcelRow>> {
    let mut q = parcels::table
        .filter(parcels::group_id.eq(g))
        .filter(parcels::estate_id.eq(e))
        .into_boxed();
    if let Some(s) = status {
        q = q.filter(parcels::status.eq(s.to_string()));
    }
    if let Some(u) = unit_id {
        q = q.filter(parcels::unit_id.eq(u));
    }
    period_filter!(q, parcels::received_at, p)
        .select(ParcelRow::as_select())
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = keys, check_for_backend(diesel::pg::Pg))]
pub struct KeyRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub key_id: Uuid,
    pub kind: String,
    pub label: String,
    pub building: Option<String>,
    pub floor: Option<i32>,
    pub unit_id: Option<Uuid>,
    pub active: bool,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

/// Insert a key; false when the label is taken.
pub fn insert_key(conn: &mut PgConnection, row: &KeyRow) -> QueryResult<bool> {
    diesel::insert_into(keys::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)
        .map(|n| n == 1)
}

pub fn lock_key(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    id: Uuid,
) -> QueryResult<Option<KeyRow>> {
    keys::table
        .filter(keys::group_id.eq(g))
        .filter(keys::estate_id.eq(e))
        .filter(keys::key_id.eq(id))
        .select(KeyRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn list_keys(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    kind: Option<&str>,
    building: Option<&str>,
) -> QueryResult<Vec<KeyRow>> {
    let mut q = keys::table
        .filter(keys::group_id.eq(g))
        .filter(keys::estate_id.eq(e))
        .filter(keys::active.eq(true))
        .into_boxed();
    if let Some(k) = kind {
        q = q.filter(keys::kind.eq(k.to_string()));
    }
    if let Some(b) = building {
        q = q.filter(keys::building.eq(b.to_string()));
    }
    q.order((keys::building.asc(), keys::floor.asc(), keys::label.asc()))
        .select(KeyRow::as_select())
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = key_loans, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct LoanRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub loan_id: Uuid,
    pub key_id: Uuid,
    pub borrower_name: String,
    pub borrower_phone: Option<String>,
    pub outsider: bool,
    pub borrower_id_last4: Option<String>,
    pub deposit_fen: i64,
    pub signature: String,
    pub purpose: Option<String>,
    pub lent_at: DateTime<Utc>,
    pub lent_by: Uuid,
    pub due_at: DateTime<Utc>,
    pub returned_at: Option<DateTime<Utc>>,
    pub returned_to: Option<Uuid>,
}

pub fn open_loan_of_key(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    key_id: Uuid,
) -> QueryResult<Option<LoanRow>> {
    key_loans::table
        .filter(key_loans::group_id.eq(g))
        .filter(key_loans::estate_id.eq(e))
        .filter(key_loans::key_id.eq(key_id))
        .filter(key_loans::returned_at.is_null())
        .select(LoanRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn insert_loan(conn: &mut PgConnection, row: &LoanRow) -> QueryResult<()> {
    diesel::insert_into(key_loans::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn save_loan(conn: &mut PgConnection, row: &LoanRow) -> QueryResult<()> {
    diesel::update(
        key_loans::table
            .filter(key_loans::group_id.eq(row.group_id))
            .filter(key_loans::estate_id.eq(row.estate_id))
            .filter(key_loans::loan_id.eq(row.loan_id)),
    )
    .set(row)
    .execute(conn)
    .map(|_| ())
}

/// Loans not returned; `overdue_at`: only those due before it.
pub fn open_loans(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    overdue_at: Option<DateTime<Utc>>,
) -> QueryResult<Vec<LoanRow>> {
    let mut q = key_loans::table
        .filter(key_loans::group_id.eq(g))
        .filter(key_loans::estate_id.eq(e))
        .filter(key_loans::returned_at.is_null())
        .into_boxed();
    if let Some(t) = overdue_at {
        q = q.filter(key_loans::due_at.lt(t));
    }
    q.order(key_loans::due_at.asc())
        .select(LoanRow::as_select())
        .load(conn)
}

pub fn list_loans(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    key_id: Option<Uuid>,
    p: &Period,
) -> QueryResult<Vec<LoanRow>> {
    let mut q = key_loans::table
        .filter(key_loans::group_id.eq(g))
        .filter(key_loans::estate_id.eq(e))
        .into_boxed();
    if let Some(k) = key_id {
        q = q.filter(key_loans::key_id.eq(k));
    }
    period_filter!(q, key_loans::lent_at, p)
        .select(LoanRow::as_select())
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = key_counts, check_for_backend(diesel::pg::Pg))]
pub struct CountRow {
    #[serde(skip)]
    pub group_id: Uuid,
    #[serde(skip)]
    pub estate_id: Uuid,
    pub count_id: Uuid,
    pub counted_by: Uuid,
    pub counted_at: DateTime<Utc>,
    pub total: i32,
    pub present: i32,
    pub lent: i32,
    pub missing: serde_json::Value,
}

pub fn insert_count(conn: &mut PgConnection, row: &CountRow) -> QueryResult<()> {
    diesel::insert_into(key_counts::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn list_counts(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    p: &Period,
) -> QueryResult<Vec<CountRow>> {
    let q = key_counts::table
        .filter(key_counts::group_id.eq(g))
        .filter(key_counts::estate_id.eq(e))
        .into_boxed();
    period_filter!(q, key_counts::counted_at, p)
        .select(CountRow::as_select())
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize)]
#[diesel(table_name = records, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct RecordRow {
    #[serde(skip)]
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub record_id: Uuid,
    pub kind: String,
    pub title: String,
    pub details: serde_json::Value,
    pub status: String,
    pub unit_id: Option<Uuid>,
    pub occurred_at: DateTime<Utc>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTime<Utc>,
}

pub fn insert_record(conn: &mut PgConnection, row: &RecordRow) -> QueryResult<()> {
    diesel::insert_into(records::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn lock_record(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    id: Uuid,
) -> QueryResult<Option<RecordRow>> {
    records::table
        .filter(records::group_id.eq(g))
        .filter(records::estate_id.eq(e))
        .filter(records::record_id.eq(id))
        .select(RecordRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn save_record(conn: &mut PgConnection, row: &RecordRow) -> QueryResult<()> {
    diesel::update(
        records::table
            .filter(records::group_id.eq(row.group_id))
            .filter(records::estate_id.eq(row.estate_id))
            .filter(records::record_id.eq(row.record_id)),
    )
    .set(row)
    .execute(conn)
    .map(|_| ())
}

pub fn list_records(
    conn: &mut PgConnection,
    g: Uuid,
    e: Uuid,
    kind: &str,
    status: Option<&str>,
    p: &Period,
) -> QueryResult<Vec<RecordRow>> {
    let mut q = records::table
        .filter(records::group_id.eq(g))
        .filter(records::estate_id.eq(e))
        .filter(records::kind.eq(kind.to_string()))
        .into_boxed();
    if let Some(s) = status {
        q = q.filter(records::status.eq(s.to_string()));
    }
    period_filter!(q, records::occurred_at, p)
        .select(RecordRow::as_select())
        .load(conn)
}
