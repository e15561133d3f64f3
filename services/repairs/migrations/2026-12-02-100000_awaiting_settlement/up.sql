-- Paid work followed up while its charge is unpaid waits for settlement before it closes.
ALTER TABLE repairs.work_orders
    DROP CONSTRAINT work_orders_status_check,
    ADD CONSTRAINT work_orders_status_check CHECK (status IN
        ('awaiting_dispatch', 'dispatched', 'accepted', 'in_progress', 'paused', 'completed', 'closed', 'reopened',
         'awaiting_settlement'));
