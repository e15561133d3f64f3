-- The estate's fee schedule: the management fee per square metre and month, in fen.
CREATE TABLE billing.fee_schedules (
    group_id                  uuid        NOT NULL,
    estate_id                 uuid        NOT NULL,
    management_fen_per_m2     bigint      NOT NULL CHECK (management_fen_per_m2 >= 0),
    updated_by                uuid        NOT NULL,
    updated_at                timestamptz NOT NULL,
    PRIMARY KEY (group_id, estate_id)
);
