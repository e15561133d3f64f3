//! The inbox consumer: each event is applied and its `(consumer, event_id)` recorded in the
//! service's `inbox` table in one transaction; the Kafka offset is committed only after that
//! commit. A redelivered or replayed event finds its inbox row and changes nothing.
//!
//! A database failure stops the partition's progress (the same message is retried with
//! backoff) rather than skipping it. An event that can never be applied (undecodable, or
//! refused by the handler) is recorded in the inbox as rejected, with its reason, and passed.
//!
//! A watchdog beside each consumer exports its lag per partition and the time since it last
//! made progress. A consumer that holds partitions with lag (or is assigned nothing while
//! nobody consumes its group's lag) and has made no progress for `kafka.stall_secs` reports
//! itself not ready and, unless it is waiting for the database, leaves and re-joins its group
//! with a new client: a member the coordinator forgot comes back by itself.

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
use prometheus::IntGaugeVec;
use prost::Message as _;
use rdkafka::consumer::{CommitMode, Consumer as _, StreamConsumer};
use rdkafka::message::{BorrowedMessage, Headers};
use rdkafka::{Message, Offset, TopicPartitionList};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};
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

fn gauge_vec(name: &str, help: &str, labels: &[&str]) -> IntGaugeVec {
    let g = IntGaugeVec::new(prometheus::Opts::new(name, help), labels)
        .unwrap_or_else(|e| panic!("metric definition: {e}"));
    let _ = prometheus::register(Box::new(g.clone()));
    g
}

static LAG: LazyLock<IntGaugeVec> = LazyLock::new(|| {
    gauge_vec(
        "events_consumer_lag",
        "Events on an assigned partition not yet applied (high watermark minus committed offset).",
        &["consumer", "topic", "partition"],
    )
});

static IDLE: LazyLock<IntGaugeVec> = LazyLock::new(|| {
    gauge_vec(
        "events_consumer_idle_seconds",
        "Seconds since the consumer last finished an event.",
        &["consumer"],
    )
});

static ASSIGNED: LazyLock<IntGaugeVec> = LazyLock::new(|| {
    gauge_vec(
        "events_consumer_assigned_partitions",
        "Partitions the group coordinator has assigned to this consumer.",
        &["consumer"],
    )
});

static STALLED: LazyLock<IntGaugeVec> = LazyLock::new(|| {
    gauge_vec(
        "events_consumer_stalled",
        "1 when the consumer has lag and has made no progress for the stall period.",
        &["consumer"],
    )
});

static REJOINS: LazyLock<IntCounterVec> = LazyLock::new(|| {
    let c = IntCounterVec::new(
        prometheus::Opts::new(
            "events_consumer_rejoins_total",
            "Times a stalled consumer left and re-joined its group.",
        ),
        &["consumer"],
    )
    .unwrap_or_else(|e| panic!("metric definition: {e}"));
    let _ = prometheus::register(Box::new(c.clone()));
    c
});

/// What the watchdog and the readiness probe know of one consumer.
#[derive(Debug)]
pub struct Health {
    name: &'static str,
    started: Instant,
    /// Milliseconds after `started` of the last finished event (or of the last (re)join).
    last_progress: AtomicI64,
    /// True while an event is being retried (the database is away).
    retrying: AtomicBool,
    stalled: AtomicBool,
}

impl Health {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            started: Instant::now(),
            last_progress: AtomicI64::new(0),
            retrying: AtomicBool::new(false),
            stalled: AtomicBool::new(false),
        }
    }

    fn progressed(&self) {
        let ms = self.started.elapsed().as_millis() as i64;
        self.last_progress.store(ms, Ordering::Relaxed);
    }

    fn idle(&self) -> Duration {
        let now = self.started.elapsed().as_millis() as i64;
        let last = self.last_progress.load(Ordering::Relaxed);
        Duration::from_millis((now - last).max(0) as u64)
    }

    /// False while the consumer is stalled.
    pub fn is_working(&self) -> bool {
        !self.stalled.load(Ordering::Relaxed)
    }

    pub fn name(&self) -> &'static str {
        self.name
    }
}

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
    settings: KafkaSettings,
    group: String,
    topics: Vec<String>,
    handler: Handler,
    after_commit: Option<Arc<tokio::sync::Notify>>,
    health: Arc<Health>,
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
        let names: Vec<String> = topics
            .iter()
            .map(|t| topics::named(&settings.topic_prefix, t))
            .collect();
        // Fail early on settings the client refuses.
        drop(kafka::consumer_config(settings, &group).create::<StreamConsumer>()?);
        Ok(Self {
            name,
            schema,
            pool,
            settings: settings.clone(),
            group,
            topics: names,
            handler,
            after_commit,
            health: Arc::new(Health::new(name)),
        })
    }

    /// What the readiness probe reads.
    pub fn health(&self) -> Arc<Health> {
        self.health.clone()
    }

    fn connect(&self) -> anyhow::Result<Arc<StreamConsumer>> {
        let consumer: StreamConsumer =
            kafka::consumer_config(&self.settings, &self.group).create()?;
        let refs: Vec<&str> = self.topics.iter().map(String::as_str).collect();
        consumer.subscribe(&refs)?;
        Ok(Arc::new(consumer))
    }

    /// Consume until cancelled; the event in hand is finished and offsets are committed.
    pub async fn run(self, cancel: CancellationToken) {
        tracing::info!(consumer = self.name, instance = ?self.settings.instance_id, "Consumer started.");
        while !cancel.is_cancelled() {
            let consumer = match self.connect() {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(consumer = self.name, error = %e, "Kafka consumer not created; retrying.");
                    tokio::select! {
                        _ = cancel.cancelled() => break,
                        _ = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    }
                }
            };
            self.health.progressed();
            self.health.stalled.store(false, Ordering::Relaxed);
            let rejoin = Arc::new(tokio::sync::Notify::new());
            let watch_cancel = cancel.child_token();
            let watchdog = tokio::spawn(watch(
                consumer.clone(),
                self.health.clone(),
                self.settings.clone(),
                self.topics.clone(),
                rejoin.clone(),
                watch_cancel.clone(),
            ));
            let stopped = self.consume(&consumer, &rejoin, &cancel).await;
            watch_cancel.cancel();
            let _ = watchdog.await;
            let c = consumer.clone();
            let name = self.name;
            let _ = tokio::task::spawn_blocking(move || {
                if let Err(e) = c.commit_consumer_state(CommitMode::Sync) {
                    tracing::debug!(consumer = name, error = %e, "Nothing to commit.");
                }
            })
            .await;
            drop(consumer);
            if stopped {
                break;
            }
            REJOINS.with_label_values(&[self.name]).inc();
            tracing::warn!(
                consumer = self.name,
                "Consumer stalled with lag; re-joining its group."
            );
        }
        tracing::info!(consumer = self.name, "Consumer stopped.");
    }

    /// Consume with one client until cancelled (true) or told to re-join (false).
    async fn consume(
        &self,
        consumer: &StreamConsumer,
        rejoin: &tokio::sync::Notify,
        cancel: &CancellationToken,
    ) -> bool {
        loop {
            let msg = tokio::select! {
                _ = cancel.cancelled() => return true,
                _ = rejoin.notified() => return false,
                m = consumer.recv() => m,
            };
            let msg = match msg {
                Ok(m) => m,
                Err(e) => {
                    tracing::warn!(consumer = self.name, error = %e, "Kafka receive failed; retrying.");
                    tokio::select! {
                        _ = cancel.cancelled() => return true,
                        _ = tokio::time::sleep(Duration::from_millis(500)) => continue,
                    }
                }
            };
            if !self.process(consumer, &msg, cancel).await {
                return true;
            }
            self.health.progressed();
        }
    }

    /// Apply one message, retrying transient failures; false when cancelled before it applied.
    async fn process(
        &self,
        consumer: &StreamConsumer,
        msg: &BorrowedMessage<'_>,
        cancel: &CancellationToken,
    ) -> bool {
        if let Ok(env) = Envelope::decode(msg.payload().unwrap_or_default())
            && !(self.handler.wants)(&env)
        {
            CONSUMED.with_label_values(&[self.name, "skipped"]).inc();
            self.commit(consumer, msg);
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
            let result = attempt.instrument(span.clone()).await;
            self.health
                .retrying
                .store(result.is_err(), Ordering::Relaxed);
            match result {
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
                    self.commit(consumer, msg);
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
    fn commit(&self, consumer: &StreamConsumer, msg: &BorrowedMessage<'_>) {
        if let Err(e) = consumer.store_offset_from_message(msg) {
            tracing::warn!(consumer = self.name, error = %e, "Could not store the offset.");
        }
        if let Err(e) = consumer.commit_message(msg, CommitMode::Async) {
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

/// Lag of each partition in `tpl` for the consumer's group: (topic, partition, committed, lag).
fn lags(
    consumer: &StreamConsumer,
    tpl: &TopicPartitionList,
) -> anyhow::Result<Vec<(String, i32, i64, i64)>> {
    let timeout = Duration::from_secs(2);
    let committed = consumer.committed_offsets(tpl.clone(), timeout)?;
    let mut out = Vec::new();
    for e in committed.elements() {
        let (low, high) = consumer.fetch_watermarks(e.topic(), e.partition(), timeout)?;
        let at = match e.offset() {
            Offset::Offset(n) => n.max(low),
            _ => low,
        };
        out.push((e.topic().to_string(), e.partition(), at, (high - at).max(0)));
    }
    Ok(out)
}

/// Every partition of the subscribed topics.
fn all_partitions(consumer: &StreamConsumer, topics: &[String]) -> TopicPartitionList {
    let mut tpl = TopicPartitionList::new();
    for t in topics {
        if let Ok(md) = consumer.fetch_metadata(Some(t), Duration::from_secs(2)) {
            for topic in md.topics() {
                for p in topic.partitions() {
                    tpl.add_partition(topic.name(), p.id());
                }
            }
        }
    }
    tpl
}

/// Where each partition of the group's topics was last seen committed, and since when.
type Seen = HashMap<(String, i32), (i64, Instant)>;

/// Watch one consumer client: export its lag and idle time, and ask for a re-join when it
/// holds lag without progress, or when some partition's lag is moved by nobody (held by a
/// member the coordinator still counts but that is gone, or by no member at all).
async fn watch(
    consumer: Arc<StreamConsumer>,
    health: Arc<Health>,
    settings: KafkaSettings,
    topics: Vec<String>,
    rejoin: Arc<tokio::sync::Notify>,
    cancel: CancellationToken,
) {
    let name = health.name;
    let stall = Duration::from_secs(settings.stall_secs.max(1));
    let tick = (stall / 6).clamp(Duration::from_millis(500), Duration::from_secs(5));
    let reported: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let mut seen: Seen = HashMap::new();
    let mut partitions: Option<TopicPartitionList> = None;
    loop {
        tokio::select! {
            _ = cancel.cancelled() => break,
            _ = tokio::time::sleep(tick) => {},
        }
        let idle = health.idle();
        IDLE.with_label_values(&[name]).set(idle.as_secs() as i64);
        let (c, t, rep, known) = (
            consumer.clone(),
            topics.clone(),
            reported.clone(),
            partitions.clone(),
        );
        let observed = tokio::task::spawn_blocking(move || {
            let assignment = c.assignment().unwrap_or_default();
            let all = match known {
                Some(all) if all.count() > 0 => all,
                _ => all_partitions(&c, &t),
            };
            let lags = lags(&c, &all).unwrap_or_default();
            let held: Vec<(String, i32)> = assignment
                .elements()
                .iter()
                .map(|e| (e.topic().to_string(), e.partition()))
                .collect();
            let mut rep = rep.lock().unwrap_or_else(|p| p.into_inner());
            for (topic, partition) in rep.drain(..) {
                let _ = LAG.remove_label_values(&[name, &topic, &partition]);
            }
            for (topic, partition, _, lag) in &lags {
                if held.contains(&(topic.clone(), *partition)) {
                    let p = partition.to_string();
                    LAG.with_label_values(&[name, topic, &p]).set(*lag);
                    rep.push((topic.clone(), p));
                }
            }
            (held, lags, all)
        })
        .await;
        let Ok((held, lags, all)) = observed else {
            continue;
        };
        partitions = Some(all);
        ASSIGNED.with_label_values(&[name]).set(held.len() as i64);
        let now = Instant::now();
        let mut held_lag = false;
        let mut unmoved = false;
        for (topic, partition, at, lag) in &lags {
            let key = (topic.clone(), *partition);
            if held.contains(&key) && *lag > 0 {
                held_lag = true;
            }
            let since = match seen.get(&key) {
                Some((before, since)) if before == at => *since,
                _ => now,
            };
            seen.insert(key, (*at, since));
            if *lag > 0 && now.duration_since(since) >= stall {
                unmoved = true;
            }
        }
        let stalled = (held_lag && idle >= stall) || unmoved;
        let waiting_for_database = health.retrying.load(Ordering::Relaxed);
        health.stalled.store(stalled, Ordering::Relaxed);
        STALLED.with_label_values(&[name]).set(i64::from(stalled));
        if stalled && !waiting_for_database {
            rejoin.notify_one();
            break;
        }
    }
}
