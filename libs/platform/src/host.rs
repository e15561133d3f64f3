//! Running a service process: the HTTP server (with the operational endpoints, request
//! observation and problem+json for unknown routes) beside its background tasks (outbox relay,
//! consumers), and stopping them in order: the server drains in-flight requests first, then
//! the background tasks are cancelled and finish what they hold.

use crate::http::{Readiness, observe, operational, refuse_nul};
use crate::problem::{self, no_route};
use crate::settings::HttpSettings;
use crate::shutdown::CancellationToken;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use futures_util::future::BoxFuture;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::task::JoinHandle;

/// A background task: runs until its token is cancelled.
pub type Task = Box<dyn FnOnce(CancellationToken) -> BoxFuture<'static, ()> + Send>;

/// A started service.
pub struct Running {
    pub addr: SocketAddr,
    server: actix_web::dev::ServerHandle,
    server_task: JoinHandle<std::io::Result<()>>,
    cancel: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
    readiness: Readiness,
    drain: Duration,
}

impl Running {
    /// Stop in order: no new requests, in-flight ones finish, then background work stops.
    pub async fn stop(self) {
        self.server.stop(true).await;
        let _ = self.server_task.await;
        self.cancel.cancel();
        for t in self.tasks {
            let _ = t.await;
        }
    }

    /// Run until SIGTERM or Ctrl-C, then stop cleanly: readiness fails first and requests
    /// are still served for the drain period (while the load balancer moves traffic away),
    /// then the server drains, then the background work finishes what it holds.
    pub async fn until_signal(self) {
        crate::shutdown::signal().await;
        self.readiness.start_draining();
        if !self.drain.is_zero() {
            tracing::info!(
                drain_secs = self.drain.as_secs(),
                "Not ready any more; serving in-flight traffic before stopping."
            );
            tokio::time::sleep(self.drain).await;
        }
        self.stop().await;
        tracing::info!("Stopped.");
    }
}

/// Start the HTTP server and the background tasks.
pub fn serve<F>(
    settings: &HttpSettings,
    readiness: Readiness,
    configure: F,
    tasks: Vec<Task>,
) -> anyhow::Result<Running>
where
    F: Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
{
    let handle_readiness = readiness.clone();
    let readiness = web::Data::new(readiness);
    let max_body = settings.max_body_bytes;
    let server = HttpServer::new(move || {
        App::new()
            .wrap(from_fn(refuse_nul))
            .wrap(from_fn(observe))
            .app_data(readiness.clone())
            .app_data(problem::json_config(max_body))
            .app_data(problem::path_config())
            .app_data(problem::query_config())
            .configure(operational)
            .configure(configure.clone())
            .default_service(web::to(no_route))
    })
    .workers(settings.workers.max(1))
    .disable_signals()
    .shutdown_timeout(settings.shutdown_grace_secs)
    .bind(&settings.bind)?;
    let addr = server
        .addrs()
        .first()
        .copied()
        .ok_or_else(|| anyhow::anyhow!("no address bound"))?;
    let server = server.run();
    let handle = server.handle();
    let server_task = tokio::spawn(server);
    let cancel = CancellationToken::new();
    let tasks = tasks
        .into_iter()
        .map(|t| tokio::spawn(t(cancel.child_token())))
        .collect();
    tracing::info!(%addr, "Listening.");
    Ok(Running {
        addr,
        server: handle,
        server_task,
        cancel,
        tasks,
        readiness: handle_readiness,
        drain: Duration::from_secs(settings.drain_secs),
    })
}

/// Wait until `url` answers 200, for scripts and tests that start processes.
pub async fn wait_ready(check: impl Fn() -> BoxFuture<'static, bool>, timeout: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + timeout;
    while tokio::time::Instant::now() < deadline {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}
