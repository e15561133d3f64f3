-- Each estate's time zone, as the registry publishes it: the estate's dates ("today", "the
-- next day", "within a week") are read in it.
ALTER TABLE reception.estates ADD COLUMN time_zone text NOT NULL DEFAULT 'Asia/Shanghai';
