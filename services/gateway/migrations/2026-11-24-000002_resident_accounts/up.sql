-- Resident accounts (业主/住户/租户) for the resident portal: created by the desk after checking
-- in person that the resident lives in or owns the units; they sign in with phone + password.
CREATE TABLE identity.resident_accounts (
    group_id        uuid        NOT NULL,
    resident_id     uuid        NOT NULL,
    display_name    text        NOT NULL,
    -- Normalised (digits, a leading + kept); what the resident signs in with.
    phone           text        NOT NULL,
    password_hash   text        NOT NULL,
    -- The units, as parallel lists: unit_estate_ids[i] is the estate of unit_labels[i].
    unit_estate_ids uuid[]      NOT NULL,
    unit_labels     text[]      NOT NULL,
    active          boolean     NOT NULL DEFAULT true,
    created_by      uuid        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, resident_id),
    CHECK (cardinality(unit_estate_ids) = cardinality(unit_labels))
);
-- One account per phone number: it is what a resident signs in with.
CREATE UNIQUE INDEX resident_accounts_phone ON identity.resident_accounts (phone);
