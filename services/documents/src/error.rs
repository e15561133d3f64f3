//! The documents service's errors, and the one place they become HTTP answers.

use crate::domain::import::LineError;
use crate::domain::registry::Invalid;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use desk_platform::Problem;
use desk_platform::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Authentication, scope or role refused, or an extractor's problem.
    #[error("{0}")]
    Refused(Problem),
    #[error("no such {0}")]
    NotFound(&'static str),
    #[error("invalid: {0}")]
    Invalid(#[from] Invalid),
    /// A rule of the registry, with its stable code.
    #[error("{1}")]
    Rule(&'static str, &'static str),
    #[error("the import has {} bad lines", .0.len())]
    ImportRejected(Vec<LineError>),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("internal: {0}")]
    Internal(String),
}

impl From<Problem> for Error {
    fn from(p: Problem) -> Self {
        Error::Refused(p)
    }
}

impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        Error::Db(DbError::from(e))
    }
}

impl Error {
    fn problem(&self) -> Problem {
        match self {
            Error::Refused(p) => p.clone(),
            Error::NotFound(what) => Problem::not_found(what),
            Error::Invalid(e) => Problem::validation(e.to_string()),
            Error::Rule(code, title) => match *code {
                "estate_code_taken"
                | "unit_label_taken"
                | "building_name_taken"
                | "stale_version"
                | "pass_returned"
                | "pass_not_paid"
                | "nothing_to_renew" => Problem::conflict(code, *title),
                _ => Problem::unprocessable(code, *title),
            },
            Error::ImportRejected(lines) => Problem::unprocessable(
                "import_rejected",
                "The file was not imported: fix the listed lines and send it again.",
            )
            .with_errors(serde_json::to_value(lines).unwrap_or_default()),
            Error::Db(DbError::Unavailable(_)) => Problem::unavailable(),
            Error::Db(DbError::Query(_)) | Error::Internal(_) => Problem::internal(),
        }
    }
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        self.problem().status_code()
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Error::Db(e) => tracing::error!(error = %e, "Database work failed."),
            Error::Internal(e) => tracing::error!(error = %e, "Request failed."),
            _ => {}
        }
        self.problem().error_response()
    }
}
