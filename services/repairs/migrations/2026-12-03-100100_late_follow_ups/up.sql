-- Late follow-ups (回访 after the week it is due in) in each estate's monthly figures, in the
-- month the order was done: made late (`follow_up_late`, on the estate's line), or not made yet
-- (`awaiting_follow_up`, on a 'follow_up_due' line keyed by the instant it falls due, in UTC as
-- YYYY-MM-DDTHH:MM:SSZ), so a reader counts those due by now from the month's few lines.
ALTER TABLE repairs.estate_month_stats
    ADD COLUMN follow_up_late     integer NOT NULL DEFAULT 0,
    ADD COLUMN awaiting_follow_up integer NOT NULL DEFAULT 0;
ALTER TABLE repairs.estate_month_stats DROP CONSTRAINT estate_month_stats_dim_check;
ALTER TABLE repairs.estate_month_stats ADD CONSTRAINT estate_month_stats_dim_check
    CHECK (dim IN ('estate', 'kind', 'technician', 'follow_up_due'));

-- Backfill from the orders there are, their months in the estate's zone.
WITH o AS (
    SELECT w.group_id, w.estate_id,
           date_trunc('month', coalesce(w.completed_at, (w.details->'signoff'->>'at')::timestamptz)
                      AT TIME ZONE coalesce(z.time_zone, 'Asia/Shanghai'))::date AS done_in,
           (w.details ? 'follow_up' AND coalesce((w.details->'follow_up'->>'late')::boolean, false))::int AS made_late,
           CASE WHEN w.status = 'completed' AND NOT w.details ? 'follow_up' AND w.follow_up_due IS NOT NULL
                THEN to_char(w.follow_up_due AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END AS due_key
    FROM repairs.work_orders w
    LEFT JOIN repairs.estate_zones z ON z.group_id = w.group_id AND z.estate_id = w.estate_id
    WHERE w.completed_at IS NOT NULL OR w.details ? 'follow_up'
)
INSERT INTO repairs.estate_month_stats AS s (group_id, estate_id, month, dim, key, follow_up_late, awaiting_follow_up)
SELECT group_id, estate_id, done_in, 'estate', '', sum(made_late), 0
FROM o WHERE done_in IS NOT NULL GROUP BY group_id, estate_id, done_in HAVING sum(made_late) > 0
UNION ALL
SELECT group_id, estate_id, done_in, 'follow_up_due', due_key, 0, count(*)
FROM o WHERE done_in IS NOT NULL AND due_key IS NOT NULL GROUP BY group_id, estate_id, done_in, due_key
ON CONFLICT (group_id, estate_id, month, dim, key) DO UPDATE SET
    follow_up_late = s.follow_up_late + EXCLUDED.follow_up_late,
    awaiting_follow_up = s.awaiting_follow_up + EXCLUDED.awaiting_follow_up;
