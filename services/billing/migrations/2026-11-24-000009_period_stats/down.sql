DROP INDEX billing.charges_by_period;
DROP TABLE billing.period_stats;
ALTER TABLE billing.charges DROP COLUMN period;
