-- Passes (证件): resident, tenant and temporary (decoration worker) passes, numbered per estate.
CREATE TABLE documents.pass_numbers (
    group_id  uuid   NOT NULL,
    estate_id uuid   NOT NULL,
    last_no   bigint NOT NULL,
    PRIMARY KEY (group_id, estate_id),
    FOREIGN KEY (group_id, estate_id) REFERENCES documents.estates (group_id, estate_id)
);

CREATE TABLE documents.passes (
    group_id          uuid        NOT NULL,
    estate_id         uuid        NOT NULL,
    pass_id           uuid        NOT NULL,
    seq               bigint      NOT NULL,
    pass_no           text        NOT NULL,
    kind              text        NOT NULL CHECK (kind IN ('resident', 'tenant', 'temporary')),
    unit_id           uuid        NOT NULL,
    unit_label        text        NOT NULL,
    holder_name       text        NOT NULL,
    holder_phone      text,
    -- The holder's ID number, sealed under the service's key and bound to the pass; only its
    -- last four characters are kept in clear, for masking.
    holder_id_enc     bytea       NOT NULL,
    holder_id_last4   text        NOT NULL,
    -- The holder's record in the registry, when there is one.
    resident_id       uuid,
    -- For a temporary pass: the owner who brought the workers.
    owner_resident_id uuid,
    lease_end         date,
    valid_from        date        NOT NULL,
    valid_until       date,
    status            text        NOT NULL CHECK (status IN ('active', 'returned')),
    deposit_fen       bigint      NOT NULL CHECK (deposit_fen >= 0),
    card_fee_fen      bigint      NOT NULL CHECK (card_fee_fen >= 0),
    renewal_fees_fen  bigint      NOT NULL DEFAULT 0 CHECK (renewal_fees_fen >= 0),
    renewals          integer     NOT NULL DEFAULT 0,
    issued_at         timestamptz NOT NULL,
    issued_by         uuid        NOT NULL,
    returned_at       timestamptz,
    returned_by       uuid,
    version           integer     NOT NULL DEFAULT 1,
    updated_at        timestamptz NOT NULL,
    PRIMARY KEY (group_id, estate_id, pass_id),
    UNIQUE (group_id, estate_id, seq),
    UNIQUE (group_id, estate_id, pass_no),
    FOREIGN KEY (group_id, estate_id, unit_id) REFERENCES documents.units (group_id, estate_id, unit_id),
    CONSTRAINT passes_temporary_owner CHECK (kind <> 'temporary' OR owner_resident_id IS NOT NULL),
    CONSTRAINT passes_validity_order CHECK (valid_until IS NULL OR valid_until >= valid_from),
    CONSTRAINT passes_returned CHECK ((status = 'returned') = (returned_at IS NOT NULL))
);
CREATE INDEX passes_by_unit ON documents.passes (group_id, estate_id, unit_label, seq DESC);
CREATE INDEX passes_expiring ON documents.passes (group_id, estate_id, valid_until) WHERE status = 'active';
