DROP TABLE reception.intake_handling;
DROP TABLE reception.intake_trail;
DROP INDEX reception.intakes_emergencies;
DROP INDEX reception.intakes_by_owner;
ALTER TABLE reception.intakes DROP COLUMN owner_id;
