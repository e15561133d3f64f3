//! The complaints service's errors, and the one place they become HTTP answers.

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
    Invalid(String),
    /// A rule of complaint handling the request breaks, with its stable code.
    #[error("{0}")]
    Rule(#[from] crate::domain::flow::Refusal),
    #[error(transparent)]
    Db(#[from] DbError),
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
            Error::Invalid(detail) => Problem::validation(detail.clone()),
            Error::Rule(r) => match r.code {
                "unknown_department"
                | "reply_date_required"
                | "reply_date_in_the_past"
                | "extension_needs_reason"
                | "extension_not_later" => Problem::unprocessable(r.code, r.message),
                "major_severity_by_estate_manager" => {
                    Problem::new(StatusCode::FORBIDDEN, r.code, r.message)
                }
                _ => Problem::conflict(r.code, r.message),
            },
            Error::Db(DbError::Unavailable(_)) => Problem::unavailable(),
            Error::Db(DbError::Query(_)) => Problem::internal(),
        }
    }
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        self.problem().status_code()
    }

    fn error_response(&self) -> HttpResponse {
        if let Error::Db(e) = self {
            tracing::error!(error = %e, "Database work failed.");
        }
        self.problem().error_response()
    }
}
