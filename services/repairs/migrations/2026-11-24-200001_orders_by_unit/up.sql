-- A resident's own orders in the portal: by unit, newest first.
CREATE INDEX work_orders_by_unit ON repairs.work_orders (group_id, estate_id, unit_label, created_at DESC)
    WHERE unit_label IS NOT NULL;
