-- Following each intake to closure: who and where it concerns, the answer or the promise,
-- the downstream item's closing, telling the person, and closing (注销).
ALTER TABLE reception.intakes
    ADD COLUMN unit_id              uuid,
    ADD COLUMN resident_id          uuid,
    ADD COLUMN due_at               timestamptz,
    ADD COLUMN promised_by          timestamptz,
    ADD COLUMN downstream_closed_at timestamptz,
    ADD COLUMN downstream_result    text,
    ADD COLUMN told_at              timestamptz,
    ADD COLUMN told_via             text,
    ADD COLUMN result               text,
    ADD COLUMN satisfaction         text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
    ADD COLUMN closed_at            timestamptz,
    ADD COLUMN closed_by            uuid,
    ADD COLUMN updated_by           uuid;
UPDATE reception.intakes SET due_at = created_at + interval '1 day' WHERE due_at IS NULL;
CREATE INDEX intakes_due ON reception.intakes (group_id, estate_id, due_at) WHERE status <> 'closed';
