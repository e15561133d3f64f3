DROP INDEX documents.passes_idempotency;
ALTER TABLE documents.passes DROP COLUMN idempotency_key;
