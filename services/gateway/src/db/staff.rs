//! Staff accounts.

use super::schema::staff_accounts;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = staff_accounts, check_for_backend(diesel::pg::Pg))]
pub struct StaffRow {
    pub group_id: Uuid,
    pub staff_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub roles: Vec<String>,
    pub scope_all: bool,
    pub estate_ids: Vec<Uuid>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// The active account signing in with `username` (any case).
pub fn find_active_by_username(
    conn: &mut PgConnection,
    username: &str,
) -> QueryResult<Option<StaffRow>> {
    staff_accounts::table
        .filter(lower(staff_accounts::username).eq(username.to_lowercase()))
        .filter(staff_accounts::active.eq(true))
        .select(StaffRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_group_staff(
    conn: &mut PgConnection,
    group_id: Uuid,
    staff_id: Uuid,
) -> QueryResult<Option<StaffRow>> {
    staff_accounts::table
        .filter(staff_accounts::group_id.eq(group_id))
        .filter(staff_accounts::staff_id.eq(staff_id))
        .select(StaffRow::as_select())
        .first(conn)
        .optional()
}

/// Insert unless an account with that id exists; true when inserted.
pub fn insert(conn: &mut PgConnection, row: &StaffRow) -> QueryResult<bool> {
    Ok(diesel::insert_into(staff_accounts::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(conn)?
        == 1)
}

pub fn list_by_group(conn: &mut PgConnection, group_id: Uuid) -> QueryResult<Vec<StaffRow>> {
    staff_accounts::table
        .filter(staff_accounts::group_id.eq(group_id))
        .order(staff_accounts::username.asc())
        .select(StaffRow::as_select())
        .load(conn)
}

/// Whether any account already signs in with `username` (any case).
pub fn username_taken(conn: &mut PgConnection, username: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        staff_accounts::table.filter(lower(staff_accounts::username).eq(username.to_lowercase())),
    ))
    .get_result(conn)
}

pub fn save(conn: &mut PgConnection, row: &StaffRow) -> QueryResult<()> {
    diesel::update(
        staff_accounts::table
            .filter(staff_accounts::group_id.eq(row.group_id))
            .filter(staff_accounts::staff_id.eq(row.staff_id)),
    )
    .set((
        staff_accounts::display_name.eq(&row.display_name),
        staff_accounts::password_hash.eq(&row.password_hash),
        staff_accounts::roles.eq(&row.roles),
        staff_accounts::scope_all.eq(row.scope_all),
        staff_accounts::estate_ids.eq(&row.estate_ids),
        staff_accounts::active.eq(row.active),
        staff_accounts::updated_at.eq(row.updated_at),
    ))
    .execute(conn)?;
    Ok(())
}
