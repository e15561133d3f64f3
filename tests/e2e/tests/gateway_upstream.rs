//! The gateway in front of a service that drops a connection: a read is asked again on a fresh
//! connection instead of reaching the desk as an outage; a write is never sent twice.

use desk_auth::{EstateScope, Role};
use desk_platform::Secret;
use desk_platform::settings::{DatabaseSettings, HttpSettings};
use desk_testkit::{Keys, TestDb, http_settings};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

/// A service that closes every other connection without answering, and answers `{}` on the
/// rest; it counts the connections it was given.
async fn flaky_service() -> anyhow::Result<(String, Arc<AtomicUsize>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let _ = socket.read(&mut buf).await;
                if n % 2 == 1 {
                    let _ = socket
                        .write_all(
                            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}",
                        )
                        .await;
                }
                // Even-numbered connections are closed unanswered, as a service closing an
                // idle connection just as it is reused.
            });
        }
    });
    Ok((url, seen))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_dropped_connection_is_retried_for_a_read_and_never_for_a_write() -> anyhow::Result<()> {
    let db = TestDb::create()?;
    let keys = Keys::generate()?;
    let (flaky, seen) = flaky_service().await?;
    let gateway = desk_gateway::start(desk_gateway::Settings {
        http: HttpSettings {
            max_body_bytes: 65536,
            ..http_settings()
        },
        database: DatabaseSettings {
            url: Secret::new(db.url_for("desk_gateway")),
            pool_size: 2,
            connect_timeout_secs: 3,
        },
        auth: desk_gateway::settings::GatewayAuth {
            signing_key: Secret::new(keys.secret.clone()),
            token_ttl_secs: 3600,
        },
        upstreams: desk_gateway::settings::Upstreams {
            reception: flaky.clone(),
            complaints: flaky.clone(),
            repairs: flaky.clone(),
            billing: flaky.clone(),
            documents: flaky.clone(),
            timeout_secs: 5,
        },
        web: desk_gateway::settings::Web { dir: String::new() },
    })
    .await?;
    let token = keys.token(Uuid::now_v7(), &[Role::Receptionist], EstateScope::Group);
    let http = reqwest::Client::new();
    let url = format!("http://{}/api/v1/documents/estates", gateway.addr);

    // The first connection is dropped; the read is asked again and answered.
    let res = http.get(&url).bearer_auth(&token).send().await?;
    assert_eq!(res.status(), 200);
    assert_eq!(seen.load(Ordering::SeqCst), 2);

    // A write whose connection is dropped is not sent again: the desk hears the service is
    // not answering and may decide to retry (with its Idempotency-Key).
    let res = http
        .post(&url)
        .bearer_auth(&token)
        .json(&serde_json::json!({"code": "X"}))
        .send()
        .await?;
    assert_eq!(res.status(), 503);
    let body: serde_json::Value = res.json().await?;
    assert_eq!(body["code"], "upstream_unavailable");
    assert_eq!(seen.load(Ordering::SeqCst), 3);
    gateway.stop().await;
    Ok(())
}
