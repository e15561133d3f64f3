-- One account per unit: what is charged and paid for it. The unit's area (the base of the
-- management fee) is a local copy from the registry's events.
CREATE TABLE billing.unit_accounts (
    group_id       uuid        NOT NULL,
    estate_id      uuid        NOT NULL,
    unit_id        uuid        NOT NULL,
    unit_label     text        NOT NULL,
    area_centi_m2  bigint      NOT NULL,
    -- Microseconds of the registry event last applied; an older event never overwrites a newer one.
    registry_at    bigint      NOT NULL,
    balance_fen    bigint      NOT NULL DEFAULT 0,
    opened_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, estate_id, unit_id)
);
CREATE INDEX unit_accounts_by_label ON billing.unit_accounts (group_id, estate_id, unit_label);
