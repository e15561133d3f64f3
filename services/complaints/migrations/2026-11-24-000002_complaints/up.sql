-- Complaints (客户投诉处理表): one per complaint, from the desk's intake or opened directly.
CREATE TABLE complaints.complaints (
    group_id          uuid        NOT NULL,
    estate_id         uuid        NOT NULL,
    complaint_id      uuid        NOT NULL,
    complaint_no      text        NOT NULL,
    intake_id         uuid,
    severity          text        NOT NULL DEFAULT 'general' CHECK (severity IN ('general', 'major')),
    status            text        NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'assigned', 'resolved', 'replied', 'closed')),
    channel           text        NOT NULL,
    complainant_name  text,
    complainant_phone text,
    unit_label        text,
    description       text        NOT NULL,
    taken_by          uuid        NOT NULL,
    version           integer     NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, estate_id, complaint_id)
);
-- One complaint per intake, whatever the number of deliveries of the intake's event.
CREATE UNIQUE INDEX complaints_by_intake ON complaints.complaints (group_id, estate_id, intake_id) WHERE intake_id IS NOT NULL;
CREATE INDEX complaints_by_estate_time ON complaints.complaints (group_id, estate_id, created_at DESC, complaint_id);
