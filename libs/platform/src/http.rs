//! What every service serves besides its API: `/healthz`, `/readyz`, `/metrics`, request
//! tracing (continuing the caller's W3C trace) and request metrics.

use crate::problem::Problem;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use futures_util::future::BoxFuture;
use opentelemetry::propagation::Extractor;
use prometheus::{Encoder, HistogramVec, IntCounterVec, TextEncoder};
use std::sync::{Arc, LazyLock};
use std::time::Instant;
use tracing::Instrument;
use tracing_opentelemetry::OpenTelemetrySpanExt;

static HTTP_REQUESTS: LazyLock<IntCounterVec> = LazyLock::new(|| {
    let c = IntCounterVec::new(
        prometheus::Opts::new("http_requests_total", "HTTP requests answered."),
        &["method", "route", "status"],
    )
    .unwrap_or_else(|e| panic!("metric definition: {e}"));
    let _ = prometheus::register(Box::new(c.clone()));
    c
});

static HTTP_DURATION: LazyLock<HistogramVec> = LazyLock::new(|| {
    let h = HistogramVec::new(
        prometheus::HistogramOpts::new(
            "http_request_duration_seconds",
            "Time to answer an HTTP request.",
        )
        .buckets(vec![
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
        ]),
        &["method", "route"],
    )
    .unwrap_or_else(|e| panic!("metric definition: {e}"));
    let _ = prometheus::register(Box::new(h.clone()));
    h
});

/// A readiness probe: true when the dependency answers.
pub type Check = Arc<dyn Fn() -> BoxFuture<'static, bool> + Send + Sync>;

/// What `/readyz` asks before saying the service can take traffic.
#[derive(Clone, Default)]
pub struct Readiness {
    checks: Vec<(&'static str, Check)>,
    draining: Arc<std::sync::atomic::AtomicBool>,
}

impl Readiness {
    pub fn with(mut self, name: &'static str, check: Check) -> Self {
        self.checks.push((name, check));
        self
    }

    /// From now on `/readyz` answers 503 (the process is stopping); requests still served.
    pub fn start_draining(&self) {
        self.draining
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    fn is_draining(&self) -> bool {
        self.draining.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// Register the operational endpoints on an app.
pub fn operational(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz))
        .route("/readyz", web::get().to(readyz))
        .route("/metrics", web::get().to(metrics));
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "alive" }))
}

async fn readyz(readiness: web::Data<Readiness>) -> HttpResponse {
    let mut report = serde_json::Map::new();
    if readiness.is_draining() {
        report.insert("draining".to_string(), serde_json::Value::Bool(true));
        let body = serde_json::json!({ "ready": false, "checks": report });
        return HttpResponse::ServiceUnavailable().json(body);
    }
    let mut ready = true;
    for (name, check) in &readiness.checks {
        let ok = check().await;
        ready &= ok;
        report.insert((*name).to_string(), serde_json::Value::Bool(ok));
    }
    let body = serde_json::json!({ "ready": ready, "checks": report });
    if ready {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

async fn metrics() -> Result<HttpResponse, Problem> {
    let families = prometheus::gather();
    let mut buf = Vec::new();
    TextEncoder::new()
        .encode(&families, &mut buf)
        .map_err(|_| Problem::internal())?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(buf))
}

struct HeaderExtractor<'a>(&'a actix_web::http::header::HeaderMap);

impl Extractor for HeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }
    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|k| k.as_str()).collect()
    }
}

/// Middleware: one span per request, continuing the caller's trace, and request metrics.
/// The span carries the method and route pattern, never the body or the query string.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().to_string();
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_string());
    let parent = opentelemetry::global::get_text_map_propagator(|p| {
        p.extract(&HeaderExtractor(req.headers()))
    });
    let span = tracing::info_span!(
        "http.request",
        otel.name = %format!("{method} {route}"),
        otel.kind = "server",
        http.method = %method,
        http.route = %route,
        http.status_code = tracing::field::Empty,
    );
    let _ = span.set_parent(parent);
    let res = next.call(req).instrument(span.clone()).await;
    let status = match &res {
        Ok(r) => r.status().as_u16(),
        Err(e) => e.as_response_error().status_code().as_u16(),
    };
    span.record("http.status_code", status);
    if status >= 500 {
        tracing::warn!(parent: &span, %method, %route, status, "Request failed on the server side.");
    }
    let elapsed = started.elapsed().as_secs_f64();
    HTTP_REQUESTS
        .with_label_values(&[method.as_str(), route.as_str(), &status.to_string()])
        .inc();
    HTTP_DURATION
        .with_label_values(&[method.as_str(), route.as_str()])
        .observe(elapsed);
    res
}

/// The W3C `traceparent` of the current span, to pass on to the next hop.
pub fn current_traceparent() -> Option<String> {
    let cx = tracing::Span::current().context();
    let mut carrier = std::collections::HashMap::new();
    opentelemetry::global::get_text_map_propagator(|p| p.inject_context(&cx, &mut carrier));
    carrier.remove("traceparent")
}

/// The request's correlation id (`X-Correlation-Id`, which the desk may send to tie its steps
/// together), or a new one.
pub fn correlation_id(req: &actix_web::HttpRequest) -> uuid::Uuid {
    req.headers()
        .get("X-Correlation-Id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(uuid::Uuid::now_v7)
}

/// The request's `Idempotency-Key` header, when it has one: 1 to 100 visible characters, else
/// the `invalid_idempotency_key` problem. A retry with the same key finds what the first made.
pub fn idempotency_key(req: &actix_web::HttpRequest) -> Result<Option<String>, Problem> {
    let Some(v) = req.headers().get("Idempotency-Key") else {
        return Ok(None);
    };
    match v.to_str().map(str::trim) {
        Ok(s) if !s.is_empty() && s.len() <= 100 => Ok(Some(s.to_string())),
        _ => Err(Problem::new(
            actix_web::http::StatusCode::BAD_REQUEST,
            "invalid_idempotency_key",
            "The Idempotency-Key header must be 1 to 100 visible characters.",
        )),
    }
}

/// The most of a JSON body [`refuse_nul`] reads to look for NUL characters; a larger body
/// passes on unread (the JSON limit refuses it anyway).
const NUL_SCAN_LIMIT: usize = 16 * 1024 * 1024;

/// The problem for text PostgreSQL cannot store: a NUL character (`\u0000`).
pub fn nul_character() -> Problem {
    Problem::unprocessable(
        "nul_character",
        "Text may not contain the NUL character (\\u0000); remove it and send again.",
    )
}

/// True when a JSON text holds a NUL character: a raw zero byte, or the escape `\u0000`
/// (an escaped backslash followed by `u0000`, `\\u0000`, is the six characters, and passes).
pub fn json_holds_nul(body: &[u8]) -> bool {
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            0 => return true,
            b'\\' => {
                if body.get(i + 1) == Some(&b'u') && body.get(i + 2..i + 6) == Some(b"0000") {
                    return true;
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    false
}

/// True when an address (path and query, still percent-encoded) holds an encoded NUL (`%00`).
pub fn uri_holds_nul(raw: &str) -> bool {
    raw.contains("%00")
}

/// Middleware: text PostgreSQL cannot store never reaches a handler. A JSON body or an address
/// holding a NUL character is answered `422 nul_character`, whatever the service, instead of
/// failing in the database as a 500.
pub async fn refuse_nul(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let uri = req.uri();
    if uri_holds_nul(uri.path()) || uri.query().is_some_and(uri_holds_nul) {
        return Ok(req.error_response(nul_character()));
    }
    let json = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            let essence = ct
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            essence.ends_with("/json") || essence.ends_with("+json")
        });
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if json && declared.is_none_or(|n| n <= NUL_SCAN_LIMIT) {
        use actix_web::HttpMessage;
        use futures_util::StreamExt;
        let mut payload = req.take_payload();
        let mut body = actix_web::web::BytesMut::new();
        let mut rest_error = None;
        while body.len() <= NUL_SCAN_LIMIT {
            match payload.next().await {
                Some(Ok(chunk)) => body.extend_from_slice(&chunk),
                Some(Err(e)) => {
                    rest_error = Some(e);
                    break;
                }
                None => break,
            }
        }
        let read = body.freeze();
        if rest_error.is_none() && json_holds_nul(&read) {
            return Ok(req.error_response(nul_character()));
        }
        // Give the handler the body as it came: what was read, then whatever is left.
        let head = futures_util::stream::iter(std::iter::once(Ok(read)).chain(rest_error.map(Err)));
        let stream: std::pin::Pin<
            Box<
                dyn futures_util::Stream<
                        Item = Result<actix_web::web::Bytes, actix_web::error::PayloadError>,
                    >,
            >,
        > = Box::pin(head.chain(payload));
        req.set_payload(Payload::from(stream));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_escape_or_byte_is_found_and_an_escaped_backslash_is_not() {
        assert!(json_holds_nul(br#"{"note":"a\u0000b"}"#));
        assert!(json_holds_nul(b"{\"note\":\"a\0b\"}"));
        assert!(
            json_holds_nul(br#"{"note":"\\\u0000"}"#),
            "\\\\ then \\u0000"
        );
        assert!(
            !json_holds_nul(br#"{"note":"C:\\u0000"}"#),
            "a backslash, then u0000"
        );
        assert!(!json_holds_nul(br#"{"note":"\\\\u0000"}"#));
        assert!(!json_holds_nul(br#"{"note":"\u0001"}"#));
        assert!(!json_holds_nul(br#"{"note":"\u4e2d\"u0000"}"#));
        assert!(
            !json_holds_nul(br#"{"a":"\"}"#),
            "a lone backslash at the end"
        );
    }

    #[test]
    fn an_encoded_nul_in_the_address_is_found() {
        assert!(uri_holds_nul("q=%00"));
        assert!(uri_holds_nul("/api/v1/x%00"));
        assert!(!uri_holds_nul("q=%E7%8E%8B%2000"));
    }

    #[actix_web::test]
    async fn the_middleware_answers_422_and_lets_other_bodies_through() {
        use actix_web::{App, test, web};
        let app = test::init_service(
            App::new()
                .wrap(actix_web::middleware::from_fn(refuse_nul))
                .route(
                    "/echo",
                    web::post().to(|b: web::Json<serde_json::Value>| async move {
                        actix_web::HttpResponse::Ok().json(b.into_inner())
                    }),
                ),
        )
        .await;
        let send = |body: &'static str| {
            test::TestRequest::post()
                .uri("/echo")
                .insert_header(("content-type", "application/json"))
                .set_payload(body)
                .to_request()
        };
        let res = test::call_service(&app, send(r#"{"note":"a\u0000"}"#)).await;
        assert_eq!(res.status().as_u16(), 422);
        let body: serde_json::Value = test::read_body_json(res).await;
        assert_eq!(body["code"], "nul_character");
        let res = test::call_service(&app, send(r#"{"note":"C:\\u0000"}"#)).await;
        assert_eq!(res.status().as_u16(), 200);
        let body: serde_json::Value = test::read_body_json(res).await;
        assert_eq!(body["note"], "C:\\u0000");
        let req = test::TestRequest::post()
            .uri("/echo?q=%00")
            .insert_header(("content-type", "application/json"))
            .set_payload("{}")
            .to_request();
        assert_eq!(test::call_service(&app, req).await.status().as_u16(), 422);
    }
}
