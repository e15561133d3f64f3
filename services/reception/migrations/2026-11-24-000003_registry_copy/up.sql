-- Reception's copy of the registry, kept from documents.registry.v1: what the desk needs to
-- know who is calling and where they live. `version` is the registry's; older events never
-- overwrite newer ones.
CREATE TABLE reception.estates (
    group_id            uuid    NOT NULL,
    estate_id           uuid    NOT NULL,
    code                text    NOT NULL,
    name                text    NOT NULL,
    service_centre_name text    NOT NULL,
    greeting            text,
    business_hours      text    NOT NULL,
    active              boolean NOT NULL,
    version             integer NOT NULL,
    PRIMARY KEY (group_id, estate_id)
);

CREATE TABLE reception.units (
    group_id      uuid    NOT NULL,
    estate_id     uuid    NOT NULL,
    unit_id       uuid    NOT NULL,
    label         text    NOT NULL,
    building_name text    NOT NULL,
    status        text    NOT NULL,
    active        boolean NOT NULL,
    version       integer NOT NULL,
    PRIMARY KEY (group_id, estate_id, unit_id)
);
CREATE INDEX units_by_label ON reception.units (group_id, estate_id, label);

CREATE TABLE reception.residents (
    group_id    uuid    NOT NULL,
    estate_id   uuid    NOT NULL,
    resident_id uuid    NOT NULL,
    unit_id     uuid    NOT NULL,
    name        text    NOT NULL,
    phone       text,
    phone_alt   text,
    relation    text    NOT NULL,
    active      boolean NOT NULL,
    version     integer NOT NULL,
    PRIMARY KEY (group_id, estate_id, resident_id)
);
CREATE INDEX residents_by_unit ON reception.residents (group_id, estate_id, unit_id);
CREATE INDEX residents_by_phone ON reception.residents (group_id, phone);
