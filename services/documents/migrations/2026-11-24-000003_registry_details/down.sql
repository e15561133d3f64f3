DROP TABLE documents.id_reveals;
DROP INDEX documents.residents_phone_alt_rev;
DROP INDEX documents.residents_phone_rev;
DROP INDEX documents.residents_name_grams;
ALTER TABLE documents.residents
    DROP CONSTRAINT residents_lease_order,
    DROP CONSTRAINT residents_tenant_lease,
    DROP COLUMN updated_by, DROP COLUMN updated_at, DROP COLUMN created_at, DROP COLUMN version,
    DROP COLUMN phone_alt_rev, DROP COLUMN phone_rev, DROP COLUMN name_grams,
    DROP COLUMN lease_end, DROP COLUMN lease_start, DROP COLUMN move_in_date,
    DROP COLUMN id_last4, DROP COLUMN id_number_enc, DROP COLUMN phone_alt;
DROP INDEX documents.units_label_prefix;
ALTER TABLE documents.units DROP COLUMN updated_by, DROP COLUMN updated_at, DROP COLUMN version;
ALTER TABLE documents.estates DROP COLUMN version, DROP COLUMN departments, DROP COLUMN business_hours, DROP COLUMN greeting;
