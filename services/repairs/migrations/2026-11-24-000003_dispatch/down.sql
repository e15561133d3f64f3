DROP TABLE repairs.trail;
DROP INDEX repairs.work_orders_callback;
DROP INDEX repairs.work_orders_by_technician;
ALTER TABLE repairs.work_orders
    DROP CONSTRAINT work_orders_status_check,
    DROP COLUMN details, DROP COLUMN needs_callback, DROP COLUMN closed_at, DROP COLUMN overall_rating,
    DROP COLUMN follow_up_due, DROP COLUMN fee_fen, DROP COLUMN completed_at, DROP COLUMN started_at,
    DROP COLUMN dispatched_at, DROP COLUMN appointment_end, DROP COLUMN appointment_start,
    DROP COLUMN technician_id, DROP COLUMN skill,
    ADD CONSTRAINT work_orders_status_check CHECK (status IN
        ('awaiting_dispatch', 'dispatched', 'in_progress', 'completed', 'followed_up', 'closed'));
DROP TABLE repairs.technicians;
