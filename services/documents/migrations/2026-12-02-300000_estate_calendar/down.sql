DROP TABLE documents.estate_calendars;
ALTER TABLE documents.estates DROP COLUMN time_zone;
