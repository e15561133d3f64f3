//! Key loans to outsiders on `reception.intake.v1`, keyed by estate: the deposit goes through
//! billing and the cash drawer, and comes back out of it when the key is returned. The
//! borrower's phone and ID number stay at the desk.

use crate::db::desk::LoanRow;
use desk_events::proto::desk::v1::reception::{KeyLoanOpened, KeyLoanReturned};
use desk_events::{Envelope, EventMeta, Payload, envelope};
use uuid::Uuid;

fn meta(l: &LoanRow, version: u64, correlation_id: Uuid, actor: Uuid) -> EventMeta {
    EventMeta {
        group_id: l.group_id,
        estate_id: l.estate_id,
        aggregate_id: l.loan_id,
        aggregate_version: version,
        correlation_id,
        causation_id: None,
        actor_kind: "staff",
        actor_id: actor.to_string(),
    }
}

/// An outsider's loan with its deposit, for billing to take.
pub fn key_loan_opened(l: &LoanRow, key_label: &str, correlation_id: Uuid) -> Envelope {
    envelope(
        &meta(l, 1, correlation_id, l.lent_by),
        "reception.key_loan.opened",
        Payload::KeyLoanOpened(KeyLoanOpened {
            loan_id: l.loan_id.to_string(),
            key_id: l.key_id.to_string(),
            key_label: key_label.to_string(),
            borrower_name: l.borrower_name.clone(),
            deposit_fen: l.deposit_fen,
        }),
    )
}

/// The key is back: billing makes its deposit due for refund.
pub fn key_loan_returned(
    l: &LoanRow,
    key_label: &str,
    correlation_id: Uuid,
    actor: Uuid,
) -> Envelope {
    envelope(
        &meta(l, 2, correlation_id, actor),
        "reception.key_loan.returned",
        Payload::KeyLoanReturned(KeyLoanReturned {
            loan_id: l.loan_id.to_string(),
            key_label: key_label.to_string(),
        }),
    )
}
