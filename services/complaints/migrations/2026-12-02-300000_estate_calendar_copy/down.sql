ALTER TABLE complaints.estate_settings
    DROP COLUMN calendar_version,
    DROP COLUMN time_zone;
