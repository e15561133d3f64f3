-- Billing's copy of the estate calendar that documents publishes (newest version wins).
-- Finance's own table `billing.calendars` now holds only finance's exceptions to it.
CREATE TABLE billing.estate_calendars (
    group_id          uuid    NOT NULL,
    estate_id         uuid    NOT NULL,
    working_weekdays  integer[] NOT NULL,
    holidays          date[]  NOT NULL DEFAULT '{}',
    make_up_days      date[]  NOT NULL DEFAULT '{}',
    close_of_business time    NOT NULL,
    time_zone         text    NOT NULL,
    version           bigint  NOT NULL,
    PRIMARY KEY (group_id, estate_id)
);
