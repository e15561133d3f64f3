-- The rest of the desk's day. Every record keeps who did what and when.

-- 访客登记
CREATE TABLE reception.visitors (
    group_id      uuid        NOT NULL,
    estate_id     uuid        NOT NULL,
    visitor_id    uuid        NOT NULL,
    name          text        NOT NULL,
    company       text,
    phone         text,
    visiting      text        NOT NULL,
    unit_id       uuid,
    unit_label    text,
    purpose       text,
    arrived_at    timestamptz NOT NULL,
    signed_in_by  uuid        NOT NULL,
    left_at       timestamptz,
    signed_out_by uuid,
    PRIMARY KEY (group_id, estate_id, visitor_id)
);
CREATE INDEX visitors_by_time ON reception.visitors (group_id, estate_id, arrived_at DESC);
CREATE INDEX visitors_on_site ON reception.visitors (group_id, estate_id, arrived_at) WHERE left_at IS NULL;

-- 交接班 and 工作日志
CREATE TABLE reception.shifts (
    group_id        uuid        NOT NULL,
    estate_id       uuid        NOT NULL,
    shift_id        uuid        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('day', 'night')),
    status          text        NOT NULL CHECK (status IN ('open', 'handed_over', 'acknowledged')),
    opened_by       uuid        NOT NULL,
    opened_at       timestamptz NOT NULL,
    handed_over_by  uuid,
    handed_over_at  timestamptz,
    -- What was handed over: the open intakes and the notes, as the outgoing shift saw them.
    handover        jsonb,
    acknowledged_by uuid,
    acknowledged_at timestamptz,
    PRIMARY KEY (group_id, estate_id, shift_id)
);
-- One open shift per estate at a time.
CREATE UNIQUE INDEX shifts_one_open ON reception.shifts (group_id, estate_id) WHERE status = 'open';
CREATE INDEX shifts_by_time ON reception.shifts (group_id, estate_id, opened_at DESC);

CREATE TABLE reception.shift_notes (
    group_id   uuid        NOT NULL,
    estate_id  uuid        NOT NULL,
    note_id    uuid        NOT NULL,
    shift_id   uuid        NOT NULL,
    body       text        NOT NULL,
    important  boolean     NOT NULL DEFAULT false,
    created_by uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (group_id, estate_id, note_id),
    FOREIGN KEY (group_id, estate_id, shift_id) REFERENCES reception.shifts (group_id, estate_id, shift_id)
);
CREATE INDEX shift_notes_by_shift ON reception.shift_notes (group_id, estate_id, shift_id, created_at);

-- 信件、挂号、快递、包裹
CREATE TABLE reception.parcels (
    group_id          uuid        NOT NULL,
    estate_id         uuid        NOT NULL,
    parcel_id         uuid        NOT NULL,
    kind              text        NOT NULL CHECK (kind IN ('letter', 'registered', 'express', 'parcel')),
    carrier           text,
    tracking_no       text,
    recipient_name    text        NOT NULL,
    unit_id           uuid,
    unit_label        text,
    damage_note       text,
    status            text        NOT NULL CHECK (status IN ('held', 'collected', 'returned')),
    received_at       timestamptz NOT NULL,
    received_by       uuid        NOT NULL,
    notified_at       timestamptz,
    notify_count      integer     NOT NULL DEFAULT 0,
    collected_at      timestamptz,
    collector_name    text,
    collector_signature text,
    handed_over_by    uuid,
    returned_at       timestamptz,
    returned_by       uuid,
    return_reason     text,
    PRIMARY KEY (group_id, estate_id, parcel_id)
);
CREATE INDEX parcels_held ON reception.parcels (group_id, estate_id, received_at) WHERE status = 'held';
CREATE INDEX parcels_by_time ON reception.parcels (group_id, estate_id, received_at DESC);

-- 钥匙
CREATE TABLE reception.keys (
    group_id   uuid        NOT NULL,
    estate_id  uuid        NOT NULL,
    key_id     uuid        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('vacant_unit', 'owner_entrusted', 'plant_room', 'other')),
    label      text        NOT NULL,
    building   text,
    floor      integer,
    unit_id    uuid,
    active     boolean     NOT NULL DEFAULT true,
    created_by uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (group_id, estate_id, key_id),
    UNIQUE (group_id, estate_id, label)
);

CREATE TABLE reception.key_loans (
    group_id        uuid        NOT NULL,
    estate_id       uuid        NOT NULL,
    loan_id         uuid        NOT NULL,
    key_id          uuid        NOT NULL,
    borrower_name   text        NOT NULL,
    borrower_phone  text,
    outsider        boolean     NOT NULL,
    -- Outsiders show an ID and leave a deposit; only the last four characters are kept.
    borrower_id_last4 text,
    deposit_fen     bigint      NOT NULL DEFAULT 0 CHECK (deposit_fen >= 0),
    signature       text        NOT NULL,
    purpose         text,
    lent_at         timestamptz NOT NULL,
    lent_by         uuid        NOT NULL,
    due_at          timestamptz NOT NULL,
    returned_at     timestamptz,
    returned_to     uuid,
    PRIMARY KEY (group_id, estate_id, loan_id),
    FOREIGN KEY (group_id, estate_id, key_id) REFERENCES reception.keys (group_id, estate_id, key_id),
    CHECK (NOT outsider OR (borrower_id_last4 IS NOT NULL AND deposit_fen > 0))
);
-- A key is lent to one borrower at a time.
CREATE UNIQUE INDEX key_loans_one_out ON reception.key_loans (group_id, estate_id, key_id) WHERE returned_at IS NULL;

CREATE TABLE reception.key_counts (
    group_id   uuid        NOT NULL,
    estate_id  uuid        NOT NULL,
    count_id   uuid        NOT NULL,
    counted_by uuid        NOT NULL,
    counted_at timestamptz NOT NULL,
    total      integer     NOT NULL,
    present    integer     NOT NULL,
    lent       integer     NOT NULL,
    -- Keys neither present nor on loan.
    missing    jsonb       NOT NULL,
    PRIMARY KEY (group_id, estate_id, count_id)
);

-- 失物招领, 豢养宠物登记, 重大事件记录
CREATE TABLE reception.records (
    group_id    uuid        NOT NULL,
    estate_id   uuid        NOT NULL,
    record_id   uuid        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('lost_property', 'pet', 'incident')),
    title       text        NOT NULL,
    details     jsonb       NOT NULL,
    status      text        NOT NULL,
    unit_id     uuid,
    occurred_at timestamptz NOT NULL,
    created_by  uuid        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_by  uuid,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (group_id, estate_id, record_id)
);
CREATE INDEX records_by_kind_time ON reception.records (group_id, estate_id, kind, occurred_at DESC);
