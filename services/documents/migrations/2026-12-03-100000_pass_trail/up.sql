-- What happened to a pass's money, shown on the pass: finance's receipt it was handed over
-- against (`paid`), and a payment of it reversed, after which the pass waits for a receipt
-- again (`payment_reversed`).
CREATE TABLE documents.pass_trail (
    group_id   uuid        NOT NULL,
    estate_id  uuid        NOT NULL,
    step_id    uuid        NOT NULL,
    pass_id    uuid        NOT NULL,
    at         timestamptz NOT NULL,
    action     text        NOT NULL CHECK (action IN ('paid', 'payment_reversed')),
    -- The receipt paid with, or the receipt reversed.
    receipt_no text,
    -- The pass's status once the step was taken.
    status     text        NOT NULL,
    note       text,
    PRIMARY KEY (group_id, estate_id, step_id),
    FOREIGN KEY (group_id, estate_id, pass_id) REFERENCES documents.passes (group_id, estate_id, pass_id)
);
CREATE INDEX pass_trail_by_pass ON documents.pass_trail (group_id, estate_id, pass_id, at);
