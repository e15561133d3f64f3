-- Each estate's time zone, as the registry publishes it (documents.registry.v1): where the
-- estate's dates are read (an order's number, the next day, within a week, the month a figure
-- belongs to). Asia/Shanghai for an estate not copied yet. The newest registry version wins.
CREATE TABLE repairs.estate_zones (
    group_id    uuid   NOT NULL,
    estate_id   uuid   NOT NULL,
    time_zone   text   NOT NULL,
    registry_at bigint NOT NULL,
    PRIMARY KEY (group_id, estate_id)
);
