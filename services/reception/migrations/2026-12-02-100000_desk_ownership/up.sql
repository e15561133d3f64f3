-- 首问责任制: every entry has one owner at a time, who passes it on only explicitly (the
-- shift handover, a supervisor's reassignment); the trail keeps who owned it when and every
-- note others of the desk added.
ALTER TABLE reception.intakes ADD COLUMN owner_id uuid;
UPDATE reception.intakes SET owner_id = taken_by WHERE owner_id IS NULL;
ALTER TABLE reception.intakes ALTER COLUMN owner_id SET NOT NULL;
CREATE INDEX intakes_by_owner ON reception.intakes (group_id, estate_id, owner_id) WHERE status <> 'closed';
CREATE INDEX intakes_emergencies ON reception.intakes (group_id, estate_id, created_at)
    WHERE category = 'emergency' AND status <> 'closed';

CREATE TABLE reception.intake_trail (
    group_id  uuid        NOT NULL,
    estate_id uuid        NOT NULL,
    step_id   uuid        NOT NULL,
    intake_id uuid        NOT NULL,
    at        timestamptz NOT NULL,
    actor     uuid        NOT NULL,
    action    text        NOT NULL CHECK (action IN ('taken', 'note', 'handed_over', 'reassigned',
                                                     'referred', 'outcome', 'handled', 'closed')),
    -- The owner once this step was taken.
    owner_id  uuid        NOT NULL,
    note      text,
    PRIMARY KEY (group_id, estate_id, step_id),
    FOREIGN KEY (group_id, estate_id, intake_id) REFERENCES reception.intakes (group_id, estate_id, intake_id)
);
CREATE INDEX intake_trail_by_intake ON reception.intake_trail (group_id, estate_id, intake_id, at);
INSERT INTO reception.intake_trail (group_id, estate_id, step_id, intake_id, at, actor, action, owner_id)
SELECT group_id, estate_id, gen_random_uuid(), intake_id, created_at, taken_by, 'taken', taken_by
FROM reception.intakes;

-- What happened to an entry beyond the ledger's own columns: an emergency's work done (it
-- leaves the top of the lists), praise passed to the staff member's record and suggestions to
-- the estate manager or HQ, with what was done with them.
CREATE TABLE reception.intake_handling (
    group_id         uuid NOT NULL,
    estate_id        uuid NOT NULL,
    intake_id        uuid NOT NULL,
    handled_at       timestamptz,
    referred_to      text CHECK (referred_to IN ('staff_record', 'estate_manager', 'hq')),
    referral_subject text,
    referred_at      timestamptz,
    referred_by      uuid,
    outcome          text,
    outcome_by       uuid,
    outcome_at       timestamptz,
    PRIMARY KEY (group_id, estate_id, intake_id),
    FOREIGN KEY (group_id, estate_id, intake_id) REFERENCES reception.intakes (group_id, estate_id, intake_id)
);
