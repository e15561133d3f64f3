-- The estate's desk settings, and what the desk needs to find and reach residents.
ALTER TABLE documents.estates
    ADD COLUMN greeting       text,
    ADD COLUMN business_hours text    NOT NULL DEFAULT '08:00-18:00',
    ADD COLUMN departments    text[]  NOT NULL DEFAULT '{engineering,security,cleaning,greening,customer_service}',
    ADD COLUMN version        integer NOT NULL DEFAULT 1;

ALTER TABLE documents.units
    ADD COLUMN version    integer     NOT NULL DEFAULT 1,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN updated_by uuid;
CREATE INDEX units_label_prefix ON documents.units (group_id, label text_pattern_ops);

ALTER TABLE documents.residents
    ADD COLUMN phone_alt     text,
    -- ID numbers are kept encrypted; only their last four characters are kept in clear, for masking.
    ADD COLUMN id_number_enc bytea,
    ADD COLUMN id_last4      text,
    ADD COLUMN move_in_date  date,
    ADD COLUMN lease_start   date,
    ADD COLUMN lease_end     date,
    -- Every one- and two-character piece of the name, for partial search of Chinese names.
    ADD COLUMN name_grams    text[]      NOT NULL DEFAULT '{}',
    -- Phone digits reversed, so "the last four digits" is a prefix search.
    ADD COLUMN phone_rev     text,
    ADD COLUMN phone_alt_rev text,
    ADD COLUMN version       integer     NOT NULL DEFAULT 1,
    ADD COLUMN created_at    timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN updated_at    timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN updated_by    uuid;

-- Rows from before: tenants get a one-year lease from today; names and phones get their search keys.
UPDATE documents.residents SET lease_start = current_date, lease_end = current_date + 365
    WHERE relation = 'tenant' AND lease_start IS NULL;
UPDATE documents.residents SET
    phone_rev  = reverse(regexp_replace(phone, '[^0-9]', '', 'g')),
    name_grams = ARRAY(
        SELECT DISTINCT lower(substr(name, i, n))
        FROM generate_series(1, char_length(name)) AS i, (VALUES (1), (2)) AS len(n)
        WHERE i + n - 1 <= char_length(name));

ALTER TABLE documents.residents
    ADD CONSTRAINT residents_tenant_lease CHECK (relation <> 'tenant' OR (lease_start IS NOT NULL AND lease_end IS NOT NULL)),
    ADD CONSTRAINT residents_lease_order CHECK (lease_end IS NULL OR lease_start IS NULL OR lease_end >= lease_start);
CREATE INDEX residents_name_grams ON documents.residents USING gin (name_grams);
CREATE INDEX residents_phone_rev ON documents.residents (group_id, phone_rev text_pattern_ops);
CREATE INDEX residents_phone_alt_rev ON documents.residents (group_id, phone_alt_rev text_pattern_ops);

-- Who looked at a resident's full ID number, and when.
CREATE TABLE documents.id_reveals (
    group_id    uuid        NOT NULL,
    estate_id   uuid        NOT NULL,
    resident_id uuid        NOT NULL,
    staff_id    uuid        NOT NULL,
    revealed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX id_reveals_by_resident ON documents.id_reveals (group_id, estate_id, resident_id, revealed_at DESC);
