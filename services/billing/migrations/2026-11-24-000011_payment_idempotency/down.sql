DROP INDEX billing.payments_idempotency;
ALTER TABLE billing.payments DROP COLUMN idempotency_key;
