-- Each drawer owes its day's takings at one deadline, fixed when it opens; finance confirms
-- the hand-over it received (another person than the cashier), settling or explaining any
-- difference.
ALTER TABLE billing.cash_sessions
    ADD COLUMN handed_over_by  uuid,
    ADD COLUMN confirmed_by    uuid,
    ADD COLUMN confirmed_at    timestamptz,
    ADD COLUMN resolution      text CHECK (resolution IN ('settled', 'explained')),
    ADD COLUMN resolution_note text;
-- The hand-overs still owed, by deadline: what is late is read from here.
CREATE INDEX cash_sessions_owed ON billing.cash_sessions (group_id, estate_id, hand_over_due)
    WHERE handed_over_at IS NULL;
