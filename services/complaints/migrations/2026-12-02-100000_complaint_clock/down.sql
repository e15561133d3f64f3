DROP TABLE complaints.frozen_months;
ALTER TABLE complaints.stats DROP COLUMN extended, DROP COLUMN due;
ALTER TABLE complaints.estate_settings DROP COLUMN assign_within_hours;
DROP INDEX complaints.complaints_sweep;
CREATE INDEX complaints_due ON complaints.complaints (deadline_at) WHERE status = 'assigned';
UPDATE complaints.complaints SET details = details - 'lapsed_at' - 'extensions';
ALTER TABLE complaints.complaints
    DROP COLUMN sweep_at,
    DROP COLUMN assign_by;
