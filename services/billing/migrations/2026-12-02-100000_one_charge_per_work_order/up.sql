-- A work order has one charge, whichever path raised it (a special service's charge on order or
-- the fee at completion): a second path finds it and charges nothing again.
CREATE UNIQUE INDEX charges_one_per_work_order ON billing.charges (group_id, estate_id, source_id)
    WHERE source IN ('work_order', 'special_service');
