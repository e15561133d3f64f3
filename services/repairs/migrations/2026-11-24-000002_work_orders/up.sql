-- Work orders (派工单 / 维修任务单).
CREATE TABLE repairs.work_orders (
    group_id       uuid        NOT NULL,
    estate_id      uuid        NOT NULL,
    work_order_id  uuid        NOT NULL,
    order_no       text        NOT NULL,
    intake_id      uuid,
    kind           text        NOT NULL CHECK (kind IN ('repair', 'paid_repair', 'special_service', 'after_sales', 'emergency')),
    status         text        NOT NULL DEFAULT 'awaiting_dispatch'
                               CHECK (status IN ('awaiting_dispatch', 'dispatched', 'in_progress', 'completed', 'followed_up', 'closed')),
    contact_name   text,
    contact_phone  text,
    unit_label     text,
    problem        text        NOT NULL,
    reported_by    uuid        NOT NULL,
    version        integer     NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, estate_id, work_order_id)
);
-- One order per intake, whatever the number of deliveries of the intake's event.
CREATE UNIQUE INDEX work_orders_by_intake ON repairs.work_orders (group_id, estate_id, intake_id) WHERE intake_id IS NOT NULL;
CREATE INDEX work_orders_by_estate_time ON repairs.work_orders (group_id, estate_id, created_at DESC, work_order_id);
