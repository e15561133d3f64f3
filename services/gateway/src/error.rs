//! The gateway's errors, and the one place they become HTTP answers.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use desk_platform::Problem;
use desk_platform::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Refused(Problem),
    #[error("wrong username or password")]
    InvalidCredentials,
    #[error("no such service {0}")]
    UnknownService(String),
    #[error("upstream {0} unreachable")]
    UpstreamUnavailable(&'static str),
    #[error("upstream {0} timed out")]
    UpstreamTimeout(&'static str),
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
            Error::InvalidCredentials => Problem::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "Wrong username or password.",
            ),
            Error::UnknownService(_) => Problem::new(
                StatusCode::NOT_FOUND,
                "no_such_route",
                "There is nothing at this address.",
            ),
            Error::UpstreamUnavailable(_) => Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "upstream_unavailable",
                "That part of the platform is not answering just now; try again shortly.",
            ),
            Error::UpstreamTimeout(_) => Problem::new(
                StatusCode::GATEWAY_TIMEOUT,
                "upstream_timeout",
                "That part of the platform took too long to answer.",
            ),
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
            Error::UpstreamUnavailable(s) | Error::UpstreamTimeout(s) => {
                tracing::warn!(service = s, "Upstream did not answer.")
            }
            _ => {}
        }
        self.problem().error_response()
    }
}
