-- Technicians and dispatch (派工), the technician's work, and the follow-up visit (回访).
CREATE TABLE repairs.technicians (
    group_id      uuid        NOT NULL,
    estate_id     uuid        NOT NULL,
    technician_id uuid        NOT NULL,
    name          text        NOT NULL,
    skills        text[]      NOT NULL DEFAULT '{}',
    -- Working hours, e.g. "08:00-17:00".
    working_hours text        NOT NULL DEFAULT '08:00-17:00',
    max_open      integer     NOT NULL DEFAULT 8 CHECK (max_open BETWEEN 1 AND 50),
    active        boolean     NOT NULL DEFAULT true,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, estate_id, technician_id)
);

ALTER TABLE repairs.work_orders
    DROP CONSTRAINT work_orders_status_check,
    ADD COLUMN skill             text,
    ADD COLUMN technician_id     uuid,
    ADD COLUMN appointment_start timestamptz,
    ADD COLUMN appointment_end   timestamptz,
    ADD COLUMN dispatched_at     timestamptz,
    ADD COLUMN started_at        timestamptz,
    ADD COLUMN completed_at      timestamptz,
    ADD COLUMN fee_fen           bigint      NOT NULL DEFAULT 0 CHECK (fee_fen >= 0),
    ADD COLUMN follow_up_due     timestamptz,
    ADD COLUMN overall_rating    integer     CHECK (overall_rating BETWEEN 1 AND 5),
    ADD COLUMN closed_at         timestamptz,
    ADD COLUMN needs_callback    boolean     NOT NULL DEFAULT false,
    -- The read-back, pauses, work done, materials, sign-off, ratings and returns, in words.
    ADD COLUMN details           jsonb       NOT NULL DEFAULT '{}',
    ADD CONSTRAINT work_orders_status_check CHECK (status IN
        ('awaiting_dispatch', 'dispatched', 'accepted', 'in_progress', 'paused', 'completed', 'closed', 'reopened'));
CREATE INDEX work_orders_by_technician ON repairs.work_orders (group_id, technician_id, appointment_start)
    WHERE status IN ('dispatched', 'accepted', 'in_progress', 'paused');
CREATE INDEX work_orders_callback ON repairs.work_orders (group_id, estate_id, created_at) WHERE needs_callback;

CREATE TABLE repairs.trail (
    group_id      uuid        NOT NULL,
    estate_id     uuid        NOT NULL,
    work_order_id uuid        NOT NULL,
    seq           bigserial   NOT NULL,
    at            timestamptz NOT NULL,
    actor         uuid,
    action        text        NOT NULL,
    from_status   text,
    to_status     text,
    reason        text,
    PRIMARY KEY (group_id, estate_id, work_order_id, seq)
);
