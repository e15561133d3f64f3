-- Photos of the problem and of the finished work, kept with the order.
CREATE TABLE repairs.photos (
    group_id      uuid        NOT NULL,
    estate_id     uuid        NOT NULL,
    photo_id      uuid        NOT NULL,
    work_order_id uuid        NOT NULL,
    content_type  text        NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes         bytea       NOT NULL CHECK (octet_length(bytes) <= 5242880),
    taken_by      uuid        NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (group_id, estate_id, photo_id)
);
CREATE INDEX photos_by_order ON repairs.photos (group_id, estate_id, work_order_id, created_at);

-- The technician's day: open orders and the day's appointments, whatever their state.
CREATE INDEX work_orders_technician_day ON repairs.work_orders (group_id, technician_id, appointment_start);
