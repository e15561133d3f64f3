-- Complaints' copy of the estate calendar that documents publishes: the calendar columns of the
-- estate's settings, the estate's time zone, and the version of the copy (0: none received, the
-- calendar set in complaints' settings still counts).
ALTER TABLE complaints.estate_settings
    ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    ADD COLUMN calendar_version BIGINT NOT NULL DEFAULT 0;
