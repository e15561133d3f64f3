-- What a unit is charged, what is paid, and how each payment was allocated.
CREATE TABLE billing.charges (
    group_id    uuid        NOT NULL,
    estate_id   uuid        NOT NULL,
    charge_id   uuid        NOT NULL,
    unit_label  text        NOT NULL,
    -- Where the charge comes from: a work order, a pass, a management-fee run, the desk.
    source      text        NOT NULL CHECK (source IN ('work_order', 'special_service', 'pass', 'management_fee', 'desk')),
    -- The source's own id: one charge per source, however often its event arrives.
    source_id   text        NOT NULL,
    description text        NOT NULL,
    amount_fen  bigint      NOT NULL CHECK (amount_fen > 0),
    paid_fen    bigint      NOT NULL DEFAULT 0 CHECK (paid_fen >= 0 AND paid_fen <= amount_fen),
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (group_id, estate_id, charge_id),
    UNIQUE (group_id, estate_id, source, source_id)
);
CREATE INDEX charges_open_by_unit ON billing.charges (group_id, estate_id, unit_label, created_at) WHERE paid_fen < amount_fen;

CREATE TABLE billing.payments (
    group_id   uuid        NOT NULL,
    estate_id  uuid        NOT NULL,
    payment_id uuid        NOT NULL,
    unit_label text        NOT NULL,
    method     text        NOT NULL CHECK (method IN ('cash', 'card', 'bank_transfer', 'wechat', 'alipay')),
    amount_fen bigint      NOT NULL CHECK (amount_fen > 0),
    receipt_no text        NOT NULL,
    cashier    uuid        NOT NULL,
    taken_at   timestamptz NOT NULL,
    PRIMARY KEY (group_id, estate_id, payment_id),
    UNIQUE (group_id, estate_id, receipt_no)
);

CREATE TABLE billing.allocations (
    group_id   uuid   NOT NULL,
    estate_id  uuid   NOT NULL,
    payment_id uuid   NOT NULL,
    charge_id  uuid   NOT NULL,
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    PRIMARY KEY (group_id, estate_id, payment_id, charge_id)
);

-- Gap-free receipt numbers per estate and year: the next number is taken in the payment's transaction.
CREATE TABLE billing.receipt_counters (
    group_id  uuid    NOT NULL,
    estate_id uuid    NOT NULL,
    year      integer NOT NULL,
    last_no   integer NOT NULL,
    PRIMARY KEY (group_id, estate_id, year)
);
