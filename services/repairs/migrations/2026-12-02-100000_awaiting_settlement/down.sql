-- Orders still waiting are taken as completed again (their follow-up stays recorded).
UPDATE repairs.work_orders SET status = 'completed' WHERE status = 'awaiting_settlement';
ALTER TABLE repairs.work_orders
    DROP CONSTRAINT work_orders_status_check,
    ADD CONSTRAINT work_orders_status_check CHECK (status IN
        ('awaiting_dispatch', 'dispatched', 'accepted', 'in_progress', 'paused', 'completed', 'closed', 'reopened'));
