//! The inbox consumer: each event is applied and its `(consumer, event_id)` recorded in the
//! service's `inbox` table in one transaction; the Kafka offset is committed only after that
//! commit. A redelivered or replayed event finds its inbox row and changes nothing.
//!
//! A database failure stops the partition's progress (the same message is retried with
//! backoff) rather than skipping it. An event that can never be applied (undecodable, or
//! refused by the handler) is recorded in the inbox as rejected, with its reason, and passed.

use crate::kafka;
use crate::proto::desk::v1::Envelope;
use crate::topics;
use desk_platform::db::Pool;
use desk_platform::settings::KafkaSettings;
use desk_platform::shutdown::CancellationToken;
use diesel::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Uuid as SqlUuid};
use prometheus::IntCounterVec;
use prost::Message as _;
use rdkafka::Message;
use rdkafka::consumer::{CommitMode, Consumer as _, StreamConsumer};
use rdkafka::message::{BorrowedMessage, Headers};
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tracing::Instrument;
use tracing_opentelemetry::OpenTelemetrySpanExt;
use uuid::Uuid;

static CONSUMED: LazyLock<IntCounterVec> = LazyLock::new(|| {
    let c = IntCounterVec::new(
        prometheus::Opts::new(
            "events_consumed_total",
            "Events taken from Kafka, by outcome.",
        ),
        &["consumer", "outcome"],
    )
    .unwrap_or_else(|e| panic!("metric definition: {e}"));
    let _ = prometheus::register(Box::new(c.clone()));
    c
});

/// Why an event was not applied.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// A transient failure (database): retry the same event later.
    #[error("retry: {0}")]
    Retry(String),
    /// The event can never be applied; it is recorded as rejected and passed.
    #[error("rejected: {0}")]
    Reject(String),
}

impl From<diesel::result::Error> for ApplyError {
    fn from(e: diesel::result::Error) -> Self {
        ApplyError::Retry(e.to_string())
    }
}

type Apply = dyn Fn(&mut PgConnection, &Envelope) -> Result<(), ApplyError> + Send + Sync;

/// What a consumer does with events: `wants` picks the events it acts on (the others are
/// passed without touching the database: they have no effect to make idempotent), and
/// `apply` applies one inside the inbox transaction.
#[derive(Clone)]
pub struct Handler {
    wants: fn(&Envelope) -> bool,
    apply: Arc<Apply>,
}

impl Handler {
    pub fn new(
        wants: fn(&Envelope) -> bool,
        apply: impl Fn(&mut PgConnection, &Envelope) -> Result<(), ApplyError> + Send + Sync + 'static,
    ) -> Self {
        Self {
            wants,
            apply: Arc::new(apply),
        }
    }
}

/// One named consumer of a service: a consumer group over some topics, applying into a schema.
pub struct InboxConsumer {
    name: &'static str,
    schema: &'static str,
    pool: Pool,
    consumer: StreamConsumer,
    handler: Handler,
    after_commit: Option<Arc<tokio::sync::Notify>>,
}

enum Outcome {
    Applied,
    Duplicate,
    Rejected(String),
}

impl InboxConsumer {
    /// `name` is the consumer group suffix (e.g. `complaints.intake`), unique per consumer.
    /// `topics` are unprefixed names. `after_commit` is woken after each applied event (the
    /// service's relay, when the handler writes to the outbox).
    pub fn new(
        name: &'static str,
        schema: &'static str,
        pool: Pool,
        settings: &KafkaSettings,
        topics: &[&str],
        handler: Handler,
        after_commit: Option<Arc<tokio::sync::Notify>>,
    ) -> anyhow::Result<Self> {
        let group = format!("{}{}", settings.topic_prefix, name);
        let consumer: StreamConsumer = kafka::consumer_config(settings, &group).create()?;
        let names: Vec<String> = topics
            .iter()
            .map(|t| topics::named(&settings.topic_prefix, t))
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        consumer.subscribe(&refs)?;
        Ok(Self {
            name,
            schema,
            pool,
            consumer,
            handler,
            after_commit,
        })
    }

    /// Consume until cancelled; the event in hand is finished and offsets are committed.
    pub async fn run(self, cancel: CancellationToken) {
        tracing::info!(consumer = self.name, "Consumer started.");
        loop {
            let msg = tokio::select! {
                _ = cancel.cancelled() => break,
                m = self.consumer.recv() => m,
            };
            let msg = match msg {
                Ok(m) => m,
                Err(e) => {
                    tracing::warn!(consumer = self.name, error = %e, "Kafka receive failed; retrying.");
                    tokio::select! {
                        _ = cancel.cancelled() => break,
                        _ = tokio::time::sleep(Duration::from_millis(500)) => continue,
                    }
                }
            };
            if !self.process(&msg, &cancel).await {
                break;
            }
        }
        if let Err(e) = self.consumer.commit_consumer_state(CommitMode::Sync) {
            tracing::debug!(consumer = self.name, error = %e, "Nothing to commit at stop.");
        }
        tracing::info!(consumer = self.name, "Consumer stopped.");
    }

    /// Apply one message, retrying transient failures; false when cancelled before it applied.
    async fn process(&self, msg: &BorrowedMessage<'_>, cancel: &CancellationToken) -> bool {
        if let Ok(env) = Envelope::decode(msg.payload().unwrap_or_default())
            && !(self.handler.wants)(&env)
        {
            CONSUMED.with_label_values(&[self.name, "skipped"]).inc();
            self.commit(msg);
            return true;
        }
        let span = tracing::info_span!(
            "event.consume",
            otel.kind = "consumer",
            consumer = self.name,
            topic = msg.topic(),
            partition = msg.partition(),
            offset = msg.offset(),
            event_id = tracing::field::Empty,
            event_type = tracing::field::Empty,
        );
        if let Some(tp) = header(msg, "traceparent") {
            let mut carrier = std::collections::HashMap::new();
            carrier.insert("traceparent".to_string(), tp);
            let cx = opentelemetry::global::get_text_map_propagator(|p| p.extract(&carrier));
            let _ = span.set_parent(cx);
        }
        let payload = msg.payload().unwrap_or_default().to_vec();
        let (topic, partition, offset) = (msg.topic().to_string(), msg.partition(), msg.offset());
        let mut backoff = Duration::from_millis(200);
        loop {
            let attempt = self.apply(payload.clone(), topic.clone(), partition, offset);
            match attempt.instrument(span.clone()).await {
                Ok(outcome) => {
                    let label = match &outcome {
                        Outcome::Applied => "applied",
                        Outcome::Duplicate => "duplicate",
                        Outcome::Rejected(reason) => {
                            tracing::warn!(parent: &span, consumer = self.name, %reason, "Event rejected and recorded in the inbox.");
                            "rejected"
                        }
                    };
                    CONSUMED.with_label_values(&[self.name, label]).inc();
                    if let (Outcome::Applied, Some(n)) = (&outcome, &self.after_commit) {
                        n.notify_one();
                    }
                    self.commit(msg);
                    return true;
                }
                Err(e) => {
                    CONSUMED.with_label_values(&[self.name, "retry"]).inc();
                    tracing::warn!(parent: &span, consumer = self.name, error = %e, "Event not applied yet; retrying.");
                    tokio::select! {
                        _ = cancel.cancelled() => return false,
                        _ = tokio::time::sleep(backoff) => {},
                    }
                    backoff = (backoff * 2).min(Duration::from_secs(5));
                }
            }
        }
    }

    /// Mark the message done: its offset is committed in the background, and again at stop.
    fn commit(&self, msg: &BorrowedMessage<'_>) {
        if let Err(e) = self.consumer.store_offset_from_message(msg) {
            tracing::warn!(consumer = self.name, error = %e, "Could not store the offset.");
        }
        if let Err(e) = self.consumer.commit_message(msg, CommitMode::Async) {
            tracing::debug!(consumer = self.name, error = %e, "Offset commit deferred.");
        }
    }

    async fn apply(
        &self,
        payload: Vec<u8>,
        topic: String,
        partition: i32,
        offset: i64,
    ) -> anyhow::Result<Outcome> {
        let pool = self.pool.clone();
        let handler = self.handler.clone();
        let (name, schema) = (self.name, self.schema);
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || -> anyhow::Result<Outcome> {
            let _entered = span.enter();
            let mut conn = pool.get()?;
            let decoded = Envelope::decode(payload.as_slice());
            let (event_id, envelope) = match decoded {
                Ok(env) => match env.event_id.parse::<Uuid>() {
                    Ok(id) => (id, Some(env)),
                    Err(_) => (Uuid::new_v5(&Uuid::NAMESPACE_OID, &payload), None),
                },
                Err(_) => (Uuid::new_v5(&Uuid::NAMESPACE_OID, &payload), None),
            };
            if let Some(env) = &envelope {
                span.record("event_id", env.event_id.as_str());
                span.record("event_type", env.event_type.as_str());
            }
            let result = conn.transaction::<Outcome, ApplyError, _>(|conn| {
                let inserted = diesel::sql_query(format!(
                    "INSERT INTO {schema}.inbox (consumer, event_id, topic, partition_no, offset_no, outcome) \
                     VALUES ($1, $2, $3, $4, $5, 'applied') ON CONFLICT DO NOTHING"
                ))
                .bind::<Text, _>(name)
                .bind::<SqlUuid, _>(event_id)
                .bind::<Text, _>(&topic)
                .bind::<Integer, _>(partition)
                .bind::<BigInt, _>(offset)
                .execute(conn)?;
                if inserted == 0 {
                    return Ok(Outcome::Duplicate);
                }
                let Some(env) = &envelope else {
                    return Err(ApplyError::Reject("not a decodable envelope".into()));
                };
                (handler.apply)(conn, env)?;
                Ok(Outcome::Applied)
            });
            match result {
                Ok(o) => Ok(o),
                Err(ApplyError::Retry(e)) => Err(anyhow::anyhow!(e)),
                Err(ApplyError::Reject(reason)) => {
                    diesel::sql_query(format!(
                        "INSERT INTO {schema}.inbox (consumer, event_id, topic, partition_no, offset_no, outcome, reason) \
                         VALUES ($1, $2, $3, $4, $5, 'rejected', $6) ON CONFLICT DO NOTHING"
                    ))
                    .bind::<Text, _>(name)
                    .bind::<SqlUuid, _>(event_id)
                    .bind::<Text, _>(&topic)
                    .bind::<Integer, _>(partition)
                    .bind::<BigInt, _>(offset)
                    .bind::<Nullable<Text>, _>(Some(reason.as_str()))
                    .execute(&mut conn)?;
                    Ok(Outcome::Rejected(reason))
                }
            }
        })
        .await?
    }
}

fn header(msg: &BorrowedMessage<'_>, key: &str) -> Option<String> {
    let headers = msg.headers()?;
    headers
        .iter()
        .find(|h| h.key == key)
        .and_then(|h| h.value)
        .and_then(|v| std::str::from_utf8(v).ok())
        .map(str::to_string)
}
