-- A payment is never edited: a mistake is put right by reversing it, with a reason, asked for
-- by the cashier and approved by a supervisor. Approval takes the payment off its charges.
ALTER TABLE billing.payments ADD COLUMN prints integer NOT NULL DEFAULT 0;

CREATE TABLE billing.reversals (
    group_id     uuid        NOT NULL,
    estate_id    uuid        NOT NULL,
    payment_id   uuid        NOT NULL,
    amount_fen   bigint      NOT NULL CHECK (amount_fen > 0),
    reason       text        NOT NULL CHECK (length(reason) BETWEEN 2 AND 500),
    status       text        NOT NULL CHECK (status IN ('requested', 'approved', 'refused')),
    requested_by uuid        NOT NULL,
    requested_at timestamptz NOT NULL,
    decided_by   uuid,
    decided_at   timestamptz,
    -- The drawer the money went back out of, when the cashier's drawer was open at approval.
    session_id   uuid,
    method       text        NOT NULL,
    PRIMARY KEY (group_id, estate_id, payment_id)
);
CREATE INDEX reversals_waiting ON billing.reversals (group_id, estate_id, requested_at) WHERE status = 'requested';
CREATE INDEX payments_by_time ON billing.payments (group_id, estate_id, taken_at);
