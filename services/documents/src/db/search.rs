//! The one-box search, scoped to the caller's group and estates.

use super::schema::{estates, residents, units};
use crate::domain::search::{Query, query_grams, reversed_digits};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Text};
use uuid::Uuid;

/// A resident found, with the unit and estate to show beside the name.
#[derive(Debug, Clone, Queryable)]
pub struct Hit {
    pub estate_id: Uuid,
    pub estate_code: String,
    pub unit_id: Uuid,
    pub unit_label: String,
    pub unit_status: String,
    pub resident_id: Option<Uuid>,
    pub name: Option<String>,
    pub relation: Option<String>,
    pub phone: Option<String>,
}

/// Up to `limit` matches in the group, within `estates` (`None`: every estate of the group).
pub fn search_by_group(
    conn: &mut PgConnection,
    group_id: Uuid,
    estates_in: Option<&[Uuid]>,
    query: &Query,
    limit: i64,
) -> QueryResult<Vec<Hit>> {
    match query {
        Query::Unit(unit) => {
            units_by_label(conn, group_id, estates_in, &unit.like_patterns(), limit)
        }
        Query::Phone(phone) => {
            let revs = phone.keys().into_iter().map(reversed_digits).collect();
            let mut hits = residents_where(
                conn,
                group_id,
                estates_in,
                limit,
                ResidentFilter::PhoneEndsWith(revs),
            )?;
            // Digits can also be a room number: "1101" finds the units ending in -1101 (within
            // a desk's few estates; group-wide, that would read every unit of the group).
            if let Some(digits) = phone.room_like()
                && hits.len() < limit as usize
                && narrow(estates_in)
            {
                let more = units_by_label(
                    conn,
                    group_id,
                    estates_in,
                    &[format!("%-{digits}")],
                    limit - hits.len() as i64,
                )?;
                hits.extend(more);
            }
            Ok(hits)
        }
        Query::Name(name) => {
            let filter = ResidentFilter::NameContains {
                grams: query_grams(name),
                pattern: format!("%{}%", name.replace(['%', '_'], "")),
            };
            residents_where(conn, group_id, estates_in, limit, filter)
        }
    }
}

enum ResidentFilter {
    /// Reversed digits the phone (or the second phone) starts with: any of them.
    PhoneEndsWith(Vec<String>),
    /// Every piece must be in the name's index, then the name must really contain the text.
    NameContains { grams: Vec<String>, pattern: String },
}

fn residents_where(
    conn: &mut PgConnection,
    group_id: Uuid,
    estates_in: Option<&[Uuid]>,
    limit: i64,
    filter: ResidentFilter,
) -> QueryResult<Vec<Hit>> {
    let mut q = residents::table
        .inner_join(
            units::table.on(units::group_id
                .eq(residents::group_id)
                .and(units::estate_id.eq(residents::estate_id))
                .and(units::unit_id.eq(residents::unit_id))),
        )
        .inner_join(
            estates::table.on(estates::group_id
                .eq(residents::group_id)
                .and(estates::estate_id.eq(residents::estate_id))),
        )
        .into_boxed()
        .filter(residents::group_id.eq(group_id))
        .filter(residents::active.eq(true));
    if let Some(ids) = estates_in {
        q = q.filter(residents::estate_id.eq_any(ids.to_vec()));
    }
    q = match filter {
        ResidentFilter::PhoneEndsWith(revs) => {
            // One key or two (a landline's number with and without its area code).
            let key = |i: usize| {
                let k = revs.get(i).or(revs.first()).cloned().unwrap_or_default();
                format!("{k}%")
            };
            q.filter(
                residents::phone_rev
                    .like(key(0))
                    .or(residents::phone_alt_rev.like(key(0)))
                    .or(residents::phone_rev.like(key(1)))
                    .or(residents::phone_alt_rev.like(key(1))),
            )
        }
        ResidentFilter::NameContains { grams, pattern } => q
            .filter(sql::<Bool>("residents.name_grams @> ").bind::<Array<Text>, _>(grams))
            .filter(residents::name.ilike(pattern)),
    };
    // Over a desk's few estates the matches are few: sort them all. Group-wide (HQ) a common
    // name part matches thousands: take the first page the index gives and sort that.
    if narrow(estates_in) {
        q = q.order((
            estates::code.asc(),
            units::label.asc(),
            residents::name.asc(),
        ));
    }
    let mut hits: Vec<Hit> = q
        .limit(limit)
        .select((
            residents::estate_id,
            estates::code,
            units::unit_id,
            units::label,
            units::status,
            residents::resident_id.nullable(),
            residents::name.nullable(),
            residents::relation.nullable(),
            residents::phone,
        ))
        .load(conn)?;
    hits.sort_by(|a, b| {
        (&a.estate_code, &a.unit_label, &a.name).cmp(&(&b.estate_code, &b.unit_label, &b.name))
    });
    Ok(hits)
}

/// A scope of a few named estates, as a desk or a supervisor has.
fn narrow(estates_in: Option<&[Uuid]>) -> bool {
    estates_in.is_some_and(|e| e.len() <= 10)
}

/// Units whose label is `LIKE` any of `patterns` (built by the domain from letters, digits,
/// dashes and `%`; a `_` typed is taken literally).
fn units_by_label(
    conn: &mut PgConnection,
    group_id: Uuid,
    estates_in: Option<&[Uuid]>,
    patterns: &[String],
    limit: i64,
) -> QueryResult<Vec<Hit>> {
    // At most two (the domain's patterns: with and without the part not typed).
    let pattern = |i: usize| {
        patterns
            .get(i)
            .or(patterns.first())
            .map(|p| p.replace('_', "\\_"))
            .unwrap_or_default()
    };
    let mut q = units::table
        .inner_join(
            estates::table.on(estates::group_id
                .eq(units::group_id)
                .and(estates::estate_id.eq(units::estate_id))),
        )
        .into_boxed()
        .filter(units::group_id.eq(group_id))
        .filter(units::active.eq(true))
        .filter(
            units::label
                .like(pattern(0))
                .or(units::label.like(pattern(1))),
        );
    if let Some(ids) = estates_in {
        q = q.filter(units::estate_id.eq_any(ids.to_vec()));
    }
    let rows: Vec<(Uuid, String, Uuid, String, String)> = q
        .order((estates::code.asc(), units::label.asc()))
        .limit(limit)
        .select((
            units::estate_id,
            estates::code,
            units::unit_id,
            units::label,
            units::status,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(estate_id, estate_code, unit_id, unit_label, unit_status)| Hit {
                estate_id,
                estate_code,
                unit_id,
                unit_label,
                unit_status,
                resident_id: None,
                name: None,
                relation: None,
                phone: None,
            },
        )
        .collect())
}
