//! Routing `/api/v1/<service>/...` to the service, passing the caller's token, the request's
//! idempotency key and correlation id, and the trace context. The gateway refuses requests
//! without a valid token early, and a resident's token anywhere but a service's `resident/`
//! addresses; the services check the token again, and they decide scope.

use crate::error::Error;
use crate::settings::Upstreams;
use crate::state::AppState;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use desk_auth::Caller;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where the next request starts in a service's list of replicas.
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// Request headers passed on to the service.
const FORWARDED: [&str; 6] = [
    "authorization",
    "content-type",
    "accept",
    "idempotency-key",
    "x-correlation-id",
    "accept-language",
];

/// Response headers passed back to the caller.
const RETURNED: [&str; 3] = ["content-type", "location", "retry-after"];

pub async fn forward(
    caller: Caller,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let (service, tail) = path.into_inner();
    if !tail.starts_with("resident/") {
        caller.require_staff()?;
    }
    let (name, list) = state
        .upstreams
        .all()
        .into_iter()
        .find(|(n, _)| *n == service)
        .ok_or_else(|| Error::UnknownService(service.clone()))?;
    let bases: Vec<&str> = Upstreams::urls(list).collect();
    if bases.is_empty() {
        return Err(Error::UpstreamUnavailable(name));
    }
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let method = reqwest::Method::from_bytes(req.method().as_str().as_bytes())
        .map_err(|e| Error::Internal(e.to_string()))?;
    let traceparent = desk_platform::http::current_traceparent();
    let build = |base: &str| {
        let url = format!("{}{}", base.trim_end_matches('/'), path_and_query);
        let mut upstream = state.client.request(method.clone(), url);
        for h in FORWARDED {
            if let Some(v) = req.headers().get(h) {
                upstream = upstream.header(h, v.as_bytes());
            }
        }
        if let Some(tp) = &traceparent {
            upstream = upstream.header("traceparent", tp.as_str());
        }
        upstream.body(body.clone())
    };
    let failed = |e: reqwest::Error| {
        if e.is_timeout() && !e.is_connect() {
            Error::UpstreamTimeout(name)
        } else {
            Error::UpstreamUnavailable(name)
        }
    };
    let read = matches!(
        *req.method(),
        actix_web::http::Method::GET | actix_web::http::Method::HEAD
    );
    // The replicas in turn, starting from the next one; a replica that refuses the connection
    // was sent nothing, so even a write goes on to the next.
    let first = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut last = None;
    let mut response = None;
    for i in 0..bases.len() {
        let request = build(bases[(first + i) % bases.len()]);
        // A pooled connection the service closed as it was reused fails at once; a read is
        // asked again on a fresh connection rather than shown to the desk as an outage.
        let again = read.then(|| request.try_clone()).flatten();
        let sent = match (request.send().await, again) {
            (Err(e), Some(again)) if !e.is_connect() && !e.is_timeout() => again.send().await,
            (sent, _) => sent,
        };
        match sent {
            Ok(r) => {
                response = Some(r);
                break;
            }
            Err(e) if e.is_connect() => last = Some(e),
            Err(e) => return Err(failed(e)),
        }
    }
    let Some(response) = response else {
        return Err(last.map(failed).unwrap_or(Error::UpstreamUnavailable(name)));
    };
    let status = actix_web::http::StatusCode::from_u16(response.status().as_u16())
        .map_err(|e| Error::Internal(e.to_string()))?;
    let mut out = HttpResponse::build(status);
    for h in RETURNED {
        let value = response.headers().get(h).map(|v| v.as_bytes());
        if let Some(Ok(v)) = value.map(HeaderValue::from_bytes) {
            out.insert_header((HeaderName::from_static(h), v));
        }
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|_| Error::UpstreamUnavailable(name))?;
    Ok(out.body(bytes))
}
