//! Unit accounts.

use super::schema::unit_accounts;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = unit_accounts, check_for_backend(diesel::pg::Pg))]
pub struct AccountRow {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub unit_id: Uuid,
    pub unit_label: String,
    pub area_centi_m2: i64,
    pub registry_at: i64,
    pub balance_fen: i64,
    pub opened_at: DateTime<Utc>,
}

/// What applying a registry copy did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Opened,
    Updated,
    /// The event was older than what the account already holds.
    Stale,
}

/// Open the unit's account, or bring its copy of the unit up to date. An event older than the
/// copy changes nothing, so replays in any order leave the newest state.
pub fn upsert_by_group_estate_unit(
    conn: &mut PgConnection,
    row: &AccountRow,
) -> QueryResult<Upsert> {
    let existed = unit_accounts::table
        .filter(unit_accounts::group_id.eq(row.group_id))
        .filter(unit_accounts::estate_id.eq(row.estate_id))
        .filter(unit_accounts::unit_id.eq(row.unit_id))
        .select(unit_accounts::registry_at)
        .for_update()
        .first::<i64>(conn)
        .optional()?;
    match existed {
        None => {
            diesel::insert_into(unit_accounts::table)
                .values(row)
                .on_conflict((
                    unit_accounts::group_id,
                    unit_accounts::estate_id,
                    unit_accounts::unit_id,
                ))
                .do_update()
                .set((
                    unit_accounts::unit_label.eq(excluded(unit_accounts::unit_label)),
                    unit_accounts::area_centi_m2.eq(excluded(unit_accounts::area_centi_m2)),
                    unit_accounts::registry_at.eq(excluded(unit_accounts::registry_at)),
                ))
                .execute(conn)?;
            Ok(Upsert::Opened)
        }
        Some(at) if at >= row.registry_at => Ok(Upsert::Stale),
        Some(_) => {
            diesel::update(
                unit_accounts::table
                    .filter(unit_accounts::group_id.eq(row.group_id))
                    .filter(unit_accounts::estate_id.eq(row.estate_id))
                    .filter(unit_accounts::unit_id.eq(row.unit_id)),
            )
            .set((
                unit_accounts::unit_label.eq(&row.unit_label),
                unit_accounts::area_centi_m2.eq(row.area_centi_m2),
                unit_accounts::registry_at.eq(row.registry_at),
            ))
            .execute(conn)?;
            Ok(Upsert::Updated)
        }
    }
}

pub fn list_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    after_label: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<AccountRow>> {
    let mut q = unit_accounts::table
        .filter(unit_accounts::group_id.eq(group_id))
        .filter(unit_accounts::estate_id.eq(estate_id))
        .into_boxed();
    if let Some(a) = after_label {
        q = q.filter(unit_accounts::unit_label.gt(a.to_string()));
    }
    q.order(unit_accounts::unit_label.asc())
        .limit(limit)
        .select(AccountRow::as_select())
        .load(conn)
}
