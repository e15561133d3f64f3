-- Finance's working days per estate: weekdays, less public holidays, plus the weekend days
-- worked instead (调休). Takings are due at finance by the next working day's 9:00.
CREATE TABLE billing.calendars (
    group_id     uuid   NOT NULL,
    estate_id    uuid   NOT NULL,
    holidays     date[] NOT NULL DEFAULT '{}',
    make_up_days date[] NOT NULL DEFAULT '{}',
    updated_by   uuid   NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (group_id, estate_id)
);
