-- A complaint's clock: the time a received or reopened complaint must be assigned by, and when
-- the sweep must look at it next (NULL: nothing can move). When the deadline in force passed
-- unresolved (counted late) and how often it was extended are kept in `details`
-- (`lapsed_at`, `extensions`).
ALTER TABLE complaints.complaints
    ADD COLUMN assign_by  timestamptz,
    ADD COLUMN sweep_at   timestamptz;
UPDATE complaints.complaints SET assign_by = updated_at + interval '2 hours'
    WHERE status IN ('received', 'reopened');
UPDATE complaints.complaints SET details = details || jsonb_build_object('lapsed_at', deadline_at)
    WHERE status = 'assigned' AND deadline_at < now() AND resolved_at IS NULL;
-- The sweep looks early and computes the exact instant itself.
UPDATE complaints.complaints SET sweep_at = CASE
        WHEN status = 'assigned' THEN deadline_at - interval '72 hours'
        ELSE assign_by
    END
    WHERE status IN ('assigned', 'received', 'reopened') AND escalation_level < 3;
DROP INDEX complaints.complaints_due;
CREATE INDEX complaints_sweep ON complaints.complaints (sweep_at, complaint_id) WHERE sweep_at IS NOT NULL;

-- A received or reopened complaint is assigned within this many hours (before the close of
-- business; else by the next working day's close).
ALTER TABLE complaints.estate_settings
    ADD COLUMN assign_within_hours integer NOT NULL DEFAULT 2 CHECK (assign_within_hours BETWEEN 1 AND 24);

-- The on-time rate's denominator: complaints resolved or past their deadline; and extensions.
ALTER TABLE complaints.stats
    ADD COLUMN due      integer NOT NULL DEFAULT 0,
    ADD COLUMN extended integer NOT NULL DEFAULT 0;
UPDATE complaints.stats SET due = resolved;
UPDATE complaints.stats s SET due = s.due + x.n
FROM (SELECT c.group_id, v.e AS estate_id, c.month, c.complaint_type, c.severity, count(*)::int AS n
      FROM complaints.complaints c,
           LATERAL (VALUES (c.estate_id), ('00000000-0000-0000-0000-000000000000'::uuid)) AS v(e)
      WHERE c.details ? 'lapsed_at' AND c.resolved_at IS NULL
      GROUP BY 1, 2, 3, 4, 5) x
WHERE s.group_id = x.group_id AND s.estate_id = x.estate_id AND s.month = x.month
  AND s.complaint_type = x.complaint_type AND s.severity = x.severity;

-- The month's report as the supervisor handed it in (投诉情况月汇总表): kept as it was.
CREATE TABLE complaints.frozen_months (
    group_id   uuid        NOT NULL,
    estate_id  uuid        NOT NULL,
    month      date        NOT NULL,
    frozen_at  timestamptz NOT NULL,
    frozen_by  uuid        NOT NULL,
    -- {"totals": …, "by_type": […]} as they stood when handed in.
    figures    jsonb       NOT NULL,
    PRIMARY KEY (group_id, estate_id, month)
);
