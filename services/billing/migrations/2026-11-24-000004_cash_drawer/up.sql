-- The cash drawer: a cashier's session from opening to the count, and the hand-over of the
-- takings to finance (before 17:00; takings after hours by 9:00 of the next working day).
CREATE TABLE billing.cash_sessions (
    group_id          uuid        NOT NULL,
    estate_id         uuid        NOT NULL,
    session_id        uuid        NOT NULL,
    cashier           uuid        NOT NULL,
    opened_at         timestamptz NOT NULL,
    opening_float_fen bigint      NOT NULL CHECK (opening_float_fen >= 0),
    closed_at         timestamptz,
    -- Per method: what the payments say, and what was counted.
    expected          jsonb,
    counted           jsonb,
    difference_fen    bigint,
    handed_over_at    timestamptz,
    hand_over_due     timestamptz,
    handed_over_late  boolean,
    PRIMARY KEY (group_id, estate_id, session_id)
);
-- One open drawer per cashier.
CREATE UNIQUE INDEX cash_sessions_one_open ON billing.cash_sessions (group_id, cashier) WHERE closed_at IS NULL;
ALTER TABLE billing.payments ADD COLUMN session_id uuid;
