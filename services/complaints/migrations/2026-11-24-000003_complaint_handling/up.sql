-- Handling a complaint from the first apology to the follow-up visit (客户投诉处理表).
ALTER TABLE complaints.complaints
    DROP CONSTRAINT complaints_status_check,
    ADD COLUMN complaint_type   text        NOT NULL DEFAULT 'other',
    ADD COLUMN validity         text        CHECK (validity IN ('valid', 'invalid')),
    ADD COLUMN department       text,
    ADD COLUMN assigned_at      timestamptz,
    ADD COLUMN deadline_at      timestamptz,
    ADD COLUMN reply_due        timestamptz,
    ADD COLUMN resolved_at      timestamptz,
    ADD COLUMN replied_at       timestamptz,
    ADD COLUMN satisfaction     text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
    ADD COLUMN closed_at        timestamptz,
    ADD COLUMN escalation_level integer     NOT NULL DEFAULT 0,
    ADD COLUMN reminded_at      timestamptz,
    -- Where, when, what the person asks for, the department's result, the reply and the
    -- follow-up in words: read with the complaint, never searched on.
    ADD COLUMN details          jsonb       NOT NULL DEFAULT '{}',
    ADD COLUMN month            date,
    ADD CONSTRAINT complaints_status_check
        CHECK (status IN ('received', 'assigned', 'resolved', 'replied', 'closed', 'reopened'));
UPDATE complaints.complaints SET month = date_trunc('month', created_at AT TIME ZONE 'Asia/Shanghai')::date WHERE month IS NULL;
ALTER TABLE complaints.complaints ALTER COLUMN month SET NOT NULL;
CREATE INDEX complaints_due ON complaints.complaints (deadline_at) WHERE status = 'assigned';
CREATE INDEX complaints_by_month ON complaints.complaints (group_id, estate_id, month, created_at);

-- Every step, who took it, and why.
CREATE TABLE complaints.trail (
    group_id     uuid        NOT NULL,
    estate_id    uuid        NOT NULL,
    complaint_id uuid        NOT NULL,
    seq          bigserial   NOT NULL,
    at           timestamptz NOT NULL,
    actor        uuid,
    action       text        NOT NULL,
    from_status  text,
    to_status    text,
    reason       text,
    details      jsonb       NOT NULL DEFAULT '{}',
    PRIMARY KEY (group_id, estate_id, complaint_id, seq)
);

-- The estate's business calendar and deadlines (defaults when absent).
CREATE TABLE complaints.estate_settings (
    group_id            uuid    NOT NULL,
    estate_id           uuid    NOT NULL,
    resolve_days        integer NOT NULL DEFAULT 2 CHECK (resolve_days BETWEEN 1 AND 30),
    resolve_days_by_type jsonb  NOT NULL DEFAULT '{}',
    remind_hours_before integer NOT NULL DEFAULT 4 CHECK (remind_hours_before BETWEEN 0 AND 72),
    working_weekdays    integer[] NOT NULL DEFAULT '{1,2,3,4,5}',
    holidays            date[]  NOT NULL DEFAULT '{}',
    extra_workdays      date[]  NOT NULL DEFAULT '{}',
    business_end        time    NOT NULL DEFAULT '18:00',
    departments         text[]  NOT NULL DEFAULT '{engineering,security,cleaning,greening,customer_service}',
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, estate_id)
);

-- Monthly statistics, kept as complaints move (a read model: no aggregation when asked).
CREATE TABLE complaints.stats (
    group_id            uuid    NOT NULL,
    -- The estate, or the nil UUID for the whole group.
    estate_id           uuid    NOT NULL,
    month               date    NOT NULL,
    complaint_type      text    NOT NULL,
    severity            text    NOT NULL,
    received            integer NOT NULL DEFAULT 0,
    valid               integer NOT NULL DEFAULT 0,
    invalid             integer NOT NULL DEFAULT 0,
    resolved            integer NOT NULL DEFAULT 0,
    on_time             integer NOT NULL DEFAULT 0,
    replied             integer NOT NULL DEFAULT 0,
    followed_up         integer NOT NULL DEFAULT 0,
    satisfied           integer NOT NULL DEFAULT 0,
    basically_satisfied integer NOT NULL DEFAULT 0,
    dissatisfied        integer NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, estate_id, month, complaint_type, severity)
);
