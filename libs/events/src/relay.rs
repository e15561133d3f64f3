//! The outbox relay: claims unpublished rows with `FOR UPDATE SKIP LOCKED` (so replicas share
//! the work), publishes them in one batch with the idempotent producer, and marks them
//! published in the same transaction. A failed batch rolls back and is retried: an event may be
//! published twice (the consumers' inbox absorbs that), never lost.
//!
//! It is woken at once by the request handlers after they commit, and polls as a fallback for
//! rows written by other replicas or left by a broker outage.

use crate::kafka;
use crate::outbox::Outbox;
use crate::topics;
use desk_platform::db::Pool;
use desk_platform::settings::KafkaSettings;
use desk_platform::shutdown::CancellationToken;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bytea, Nullable, Text, Timestamptz};
use prometheus::{Histogram, IntCounter};
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tokio::sync::Notify;

static PUBLISHED: LazyLock<IntCounter> = LazyLock::new(|| {
    let c = IntCounter::new(
        "outbox_published_total",
        "Events published from the outbox.",
    )
    .unwrap_or_else(|e| panic!("metric definition: {e}"));
    let _ = prometheus::register(Box::new(c.clone()));
    c
});

static FAILED: LazyLock<IntCounter> = LazyLock::new(|| {
    let c = IntCounter::new(
        "outbox_publish_failures_total",
        "Outbox batches that failed to publish and will be retried.",
    )
    .unwrap_or_else(|e| panic!("metric definition: {e}"));
    let _ = prometheus::register(Box::new(c.clone()));
    c
});

static LAG: LazyLock<Histogram> = LazyLock::new(|| {
    let h = Histogram::with_opts(
        prometheus::HistogramOpts::new(
            "outbox_publish_lag_seconds",
            "Time from an event's commit to its publication.",
        )
        .buckets(vec![
            0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0, 30.0,
        ]),
    )
    .unwrap_or_else(|e| panic!("metric definition: {e}"));
    let _ = prometheus::register(Box::new(h.clone()));
    h
});

/// Tunables of the relay.
#[derive(Debug, Clone)]
pub struct RelayOptions {
    pub batch: i64,
    pub poll: Duration,
    pub retry_backoff: Duration,
    /// Published rows are kept this long, then deleted.
    pub retention: Duration,
}

impl Default for RelayOptions {
    fn default() -> Self {
        Self {
            batch: 500,
            poll: Duration::from_millis(250),
            retry_backoff: Duration::from_secs(1),
            retention: Duration::from_secs(3 * 24 * 3600),
        }
    }
}

/// Publishes one schema's outbox.
pub struct Relay {
    pool: Pool,
    outbox: Outbox,
    /// Replaced after a failed batch: a fresh producer gets a fresh producer id, so a broker
    /// that lost track of the old one's epoch cannot keep refusing every later batch.
    producer: std::sync::Mutex<FutureProducer>,
    /// Producers replaced within the last minute, kept until their messages in flight have
    /// timed out: a producer is never destroyed with deliveries outstanding.
    retired: std::sync::Mutex<Vec<(std::time::Instant, FutureProducer)>>,
    /// Set when the broker (not the database) refused the last batch.
    broker_failed: std::sync::atomic::AtomicBool,
    kafka: KafkaSettings,
    prefix: String,
    wake: Arc<Notify>,
    options: RelayOptions,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    topic: String,
    #[diesel(sql_type = Text)]
    partition_key: String,
    #[diesel(sql_type = Text)]
    event_type: String,
    #[diesel(sql_type = Bytea)]
    payload: Vec<u8>,
    #[diesel(sql_type = Nullable<Text>)]
    traceparent: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    created_at: chrono::DateTime<chrono::Utc>,
}

impl Relay {
    pub fn new(
        pool: Pool,
        outbox: Outbox,
        kafka: &KafkaSettings,
        wake: Arc<Notify>,
        options: RelayOptions,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            pool,
            outbox,
            producer: std::sync::Mutex::new(kafka::producer(kafka)?),
            retired: std::sync::Mutex::new(Vec::new()),
            broker_failed: std::sync::atomic::AtomicBool::new(false),
            kafka: kafka.clone(),
            prefix: kafka.topic_prefix.clone(),
            wake,
            options,
        })
    }

    /// Publish until cancelled; the batch in hand is finished first.
    pub async fn run(self, cancel: CancellationToken) {
        let schema = self.outbox.schema();
        tracing::info!(schema, "Outbox relay started.");
        let relay = Arc::new(self);
        let mut last_cleanup = std::time::Instant::now();
        loop {
            let r = relay.clone();
            let outcome = tokio::task::spawn_blocking(move || r.publish_batch()).await;
            let wait = match outcome {
                Ok(Ok(n)) if n as i64 >= relay.options.batch => Duration::ZERO,
                Ok(Ok(_)) => relay.options.poll,
                Ok(Err(e)) => {
                    FAILED.inc();
                    tracing::warn!(schema, error = %e, "Outbox batch not published; it will be retried with a new producer.");
                    if relay
                        .broker_failed
                        .swap(false, std::sync::atomic::Ordering::Relaxed)
                    {
                        relay.renew_producer();
                    }
                    relay.options.retry_backoff
                }
                Err(e) => {
                    tracing::error!(schema, error = %e, "Outbox relay task failed.");
                    relay.options.retry_backoff
                }
            };
            if last_cleanup.elapsed() > Duration::from_secs(600) {
                last_cleanup = std::time::Instant::now();
                let r = relay.clone();
                let _ = tokio::task::spawn_blocking(move || r.cleanup()).await;
            }
            if wait.is_zero() {
                if cancel.is_cancelled() {
                    break;
                }
                continue;
            }
            tokio::select! {
                _ = cancel.cancelled() => break,
                _ = relay.wake.notified() => {},
                _ = tokio::time::sleep(wait) => {},
            }
        }
        let r = relay.clone();
        let _ = tokio::task::spawn_blocking(move || r.publish_batch()).await;
        tracing::info!(schema, "Outbox relay stopped.");
    }

    fn renew_producer(&self) {
        match kafka::producer(&self.kafka) {
            Ok(fresh) => {
                let old = match self.producer.lock() {
                    Ok(mut p) => std::mem::replace(&mut *p, fresh),
                    Err(_) => return,
                };
                if let Ok(mut retired) = self.retired.lock() {
                    retired.retain(|(at, _)| at.elapsed() < Duration::from_secs(60));
                    retired.push((std::time::Instant::now(), old));
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "Kafka producer not created; keeping the old one.")
            }
        }
    }

    /// Claim, publish and mark one batch. Returns how many events were published.
    pub fn publish_batch(&self) -> anyhow::Result<usize> {
        let producer = self
            .producer
            .lock()
            .map_err(|_| anyhow::anyhow!("producer lock poisoned"))?
            .clone();
        let mut conn = self.pool.get()?;
        let schema = self.outbox.schema();
        let handle = tokio::runtime::Handle::current();
        conn.transaction::<usize, anyhow::Error, _>(|conn| {
            let rows: Vec<Row> = diesel::sql_query(format!(
                "SELECT id, topic, partition_key, event_type, payload, traceparent, created_at \
                 FROM {schema}.outbox WHERE published_at IS NULL \
                 ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED"
            ))
            .bind::<BigInt, _>(self.options.batch)
            .load(conn)?;
            if rows.is_empty() {
                return Ok(0);
            }
            let names: Vec<String> = rows
                .iter()
                .map(|r| topics::named(&self.prefix, &r.topic))
                .collect();
            let mut deliveries = Vec::with_capacity(rows.len());
            for (row, topic) in rows.iter().zip(&names) {
                let mut headers = OwnedHeaders::new().insert(Header {
                    key: "event_type",
                    value: Some(row.event_type.as_bytes()),
                });
                if let Some(tp) = &row.traceparent {
                    headers = headers.insert(Header {
                        key: "traceparent",
                        value: Some(tp.as_bytes()),
                    });
                }
                let record = FutureRecord::to(topic)
                    .key(row.partition_key.as_bytes())
                    .payload(&row.payload)
                    .headers(headers);
                match producer.send_result(record) {
                    Ok(delivery) => deliveries.push(delivery),
                    Err((e, _)) => {
                        self.broker_failed
                            .store(true, std::sync::atomic::Ordering::Relaxed);
                        anyhow::bail!("producer refused an event: {e}")
                    }
                }
            }
            for delivery in deliveries {
                match handle.block_on(delivery) {
                    Ok(Ok(_)) => {}
                    Ok(Err((e, _))) => {
                        self.broker_failed
                            .store(true, std::sync::atomic::Ordering::Relaxed);
                        anyhow::bail!("broker did not take an event: {e}")
                    }
                    Err(_) => anyhow::bail!("delivery cancelled"),
                }
            }
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            diesel::sql_query(format!(
                "UPDATE {schema}.outbox SET published_at = now() WHERE id = ANY($1)"
            ))
            .bind::<Array<BigInt>, _>(&ids)
            .execute(conn)?;
            let now = chrono::Utc::now();
            for row in &rows {
                let lag = (now - row.created_at).num_microseconds().unwrap_or(0) as f64 / 1e6;
                LAG.observe(lag.max(0.0));
            }
            PUBLISHED.inc_by(rows.len() as u64);
            Ok(rows.len())
        })
    }

    fn cleanup(&self) -> anyhow::Result<()> {
        let mut conn = self.pool.get()?;
        let secs = self.options.retention.as_secs() as i64;
        diesel::sql_query(format!(
            "DELETE FROM {}.outbox WHERE published_at < now() - make_interval(secs => $1)",
            self.outbox.schema()
        ))
        .bind::<BigInt, _>(secs)
        .execute(&mut conn)?;
        Ok(())
    }
}
