-- A resident's own complaints in the portal: by unit, newest first.
CREATE INDEX complaints_by_unit ON complaints.complaints (group_id, estate_id, unit_label, created_at DESC)
    WHERE unit_label IS NOT NULL;
