//! RFC 9457 problem details: every error a client sees is `application/problem+json` with a
//! stable `code` it can branch on. The cause of a server error goes to the log, never to the
//! client.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use serde::Serialize;
use std::fmt;

/// An error as the client sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    /// Stable, machine-readable; never changes once published.
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Itemised errors, e.g. every bad line of an import.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Box<serde_json::Value>>,
}

impl Problem {
    pub fn new(status: StatusCode, code: &'static str, title: impl Into<String>) -> Self {
        Self {
            type_uri: format!("https://errors.estate-desk.dev/{code}"),
            title: title.into(),
            status: status.as_u16(),
            code,
            detail: None,
            errors: None,
        }
    }

    pub fn with_errors(mut self, errors: serde_json::Value) -> Self {
        self.errors = Some(Box::new(errors));
        self
    }

    /// 409: the request does not fit the record's current state.
    pub fn conflict(code: &'static str, title: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, title)
    }

    /// 422 with a stable code of its own, for a rule the request breaks.
    pub fn unprocessable(code: &'static str, title: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, title)
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Sign in first: the request carries no valid token.",
        )
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "You may not do this.").with_detail(detail)
    }

    pub fn estate_out_of_scope() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "estate_out_of_scope",
            "This estate is not one of yours.",
        )
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("No such {what} here."),
        )
    }

    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "temporarily_unavailable",
            "The service cannot reach its database just now; nothing was changed. Try again shortly.",
        )
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Something went wrong on our side; nothing was changed.",
        )
    }

    pub fn validation(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            "Some of the fields are not valid.",
        )
        .with_detail(detail)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.title, self.code)
    }
}

impl ResponseError for Problem {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code())
            .content_type("application/problem+json")
            .json(self)
    }
}

/// JSON bodies: size limit, and every parse failure as a problem. The serde message names the
/// field and the expected type; it never echoes the submitted values.
pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .content_type_required(true)
        .error_handler(|err, _req| {
            use actix_web::error::JsonPayloadError as E;
            let problem = match &err {
                E::OverflowKnownLength { .. } | E::Overflow { .. } => Problem::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body_too_large",
                    "The request body is too large.",
                ),
                E::ContentType => Problem::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "Send the body as application/json.",
                ),
                E::Deserialize(e) if e.is_data() => Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_body",
                    "The body does not have the expected fields and types.",
                )
                .with_detail(scrub_serde_message(&e.to_string())),
                _ => Problem::new(
                    StatusCode::BAD_REQUEST,
                    "malformed_json",
                    "The body is not well-formed JSON.",
                ),
            };
            problem.into()
        })
}

/// Path parameters (identifiers): a bad UUID is a 400, not a 404 or a 500.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_err, _req| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "invalid_path_parameter",
            "An identifier in the address is not valid.",
        )
        .into()
    })
}

/// Query strings: a bad filter is a 400 naming the parameter.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _req| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            "A query parameter is not valid.",
        )
        .with_detail(scrub_serde_message(&err.to_string()))
        .into()
    })
}

/// Unknown routes answer in the same format as every other error.
pub async fn no_route(_req: HttpRequest) -> HttpResponse {
    Problem::new(
        StatusCode::NOT_FOUND,
        "no_such_route",
        "There is nothing at this address.",
    )
    .error_response()
}

/// serde's messages may quote the offending value (`invalid type: string "138…"`), which can be
/// personal data. Keep the message's shape and drop quoted values.
fn scrub_serde_message(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut in_quote = false;
    for ch in msg.chars() {
        match ch {
            '"' => {
                if !in_quote {
                    out.push_str("\"…");
                }
                in_quote = !in_quote;
                if !in_quote {
                    out.push('"');
                }
            }
            _ if in_quote => {}
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn serde_messages_lose_quoted_values() {
        let m = super::scrub_serde_message(
            "invalid type: string \"13812345678\", expected u32 at line 1 column 20",
        );
        assert!(!m.contains("1381234"));
        assert!(m.contains("expected u32"));
    }
}
