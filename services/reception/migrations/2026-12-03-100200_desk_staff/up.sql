-- The estate's desk as reception has seen it: whoever acted at its desk (took an entry, added
-- a note, closed or reassigned one, opened, handed over or took over a shift), with whether
-- they did so in a desk role (receptionist, supervisor, estate manager) the last time. An
-- entry is reassigned only to someone of this list in a desk role (首问责任制): reception
-- keeps no staff accounts, and a colleague of another estate or a technician is not on it.
CREATE TABLE reception.desk_staff (
    group_id  uuid        NOT NULL,
    estate_id uuid        NOT NULL,
    staff_id  uuid        NOT NULL,
    desk      boolean     NOT NULL,
    seen_at   timestamptz NOT NULL,
    PRIMARY KEY (group_id, estate_id, staff_id)
);

-- Backfill from what the desk did so far: shifts worked, and the steps only its own take
-- (notes, reassignments, closing).
INSERT INTO reception.desk_staff (group_id, estate_id, staff_id, desk, seen_at)
SELECT group_id, estate_id, staff_id, true, max(at) FROM (
    SELECT group_id, estate_id, opened_by AS staff_id, opened_at AS at FROM reception.shifts
    UNION ALL
    SELECT group_id, estate_id, handed_over_by, handed_over_at FROM reception.shifts WHERE handed_over_by IS NOT NULL
    UNION ALL
    SELECT group_id, estate_id, acknowledged_by, acknowledged_at FROM reception.shifts WHERE acknowledged_by IS NOT NULL
    UNION ALL
    SELECT group_id, estate_id, actor, at FROM reception.intake_trail
    WHERE action IN ('note', 'reassigned', 'closed') AND actor <> '00000000-0000-0000-0000-000000000000'
) seen
GROUP BY group_id, estate_id, staff_id;
