ALTER TABLE repairs.work_orders DROP COLUMN callback_due;
