-- 有偿维修: the desk logs a repair the unit pays for as such.
ALTER TABLE reception.intakes DROP CONSTRAINT intakes_category_check;
ALTER TABLE reception.intakes ADD CONSTRAINT intakes_category_check
    CHECK (category IN ('inquiry', 'help', 'repair', 'paid_service', 'paid_repair', 'complaint',
                        'after_sales', 'praise', 'suggestion', 'emergency', 'other'));
