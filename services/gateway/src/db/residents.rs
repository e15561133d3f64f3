//! Resident accounts: who may sign in to the resident portal, for which units.

use super::schema::resident_accounts;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = resident_accounts, check_for_backend(diesel::pg::Pg))]
pub struct ResidentRow {
    pub group_id: Uuid,
    pub resident_id: Uuid,
    pub display_name: String,
    pub phone: String,
    pub password_hash: String,
    pub unit_estate_ids: Vec<Uuid>,
    pub unit_labels: Vec<String>,
    pub active: bool,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The active account signing in with the (normalised) phone number.
pub fn find_active_by_phone(
    conn: &mut PgConnection,
    phone: &str,
) -> QueryResult<Option<ResidentRow>> {
    resident_accounts::table
        .filter(resident_accounts::phone.eq(phone))
        .filter(resident_accounts::active.eq(true))
        .select(ResidentRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_group_resident(
    conn: &mut PgConnection,
    group_id: Uuid,
    resident_id: Uuid,
) -> QueryResult<Option<ResidentRow>> {
    resident_accounts::table
        .filter(resident_accounts::group_id.eq(group_id))
        .filter(resident_accounts::resident_id.eq(resident_id))
        .select(ResidentRow::as_select())
        .first(conn)
        .optional()
}

/// Whether any account already signs in with this phone number.
pub fn phone_taken(conn: &mut PgConnection, phone: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        resident_accounts::table.filter(resident_accounts::phone.eq(phone)),
    ))
    .get_result(conn)
}

/// Insert unless an account with that id or phone exists; true when inserted.
pub fn insert(conn: &mut PgConnection, row: &ResidentRow) -> QueryResult<bool> {
    Ok(diesel::insert_into(resident_accounts::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?
        == 1)
}

/// The accounts with a unit in the estate, by name.
pub fn list_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
) -> QueryResult<Vec<ResidentRow>> {
    resident_accounts::table
        .filter(resident_accounts::group_id.eq(group_id))
        .filter(resident_accounts::unit_estate_ids.contains(vec![estate_id]))
        .order(resident_accounts::display_name.asc())
        .limit(500)
        .select(ResidentRow::as_select())
        .load(conn)
}

pub fn save(conn: &mut PgConnection, row: &ResidentRow) -> QueryResult<()> {
    diesel::update(
        resident_accounts::table
            .filter(resident_accounts::group_id.eq(row.group_id))
            .filter(resident_accounts::resident_id.eq(row.resident_id)),
    )
    .set((
        resident_accounts::display_name.eq(&row.display_name),
        resident_accounts::password_hash.eq(&row.password_hash),
        resident_accounts::unit_estate_ids.eq(&row.unit_estate_ids),
        resident_accounts::unit_labels.eq(&row.unit_labels),
        resident_accounts::active.eq(row.active),
        resident_accounts::updated_at.eq(row.updated_at),
    ))
    .execute(conn)?;
    Ok(())
}
