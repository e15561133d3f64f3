-- The time the desk promised to call the resident back when nobody could take the order.
ALTER TABLE repairs.work_orders ADD COLUMN callback_due timestamptz;
CREATE INDEX work_orders_callback_due ON repairs.work_orders (group_id, estate_id, callback_due) WHERE needs_callback;
