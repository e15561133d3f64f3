-- 售后未返单汇总表: each week's list of after-sales defects the developer has not returned,
-- frozen as it stood when the developer's after-sales lead signed it, with the next repair date
-- agreed for each. Never changed after.
CREATE TABLE repairs.after_sales_weeks (
    group_id    uuid        NOT NULL,
    estate_id   uuid        NOT NULL,
    week_start  date        NOT NULL,
    -- The defects as listed: order, unit, problem, deadline, overdue, next repair date.
    items       jsonb       NOT NULL,
    lead_name   text        NOT NULL,
    signature   text,
    signed_at   timestamptz NOT NULL,
    recorded_by uuid        NOT NULL,
    PRIMARY KEY (group_id, estate_id, week_start)
);
