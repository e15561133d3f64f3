//! The pass register and its per-estate numbering. Every query names the group first, then the
//! estate.

use super::schema::{pass_numbers, pass_trail, passes};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = passes, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct PassRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub pass_id: Uuid,
    pub seq: i64,
    pub pass_no: String,
    pub kind: String,
    pub unit_id: Uuid,
    pub unit_label: String,
    pub holder_name: String,
    pub holder_phone: Option<String>,
    pub holder_id_enc: Vec<u8>,
    pub holder_id_last4: String,
    pub resident_id: Option<Uuid>,
    pub owner_resident_id: Option<Uuid>,
    pub lease_end: Option<NaiveDate>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub status: String,
    pub deposit_fen: i64,
    pub card_fee_fen: i64,
    pub renewal_fees_fen: i64,
    pub renewals: i32,
    pub issued_at: DateTime<Utc>,
    pub issued_by: Uuid,
    pub returned_at: Option<DateTime<Utc>>,
    pub returned_by: Option<Uuid>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    pub idempotency_key: Option<String>,
    /// Finance's receipt for the pass's charges, once billing announced them paid.
    pub paid_receipt_no: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
}

/// A step of a pass's money: paid against finance's receipt, or that payment reversed.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = pass_trail, check_for_backend(diesel::pg::Pg))]
pub struct PassStepRow {
    #[serde(skip)]
    pub group_id: Uuid,
    #[serde(skip)]
    pub estate_id: Uuid,
    #[serde(skip)]
    pub step_id: Uuid,
    #[serde(skip)]
    pub pass_id: Uuid,
    pub at: DateTime<Utc>,
    /// `paid` or `payment_reversed`.
    pub action: String,
    pub receipt_no: Option<String>,
    /// The pass's status once the step was taken.
    pub status: String,
    pub note: Option<String>,
}

impl PassStepRow {
    pub fn of(
        p: &PassRow,
        at: DateTime<Utc>,
        action: &str,
        receipt_no: Option<String>,
        note: Option<String>,
    ) -> Self {
        Self {
            group_id: p.group_id,
            estate_id: p.estate_id,
            step_id: Uuid::now_v7(),
            pass_id: p.pass_id,
            at,
            action: action.to_string(),
            receipt_no,
            status: p.status.clone(),
            note,
        }
    }
}

pub fn insert_step(conn: &mut PgConnection, step: &PassStepRow) -> QueryResult<()> {
    diesel::insert_into(pass_trail::table)
        .values(step)
        .execute(conn)?;
    Ok(())
}

/// The pass's trail, oldest first.
pub fn trail_by_group_estate_pass(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    pass_id: Uuid,
) -> QueryResult<Vec<PassStepRow>> {
    pass_trail::table
        .filter(pass_trail::group_id.eq(group_id))
        .filter(pass_trail::estate_id.eq(estate_id))
        .filter(pass_trail::pass_id.eq(pass_id))
        .order((pass_trail::at.asc(), pass_trail::step_id.asc()))
        .select(PassStepRow::as_select())
        .load(conn)
}

/// The estate's next pass number. The counter row stays locked until the caller's transaction
/// ends, so numbers are handed out in order and a rolled-back issue leaves no gap.
pub fn next_pass_seq_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
) -> QueryResult<i64> {
    diesel::insert_into(pass_numbers::table)
        .values((
            pass_numbers::group_id.eq(group_id),
            pass_numbers::estate_id.eq(estate_id),
            pass_numbers::last_no.eq(1_i64),
        ))
        .on_conflict((pass_numbers::group_id, pass_numbers::estate_id))
        .do_update()
        .set(pass_numbers::last_no.eq(pass_numbers::last_no + excluded(pass_numbers::last_no)))
        .returning(pass_numbers::last_no)
        .get_result(conn)
}

pub fn insert_pass(conn: &mut PgConnection, row: &PassRow) -> QueryResult<()> {
    diesel::insert_into(passes::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update_pass(conn: &mut PgConnection, row: &PassRow) -> QueryResult<()> {
    diesel::update(
        passes::table
            .filter(passes::group_id.eq(row.group_id))
            .filter(passes::estate_id.eq(row.estate_id))
            .filter(passes::pass_id.eq(row.pass_id)),
    )
    .set(row)
    .execute(conn)?;
    Ok(())
}

pub fn find_pass_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    pass_id: Uuid,
) -> QueryResult<Option<PassRow>> {
    passes::table
        .filter(passes::group_id.eq(group_id))
        .filter(passes::estate_id.eq(estate_id))
        .filter(passes::pass_id.eq(pass_id))
        .select(PassRow::as_select())
        .first(conn)
        .optional()
}

/// Issues by one member of staff with one key, one at a time: held until the transaction ends.
pub fn lock_issue_key(
    conn: &mut PgConnection,
    estate_id: Uuid,
    staff_id: Uuid,
    key: &str,
) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind::<diesel::sql_types::Text, _>(format!("documents.pass:{estate_id}:{staff_id}:{key}"))
        .execute(conn)?;
    Ok(())
}

/// The pass a member of staff issued with this Idempotency-Key.
pub fn find_pass_by_group_estate_issue_key(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    staff_id: Uuid,
    key: &str,
) -> QueryResult<Option<PassRow>> {
    passes::table
        .filter(passes::group_id.eq(group_id))
        .filter(passes::estate_id.eq(estate_id))
        .filter(passes::issued_by.eq(staff_id))
        .filter(passes::idempotency_key.eq(key))
        .select(PassRow::as_select())
        .first(conn)
        .optional()
}

/// The same, locked for a change.
pub fn lock_pass_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    pass_id: Uuid,
) -> QueryResult<Option<PassRow>> {
    passes::table
        .filter(passes::group_id.eq(group_id))
        .filter(passes::estate_id.eq(estate_id))
        .filter(passes::pass_id.eq(pass_id))
        .select(PassRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// What a list of passes is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct PassFilter {
    pub unit_label: Option<String>,
    pub kind: Option<String>,
    /// `active`, `expired` or `returned`, as of `today`.
    pub status: Option<String>,
    /// Active passes whose last day is from `today` to this day.
    pub expiring_by: Option<NaiveDate>,
    pub today: NaiveDate,
    /// Newest first: continue below this sequence number.
    pub before_seq: Option<i64>,
    pub limit: i64,
}

pub fn list_passes_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    f: &PassFilter,
) -> QueryResult<Vec<PassRow>> {
    let mut q = passes::table
        .filter(passes::group_id.eq(group_id))
        .filter(passes::estate_id.eq(estate_id))
        .into_boxed();
    if let Some(u) = &f.unit_label {
        q = q.filter(passes::unit_label.eq(u.clone()));
    }
    if let Some(k) = &f.kind {
        q = q.filter(passes::kind.eq(k.clone()));
    }
    match f.status.as_deref() {
        Some("returned") => q = q.filter(passes::status.eq("returned")),
        Some("pending") => q = q.filter(passes::status.eq("pending")),
        Some("expired") => {
            q = q
                .filter(passes::status.eq("active"))
                .filter(passes::valid_until.lt(f.today))
        }
        Some(_) => {
            q = q.filter(passes::status.eq("active")).filter(
                passes::valid_until
                    .is_null()
                    .or(passes::valid_until.ge(f.today)),
            )
        }
        None => {}
    }
    if let Some(by) = f.expiring_by {
        q = q
            .filter(passes::status.eq("active"))
            .filter(passes::valid_until.ge(f.today))
            .filter(passes::valid_until.le(by));
    }
    if let Some(b) = f.before_seq {
        q = q.filter(passes::seq.lt(b));
    }
    q.order(passes::seq.desc())
        .limit(f.limit)
        .select(PassRow::as_select())
        .load(conn)
}
