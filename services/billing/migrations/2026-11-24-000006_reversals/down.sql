DROP INDEX billing.payments_by_time;
DROP TABLE billing.reversals;
ALTER TABLE billing.payments DROP COLUMN prints;
