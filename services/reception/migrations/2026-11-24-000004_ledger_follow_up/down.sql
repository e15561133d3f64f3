DROP INDEX reception.intakes_due;
ALTER TABLE reception.intakes
    DROP COLUMN updated_by, DROP COLUMN closed_by, DROP COLUMN closed_at, DROP COLUMN satisfaction,
    DROP COLUMN result, DROP COLUMN told_via, DROP COLUMN told_at, DROP COLUMN downstream_result,
    DROP COLUMN downstream_closed_at, DROP COLUMN promised_by, DROP COLUMN due_at,
    DROP COLUMN resident_id, DROP COLUMN unit_id;
