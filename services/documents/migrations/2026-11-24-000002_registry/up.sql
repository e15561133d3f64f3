-- The estate registry: group → estate → building → unit → residents.
CREATE TABLE documents.estates (
    group_id            uuid        NOT NULL,
    estate_id           uuid        NOT NULL,
    code                text        NOT NULL,
    name                text        NOT NULL,
    service_centre_name text        NOT NULL,
    service_phone       text        NOT NULL,
    active              boolean     NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, estate_id),
    UNIQUE (group_id, code)
);

CREATE TABLE documents.buildings (
    group_id    uuid NOT NULL,
    estate_id   uuid NOT NULL,
    building_id uuid NOT NULL,
    name        text NOT NULL,
    PRIMARY KEY (group_id, estate_id, building_id),
    UNIQUE (group_id, estate_id, name),
    FOREIGN KEY (group_id, estate_id) REFERENCES documents.estates (group_id, estate_id)
);

CREATE TABLE documents.units (
    group_id      uuid    NOT NULL,
    estate_id     uuid    NOT NULL,
    unit_id       uuid    NOT NULL,
    building_id   uuid    NOT NULL,
    label         text    NOT NULL,
    floor         integer NOT NULL,
    area_centi_m2 bigint  NOT NULL CHECK (area_centi_m2 > 0),
    status        text    NOT NULL CHECK (status IN ('vacant', 'occupied', 'rented', 'decorating')),
    active        boolean NOT NULL DEFAULT true,
    PRIMARY KEY (group_id, estate_id, unit_id),
    UNIQUE (group_id, estate_id, label),
    FOREIGN KEY (group_id, estate_id, building_id) REFERENCES documents.buildings (group_id, estate_id, building_id)
);

CREATE TABLE documents.residents (
    group_id    uuid    NOT NULL,
    estate_id   uuid    NOT NULL,
    resident_id uuid    NOT NULL,
    unit_id     uuid    NOT NULL,
    name        text    NOT NULL,
    phone       text,
    relation    text    NOT NULL CHECK (relation IN ('owner', 'household', 'tenant')),
    active      boolean NOT NULL DEFAULT true,
    PRIMARY KEY (group_id, estate_id, resident_id),
    FOREIGN KEY (group_id, estate_id, unit_id) REFERENCES documents.units (group_id, estate_id, unit_id)
);
CREATE INDEX residents_by_unit ON documents.residents (group_id, estate_id, unit_id);
