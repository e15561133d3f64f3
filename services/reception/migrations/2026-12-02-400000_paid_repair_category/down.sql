UPDATE reception.intakes SET category = 'repair' WHERE category = 'paid_repair';
ALTER TABLE reception.intakes DROP CONSTRAINT intakes_category_check;
ALTER TABLE reception.intakes ADD CONSTRAINT intakes_category_check
    CHECK (category IN ('inquiry', 'help', 'repair', 'paid_service', 'complaint',
                        'after_sales', 'praise', 'suggestion', 'emergency', 'other'));
