DROP TABLE complaints.stats;
DROP TABLE complaints.estate_settings;
DROP TABLE complaints.trail;
DROP INDEX complaints.complaints_by_month;
DROP INDEX complaints.complaints_due;
ALTER TABLE complaints.complaints
    DROP CONSTRAINT complaints_status_check,
    DROP COLUMN month, DROP COLUMN details, DROP COLUMN reminded_at, DROP COLUMN escalation_level,
    DROP COLUMN closed_at, DROP COLUMN satisfaction, DROP COLUMN replied_at, DROP COLUMN resolved_at,
    DROP COLUMN reply_due, DROP COLUMN deadline_at, DROP COLUMN assigned_at, DROP COLUMN department,
    DROP COLUMN validity, DROP COLUMN complaint_type,
    ADD CONSTRAINT complaints_status_check CHECK (status IN ('received', 'assigned', 'resolved', 'replied', 'closed'));
