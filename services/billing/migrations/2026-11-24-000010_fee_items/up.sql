-- The estate's fee items beside the management fee: fixed monthly items charged with the
-- month's run, and items the desk charges as they are used (meeting rooms by the hour, special
-- services, utility top-ups bought on a resident's behalf).
ALTER TABLE billing.fee_schedules ADD COLUMN items jsonb NOT NULL DEFAULT '[]';
ALTER TABLE billing.charges DROP CONSTRAINT charges_source_check;
ALTER TABLE billing.charges ADD CONSTRAINT charges_source_check
    CHECK (source IN ('work_order', 'special_service', 'pass', 'deposit', 'management_fee', 'fixed', 'desk'));
