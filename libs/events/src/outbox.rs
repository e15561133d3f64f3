//! The transactional outbox: an event is a row written in the same transaction as the
//! change it announces, so the two commit together or not at all.
//!
//! Every service's schema has the same `outbox` table (see its first migration).

use crate::proto::desk::v1::Envelope;
use diesel::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bytea, Nullable, Text, Uuid as SqlUuid};
use prost::Message;
use uuid::Uuid;

/// The outbox of one service's schema.
#[derive(Debug, Clone, Copy)]
pub struct Outbox {
    schema: &'static str,
}

impl Outbox {
    /// `schema` is the service's own schema name, a compile-time constant.
    pub const fn new(schema: &'static str) -> Self {
        Self { schema }
    }

    pub fn schema(&self) -> &'static str {
        self.schema
    }

    /// Write `event` for `topic` (the unprefixed name), keyed by its estate. Call inside the
    /// transaction that makes the change. The current trace context is kept with the row.
    pub fn enqueue(
        &self,
        conn: &mut PgConnection,
        topic: &str,
        event: &Envelope,
    ) -> QueryResult<()> {
        let event_id: Uuid = event.event_id.parse().map_err(|_| {
            diesel::result::Error::SerializationError("event id is not a UUID".into())
        })?;
        let traceparent = desk_platform::http::current_traceparent();
        diesel::sql_query(format!(
            "INSERT INTO {}.outbox (event_id, topic, partition_key, event_type, payload, traceparent) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            self.schema
        ))
        .bind::<SqlUuid, _>(event_id)
        .bind::<Text, _>(topic)
        .bind::<Text, _>(&event.estate_id)
        .bind::<Text, _>(&event.event_type)
        .bind::<Bytea, _>(event.encode_to_vec())
        .bind::<Nullable<Text>, _>(traceparent)
        .execute(conn)?;
        Ok(())
    }

    /// How many events wait to be published.
    pub fn pending(&self, conn: &mut PgConnection) -> QueryResult<i64> {
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let c: Count = diesel::sql_query(format!(
            "SELECT count(*) AS n FROM {}.outbox WHERE published_at IS NULL",
            self.schema
        ))
        .get_result(conn)?;
        Ok(c.n)
    }
}
