ALTER TABLE billing.payments DROP COLUMN session_id;
DROP TABLE billing.cash_sessions;
