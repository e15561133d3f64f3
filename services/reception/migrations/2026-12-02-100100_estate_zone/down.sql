ALTER TABLE reception.estates DROP COLUMN time_zone;
