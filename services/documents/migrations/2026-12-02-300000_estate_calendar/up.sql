-- The estate's time zone, and the estate calendar every service counts working days on.
ALTER TABLE documents.estates ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai';

CREATE TABLE documents.estate_calendars (
    group_id UUID NOT NULL,
    estate_id UUID NOT NULL,
    -- ISO weekdays worked, Monday = 1.
    working_weekdays INTEGER[] NOT NULL DEFAULT '{1,2,3,4,5}',
    holidays DATE[] NOT NULL DEFAULT '{}',
    -- Days worked although their weekday is not (调休).
    make_up_days DATE[] NOT NULL DEFAULT '{}',
    close_of_business TIME NOT NULL DEFAULT '18:00',
    version INTEGER NOT NULL DEFAULT 1,
    updated_by UUID,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (group_id, estate_id),
    FOREIGN KEY (group_id, estate_id) REFERENCES documents.estates (group_id, estate_id)
);
