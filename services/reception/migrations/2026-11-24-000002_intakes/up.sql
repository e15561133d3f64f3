-- The visit and call ledger (客户来电来访登记表): every contact, whatever its channel.
CREATE TABLE reception.intakes (
    group_id        uuid        NOT NULL,
    estate_id       uuid        NOT NULL,
    intake_id       uuid        NOT NULL,
    channel         text        NOT NULL CHECK (channel IN ('phone', 'visit', 'letter', 'email', 'web', 'patrol')),
    category        text        NOT NULL CHECK (category IN ('inquiry', 'help', 'repair', 'paid_service', 'complaint',
                                                             'after_sales', 'praise', 'suggestion', 'emergency', 'other')),
    caller_name     text,
    caller_phone    text,
    unit_label      text,
    request         text        NOT NULL,
    taken_by        uuid        NOT NULL,
    status          text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'forwarded', 'closed')),
    downstream_kind text        CHECK (downstream_kind IN ('complaint', 'work_order')),
    downstream_id   uuid,
    downstream_no   text,
    idempotency_key text,
    version         integer     NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, estate_id, intake_id)
);
CREATE INDEX intakes_by_estate_time ON reception.intakes (group_id, estate_id, created_at DESC, intake_id);
CREATE INDEX intakes_open ON reception.intakes (group_id, estate_id, created_at) WHERE status <> 'closed';
CREATE UNIQUE INDEX intakes_idempotency ON reception.intakes (group_id, estate_id, taken_by, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
