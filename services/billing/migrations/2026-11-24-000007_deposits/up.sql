-- Deposits held per unit and person (a pass's deposit), paid like any charge and refunded
-- against the receipt that took them.
ALTER TABLE billing.charges DROP CONSTRAINT charges_source_check;
ALTER TABLE billing.charges ADD CONSTRAINT charges_source_check
    CHECK (source IN ('work_order', 'special_service', 'pass', 'deposit', 'management_fee', 'desk'));

CREATE TABLE billing.deposits (
    group_id     uuid        NOT NULL,
    estate_id    uuid        NOT NULL,
    deposit_id   uuid        NOT NULL,
    unit_label   text        NOT NULL,
    holder_name  text        NOT NULL,
    pass_id      text        NOT NULL,
    pass_no      text        NOT NULL,
    amount_fen   bigint      NOT NULL CHECK (amount_fen > 0),
    charge_id    uuid        NOT NULL,
    -- unpaid → held (paid) → refund_due (pass returned) → refunded; unpaid → void (returned unpaid).
    status       text        NOT NULL CHECK (status IN ('unpaid', 'held', 'refund_due', 'refunded', 'void')),
    receipt_no   text,
    payment_id   uuid,
    returned_at  timestamptz,
    refunded_at  timestamptz,
    refunded_by  uuid,
    refund_method text,
    refund_session uuid,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (group_id, estate_id, deposit_id),
    UNIQUE (group_id, estate_id, pass_id)
);
CREATE INDEX deposits_by_unit ON billing.deposits (group_id, estate_id, unit_label);
CREATE UNIQUE INDEX deposits_by_charge ON billing.deposits (group_id, estate_id, charge_id);
