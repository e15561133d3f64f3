DROP TABLE billing.deposits;
ALTER TABLE billing.charges DROP CONSTRAINT charges_source_check;
ALTER TABLE billing.charges ADD CONSTRAINT charges_source_check
    CHECK (source IN ('work_order', 'special_service', 'pass', 'management_fee', 'desk'));
