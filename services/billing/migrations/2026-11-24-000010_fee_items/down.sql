ALTER TABLE billing.charges DROP CONSTRAINT charges_source_check;
ALTER TABLE billing.charges ADD CONSTRAINT charges_source_check
    CHECK (source IN ('work_order', 'special_service', 'pass', 'deposit', 'management_fee', 'desk'));
ALTER TABLE billing.fee_schedules DROP COLUMN items;
