-- A payment sent again (a double click, a retry after a timeout) with the same Idempotency-Key
-- by the same person finds the payment it made instead of taking the money twice.
ALTER TABLE billing.payments ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX payments_idempotency ON billing.payments (group_id, estate_id, cashier, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
