//! Each estate's repairs settings.

use super::schema::estate_settings as es;
use crate::domain::money::DEFAULT_FEE_CEILING_FEN;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = es, check_for_backend(diesel::pg::Pg))]
pub struct SettingsRow {
    #[serde(skip)]
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub fee_ceiling_fen: i64,
    pub updated_by: Uuid,
    pub updated_at: DateTime<Utc>,
}

/// The fee a technician may set without a supervisor's approval at the estate.
pub fn fee_ceiling(conn: &mut PgConnection, group_id: Uuid, estate_id: Uuid) -> QueryResult<i64> {
    Ok(find(conn, group_id, estate_id)?
        .map(|s| s.fee_ceiling_fen)
        .unwrap_or(DEFAULT_FEE_CEILING_FEN))
}

pub fn find(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
) -> QueryResult<Option<SettingsRow>> {
    es::table
        .filter(es::group_id.eq(group_id))
        .filter(es::estate_id.eq(estate_id))
        .select(SettingsRow::as_select())
        .first(conn)
        .optional()
}

pub fn upsert(conn: &mut PgConnection, row: &SettingsRow) -> QueryResult<()> {
    diesel::insert_into(es::table)
        .values(row)
        .on_conflict((es::group_id, es::estate_id))
        .do_update()
        .set(row)
        .execute(conn)?;
    Ok(())
}
