//! The reception service's errors, and the one place they become HTTP answers.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use desk_platform::Problem;
use desk_platform::db::DbError;

/// Rules broken by what the request says (422); every other rule is about the record's
/// current state (409).
const UNPROCESSABLE: [&str; 11] = [
    "not_desk_staff",
    "unknown_unit",
    "unknown_resident",
    "resident_not_in_unit",
    "outsider_needs_id_and_deposit",
    "invalid_deposit",
    "invalid_loan_period",
    "unknown_key",
    "promise_in_the_past",
    "staff_member_required",
    "wrong_referral",
];

/// Rules about who may act on a record (403): 首问责任制.
const FORBIDDEN: [&str; 2] = ["not_entry_owner", "not_the_recipient"];

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Authentication, scope or role refused, or an extractor's problem.
    #[error("{0}")]
    Refused(Problem),
    #[error("no such {0}")]
    NotFound(&'static str),
    #[error("invalid: {0}")]
    Invalid(String),
    /// A rule of the desk the request breaks, with its stable code.
    #[error("{0}")]
    Rule(#[from] crate::domain::intake::Refusal),
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

impl From<crate::domain::intake::Invalid> for Error {
    fn from(e: crate::domain::intake::Invalid) -> Self {
        Error::Invalid(e.to_string())
    }
}

impl Error {
    fn problem(&self) -> Problem {
        match self {
            Error::Refused(p) => p.clone(),
            Error::NotFound(what) => Problem::not_found(what),
            Error::Invalid(detail) => Problem::validation(detail.clone()),
            Error::Rule(r) => {
                if FORBIDDEN.contains(&r.code) {
                    Problem::new(StatusCode::FORBIDDEN, r.code, r.message)
                } else if UNPROCESSABLE.contains(&r.code) {
                    Problem::unprocessable(r.code, r.message)
                } else {
                    Problem::conflict(r.code, r.message)
                }
            }
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
