DROP INDEX billing.cash_sessions_owed;
ALTER TABLE billing.cash_sessions
    DROP COLUMN handed_over_by,
    DROP COLUMN confirmed_by,
    DROP COLUMN confirmed_at,
    DROP COLUMN resolution,
    DROP COLUMN resolution_note;
