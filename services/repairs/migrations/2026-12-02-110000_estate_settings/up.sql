-- Each estate's repairs settings: the fee a technician may set without a supervisor's approval.
CREATE TABLE repairs.estate_settings (
    group_id        uuid        NOT NULL,
    estate_id       uuid        NOT NULL,
    fee_ceiling_fen bigint      NOT NULL CHECK (fee_ceiling_fen >= 0),
    updated_by      uuid        NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (group_id, estate_id)
);
