-- A retried issue (same member of staff, same Idempotency-Key) finds the pass it made.
ALTER TABLE documents.passes ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX passes_idempotency ON documents.passes (group_id, estate_id, issued_by, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
