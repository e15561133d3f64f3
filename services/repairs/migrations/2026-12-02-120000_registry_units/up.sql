-- The registry's units (from documents.registry.v1): paid work is billed only to a unit the
-- registry has. The newest registry version of a unit wins.
CREATE TABLE repairs.units (
    group_id    uuid    NOT NULL,
    estate_id   uuid    NOT NULL,
    unit_id     uuid    NOT NULL,
    unit_label  text    NOT NULL,
    active      boolean NOT NULL,
    registry_at bigint  NOT NULL,
    PRIMARY KEY (group_id, estate_id, unit_id)
);
CREATE INDEX units_by_label ON repairs.units (group_id, estate_id, unit_label);
