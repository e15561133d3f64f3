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
use rdkafka::message::{Headers, OwnedMessage};
use rdkafka::{Message, Offset, TopicPartitionList};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
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
    /// Partition workers retrying a batch just now (the database is away).
    retrying: AtomicUsize,
    stalled: AtomicBool,
}

impl Health {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            started: Instant::now(),
            last_progress: AtomicI64::new(0),
            retrying: AtomicUsize::new(0),
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
    settings: KafkaSettings,
    group: String,
    topics: Vec<String>,
    applier: Arc<Applier>,
}

/// What applies events: shared by the consumer's partition workers.
struct Applier {
    name: &'static str,
    schema: &'static str,
    pool: Pool,
    handler: Handler,
    after_commit: Option<Arc<tokio::sync::Notify>>,
    health: Arc<Health>,
}

enum Outcome {
    Applied,
    Duplicate,
    Rejected(String),
}

/// Most events one transaction applies.
const MAX_BATCH: usize = 500;

/// Events waiting for one partition's worker.
const PARTITION_QUEUE: usize = 2048;

/// One message, decoded once, with what is needed to apply and trace it.
struct Item {
    topic: String,
    partition: i32,
    offset: i64,
    envelope: Option<Envelope>,
    event_id: Uuid,
    span: tracing::Span,
}

impl Item {
    fn from_message(
        name: &'static str,
        msg: &OwnedMessage,
        wants: fn(&Envelope) -> bool,
    ) -> (Self, bool) {
        let payload = msg.payload().unwrap_or_default();
        let envelope = Envelope::decode(payload).ok();
        let wanted = envelope.as_ref().is_none_or(wants);
        let event_id = envelope
            .as_ref()
            .and_then(|e| e.event_id.parse::<Uuid>().ok())
            .unwrap_or_else(|| Uuid::new_v5(&Uuid::NAMESPACE_OID, payload));
        let envelope = envelope.filter(|e| e.event_id.parse::<Uuid>().is_ok());
        let span = if wanted {
            let span = tracing::info_span!(
                "event.consume",
                otel.kind = "consumer",
                consumer = name,
                topic = msg.topic(),
                partition = msg.partition(),
                offset = msg.offset(),
                event_id = tracing::field::Empty,
                event_type = tracing::field::Empty,
            );
            if let Some(tp) = owned_header(msg, "traceparent") {
                let mut carrier = HashMap::new();
                carrier.insert("traceparent".to_string(), tp);
                let cx = opentelemetry::global::get_text_map_propagator(|p| p.extract(&carrier));
                let _ = span.set_parent(cx);
            }
            if let Some(env) = &envelope {
                span.record("event_id", env.event_id.as_str());
                span.record("event_type", env.event_type.as_str());
            }
            span
        } else {
            tracing::Span::none()
        };
        let item = Self {
            topic: msg.topic().to_string(),
            partition: msg.partition(),
            offset: msg.offset(),
            envelope,
            event_id,
            span,
        };
        (item, wanted)
    }
}

/// Why a batch did not commit.
enum BatchError {
    /// Transient (the database): retry the whole batch later.
    Retry(String),
    /// One of its events is refused: apply the batch one event at a time instead.
    Isolate,
}

impl From<diesel::result::Error> for BatchError {
    fn from(e: diesel::result::Error) -> Self {
        BatchError::Retry(e.to_string())
    }
}

impl InboxConsumer {
    /// `name` is the consumer group suffix (e.g. `complaints.intake`), unique per consumer.
    /// `topics` are unprefixed names. `after_commit` is woken after each batch that applied an
    /// event (the service's relay, when the handler writes to the outbox).
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
            settings: settings.clone(),
            group,
            topics: names,
            applier: Arc::new(Applier {
                name,
                schema,
                pool,
                handler,
                after_commit,
                health: Arc::new(Health::new(name)),
            }),
        })
    }

    /// What the readiness probe reads.
    pub fn health(&self) -> Arc<Health> {
        self.applier.health.clone()
    }

    fn connect(&self) -> anyhow::Result<Arc<StreamConsumer>> {
        let consumer: StreamConsumer =
            kafka::consumer_config(&self.settings, &self.group).create()?;
        let refs: Vec<&str> = self.topics.iter().map(String::as_str).collect();
        consumer.subscribe(&refs)?;
        Ok(Arc::new(consumer))
    }

    /// Consume until cancelled; the batches in hand are finished and offsets are committed.
    pub async fn run(self, cancel: CancellationToken) {
        let name = self.applier.name;
        let health = self.applier.health.clone();
        tracing::info!(consumer = name, instance = ?self.settings.instance_id, "Consumer started.");
        while !cancel.is_cancelled() {
            let consumer = match self.connect() {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(consumer = name, error = %e, "Kafka consumer not created; retrying.");
                    tokio::select! {
                        _ = cancel.cancelled() => break,
                        _ = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    }
                }
            };
            health.progressed();
            health.stalled.store(false, Ordering::Relaxed);
            let rejoin = Arc::new(tokio::sync::Notify::new());
            let watch_cancel = cancel.child_token();
            let watchdog = tokio::spawn(watch(
                consumer.clone(),
                health.clone(),
                self.settings.clone(),
                self.topics.clone(),
                rejoin.clone(),
                watch_cancel.clone(),
            ));
            let stopped = self.consume(&consumer, &rejoin, &cancel).await;
            watch_cancel.cancel();
            let _ = watchdog.await;
            let c = consumer.clone();
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
            REJOINS.with_label_values(&[name]).inc();
            tracing::warn!(
                consumer = name,
                "Consumer stalled with lag; re-joining its group."
            );
        }
        tracing::info!(consumer = name, "Consumer stopped.");
    }

    /// Consume with one client until cancelled (true) or told to re-join (false). Each
    /// partition has a worker of its own, so partitions are applied side by side while each
    /// keeps its order; a worker applies what has queued up for it as one batch.
    async fn consume(
        &self,
        consumer: &Arc<StreamConsumer>,
        rejoin: &tokio::sync::Notify,
        cancel: &CancellationToken,
    ) -> bool {
        let name = self.applier.name;
        let stop = cancel.child_token();
        let mut workers: HashMap<(String, i32), mpsc::Sender<OwnedMessage>> = HashMap::new();
        let mut running = Vec::new();
        let stopped = loop {
            let msg = tokio::select! {
                _ = cancel.cancelled() => break true,
                _ = rejoin.notified() => break false,
                m = consumer.recv() => m,
            };
            let msg = match msg {
                Ok(m) => m.detach(),
                Err(e) => {
                    tracing::warn!(consumer = name, error = %e, "Kafka receive failed; retrying.");
                    tokio::select! {
                        _ = cancel.cancelled() => break true,
                        _ = tokio::time::sleep(Duration::from_millis(500)) => continue,
                    }
                }
            };
            let key = (msg.topic().to_string(), msg.partition());
            let queue = workers.entry(key).or_insert_with(|| {
                let (tx, rx) = mpsc::channel(PARTITION_QUEUE);
                running.push(tokio::spawn(partition_worker(
                    self.applier.clone(),
                    consumer.clone(),
                    rx,
                    stop.clone(),
                )));
                tx
            });
            let sent = tokio::select! {
                _ = cancel.cancelled() => break true,
                _ = rejoin.notified() => break false,
                r = queue.send(msg) => r,
            };
            if sent.is_err() {
                // The worker stopped (cancelled between two batches).
                break true;
            }
        };
        // Workers finish the batch in hand; what is still queued is delivered again.
        stop.cancel();
        drop(workers);
        for w in running {
            let _ = w.await;
        }
        stopped
    }
}

/// Apply one partition's events in order, in batches, committing the offset after each.
async fn partition_worker(
    applier: Arc<Applier>,
    consumer: Arc<StreamConsumer>,
    mut queue: mpsc::Receiver<OwnedMessage>,
    stop: CancellationToken,
) {
    let name = applier.name;
    let wants = applier.handler.wants;
    loop {
        let first = tokio::select! {
            biased;
            _ = stop.cancelled() => break,
            m = queue.recv() => match m {
                Some(m) => m,
                None => break,
            },
        };
        let mut messages = vec![first];
        while messages.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(m) => messages.push(m),
                Err(_) => break,
            }
        }
        let last = messages
            .last()
            .map(|m| (m.topic().to_string(), m.partition(), m.offset()));
        let mut items = Vec::with_capacity(messages.len());
        let mut skipped = 0u64;
        for m in &messages {
            let (item, wanted) = Item::from_message(name, m, wants);
            if wanted {
                items.push(item);
            } else {
                skipped += 1;
            }
        }
        CONSUMED
            .with_label_values(&[name, "skipped"])
            .inc_by(skipped);
        if !items.is_empty() && !applier.apply_with_retry(items, &stop).await {
            break;
        }
        if let Some((topic, partition, offset)) = last {
            if let Err(e) = consumer.store_offset(&topic, partition, offset) {
                tracing::debug!(consumer = name, error = %e, "Offset not stored (partition moved).");
            }
            if let Err(e) = consumer.commit_consumer_state(CommitMode::Async) {
                tracing::debug!(consumer = name, error = %e, "Offset commit deferred.");
            }
        }
        applier.health.progressed();
    }
}

impl Applier {
    /// Apply a batch, retrying transient failures with backoff; false when stopped before it
    /// applied.
    async fn apply_with_retry(
        self: &Arc<Self>,
        items: Vec<Item>,
        stop: &CancellationToken,
    ) -> bool {
        let items = Arc::new(items);
        let mut backoff = Duration::from_millis(200);
        let mut retrying = false;
        let done = loop {
            let (me, batch) = (self.clone(), items.clone());
            let result = tokio::task::spawn_blocking(move || me.apply_batch(&batch))
                .await
                .unwrap_or_else(|e| Err(format!("apply task failed: {e}")));
            match result {
                Ok(outcomes) => {
                    let mut applied = false;
                    for (item, outcome) in items.iter().zip(&outcomes) {
                        let label = match outcome {
                            Outcome::Applied => {
                                applied = true;
                                "applied"
                            }
                            Outcome::Duplicate => "duplicate",
                            Outcome::Rejected(reason) => {
                                tracing::warn!(parent: &item.span, consumer = self.name, %reason, "Event rejected and recorded in the inbox.");
                                "rejected"
                            }
                        };
                        CONSUMED.with_label_values(&[self.name, label]).inc();
                    }
                    if let (true, Some(n)) = (applied, &self.after_commit) {
                        n.notify_one();
                    }
                    break true;
                }
                Err(e) => {
                    CONSUMED
                        .with_label_values(&[self.name, "retry"])
                        .inc_by(items.len() as u64);
                    if !retrying {
                        retrying = true;
                        self.health.retrying.fetch_add(1, Ordering::Relaxed);
                    }
                    tracing::warn!(consumer = self.name, events = items.len(), error = %e, "Events not applied yet; retrying.");
                    tokio::select! {
                        _ = stop.cancelled() => break false,
                        _ = tokio::time::sleep(backoff) => {},
                    }
                    backoff = (backoff * 2).min(Duration::from_secs(5));
                }
            }
        };
        if retrying {
            self.health.retrying.fetch_sub(1, Ordering::Relaxed);
        }
        done
    }

    /// Apply every event of the batch and record each in the inbox, in one transaction. When
    /// one of them is refused, the batch is applied again one event at a time so that the
    /// refused one is recorded as rejected and its neighbours still apply.
    fn apply_batch(&self, items: &[Item]) -> Result<Vec<Outcome>, String> {
        let mut conn = self.pool.get().map_err(|e| e.to_string())?;
        let together = conn.transaction::<Vec<Outcome>, BatchError, _>(|conn| {
            let mut outcomes = Vec::with_capacity(items.len());
            for item in items {
                let _entered = item.span.enter();
                match self.apply_one(conn, item) {
                    Ok(o) => outcomes.push(o),
                    Err(ApplyError::Retry(e)) => return Err(BatchError::Retry(e)),
                    Err(ApplyError::Reject(_)) => return Err(BatchError::Isolate),
                }
            }
            Ok(outcomes)
        });
        match together {
            Ok(outcomes) => Ok(outcomes),
            Err(BatchError::Retry(e)) => Err(e),
            Err(BatchError::Isolate) => items
                .iter()
                .map(|item| {
                    let _entered = item.span.enter();
                    self.apply_alone(&mut conn, item)
                })
                .collect(),
        }
    }

    /// Insert the inbox row and apply the event (inside the caller's transaction).
    fn apply_one(&self, conn: &mut PgConnection, item: &Item) -> Result<Outcome, ApplyError> {
        let schema = self.schema;
        let inserted = diesel::sql_query(format!(
            "INSERT INTO {schema}.inbox (consumer, event_id, topic, partition_no, offset_no, outcome) \
             VALUES ($1, $2, $3, $4, $5, 'applied') ON CONFLICT DO NOTHING"
        ))
        .bind::<Text, _>(self.name)
        .bind::<SqlUuid, _>(item.event_id)
        .bind::<Text, _>(&item.topic)
        .bind::<Integer, _>(item.partition)
        .bind::<BigInt, _>(item.offset)
        .execute(conn)?;
        if inserted == 0 {
            return Ok(Outcome::Duplicate);
        }
        let Some(env) = &item.envelope else {
            return Err(ApplyError::Reject("not a decodable envelope".into()));
        };
        (self.handler.apply)(conn, env)?;
        Ok(Outcome::Applied)
    }

    /// One event in a transaction of its own; a refused one is recorded as rejected.
    fn apply_alone(&self, conn: &mut PgConnection, item: &Item) -> Result<Outcome, String> {
        let result = conn.transaction::<Outcome, ApplyError, _>(|conn| self.apply_one(conn, item));
        match result {
            Ok(o) => Ok(o),
            Err(ApplyError::Retry(e)) => Err(e),
            Err(ApplyError::Reject(reason)) => {
                let schema = self.schema;
                diesel::sql_query(format!(
                    "INSERT INTO {schema}.inbox (consumer, event_id, topic, partition_no, offset_no, outcome, reason) \
                     VALUES ($1, $2, $3, $4, $5, 'rejected', $6) ON CONFLICT DO NOTHING"
                ))
                .bind::<Text, _>(self.name)
                .bind::<SqlUuid, _>(item.event_id)
                .bind::<Text, _>(&item.topic)
                .bind::<Integer, _>(item.partition)
                .bind::<BigInt, _>(item.offset)
                .bind::<Nullable<Text>, _>(Some(reason.as_str()))
                .execute(conn)
                .map_err(|e| e.to_string())?;
                Ok(Outcome::Rejected(reason))
            }
        }
    }
}

fn owned_header(msg: &OwnedMessage, key: &str) -> Option<String> {
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
    let mut blind_since: Option<Instant> = None;
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
            let lags = lags(&c, &all);
            let blind = lags.is_err();
            let lags = lags.unwrap_or_default();
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
            (held, lags, all, blind)
        })
        .await;
        let Ok((held, lags, all, blind)) = observed else {
            continue;
        };
        // A client that cannot read its own group's offsets (a broker restarted under it) is
        // as good as stalled once that has lasted the stall period with nothing finished.
        let blind_too_long = if blind {
            let since = *blind_since.get_or_insert_with(Instant::now);
            since.elapsed() >= stall && idle >= stall
        } else {
            blind_since = None;
            false
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
        let stalled = (held_lag && idle >= stall) || unmoved || blind_too_long;
        let waiting_for_database = health.retrying.load(Ordering::Relaxed) > 0;
        health.stalled.store(stalled, Ordering::Relaxed);
        STALLED.with_label_values(&[name]).set(i64::from(stalled));
        if stalled && !waiting_for_database {
            rejoin.notify_one();
            break;
        }
    }
}
