-- Each estate's figures by month (Beijing time), moved in the transaction of every change of a
-- work order (see src/db/estate_stats.rs): head office ranks every estate of the group from it,
-- and an estate's monthly figures and follow-up rate are read from it.
-- One row per estate, month and line: dim 'estate' (key ''), 'kind' (the kind) or 'technician'
-- (the technician's id, or 'unassigned').
CREATE TABLE repairs.estate_month_stats (
    group_id         uuid    NOT NULL,
    estate_id        uuid    NOT NULL,
    month            date    NOT NULL,
    dim              text    NOT NULL CHECK (dim IN ('estate', 'kind', 'technician')),
    key              text    NOT NULL,
    -- Orders taken in the month, and what became of them.
    opened           integer NOT NULL DEFAULT 0,
    completed        integer NOT NULL DEFAULT 0,
    with_appointment integer NOT NULL DEFAULT 0,
    -- Work started by the end of the agreed window.
    arrived_on_time  integer NOT NULL DEFAULT 0,
    -- Sum over completed orders of the time from the call to completion.
    completion_ms    bigint  NOT NULL DEFAULT 0,
    followed_up      integer NOT NULL DEFAULT 0,
    rating_sum       integer NOT NULL DEFAULT 0,
    rating_count     integer NOT NULL DEFAULT 0,
    -- Followed up with an overall rating of 3 or better.
    satisfied        integer NOT NULL DEFAULT 0,
    -- Fees of paid work settled by billing's payments.
    revenue_fen      bigint  NOT NULL DEFAULT 0,
    -- Orders done in the month (completion, or sign-off of a repair reopened since), and of those
    -- the ones followed up: the follow-up rate (001 6.4).
    done             integer NOT NULL DEFAULT 0,
    done_followed_up integer NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, estate_id, month, dim, key)
);
-- Head office's page: every estate of the group for a month.
CREATE INDEX estate_month_stats_by_month ON repairs.estate_month_stats (group_id, month, dim, estate_id);

-- Backfill from the orders there are.
WITH o AS (
    SELECT group_id, estate_id, kind, coalesce(technician_id::text, 'unassigned') AS technician,
           date_trunc('month', (created_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS taken,
           (completed_at IS NOT NULL)::int AS completed,
           (appointment_end IS NOT NULL)::int AS with_appointment,
           (started_at IS NOT NULL AND appointment_end IS NOT NULL AND started_at <= appointment_end)::int AS arrived_on_time,
           coalesce(trunc(extract(epoch FROM completed_at - created_at) * 1000)::bigint, 0) AS completion_ms,
           (details ? 'follow_up')::int AS followed_up,
           coalesce(overall_rating, 0) AS rating_sum,
           (overall_rating IS NOT NULL)::int AS rating_count,
           coalesce(overall_rating >= 3, false)::int AS satisfied,
           CASE WHEN details ? 'settled_at' THEN fee_fen ELSE 0 END AS revenue_fen,
           CASE WHEN completed_at IS NOT NULL OR details ? 'follow_up'
                THEN date_trunc('month', (coalesce(completed_at, (details->'signoff'->>'at')::timestamptz) AT TIME ZONE 'UTC') + interval '8 hours')::date
           END AS done_in
    FROM repairs.work_orders
), lines AS (
    SELECT o.group_id, o.estate_id, o.taken AS month, l.dim, l.key, 1 AS opened, completed, with_appointment,
           arrived_on_time, completion_ms, followed_up, rating_sum, rating_count, satisfied, revenue_fen,
           0 AS done, 0 AS done_followed_up
    FROM o CROSS JOIN LATERAL (VALUES ('estate', ''), ('kind', o.kind), ('technician', o.technician)) AS l(dim, key)
    UNION ALL
    SELECT group_id, estate_id, done_in, 'estate', '', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, followed_up
    FROM o WHERE done_in IS NOT NULL
)
INSERT INTO repairs.estate_month_stats (group_id, estate_id, month, dim, key, opened, completed, with_appointment,
    arrived_on_time, completion_ms, followed_up, rating_sum, rating_count, satisfied, revenue_fen, done, done_followed_up)
SELECT group_id, estate_id, month, dim, key, sum(opened), sum(completed), sum(with_appointment), sum(arrived_on_time),
       sum(completion_ms), sum(followed_up), sum(rating_sum), sum(rating_count), sum(satisfied), sum(revenue_fen),
       sum(done), sum(done_followed_up)
FROM lines GROUP BY group_id, estate_id, month, dim, key;
