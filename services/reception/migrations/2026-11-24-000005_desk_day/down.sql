DROP TABLE reception.records;
DROP TABLE reception.key_counts;
DROP TABLE reception.key_loans;
DROP TABLE reception.keys;
DROP TABLE reception.parcels;
DROP TABLE reception.shift_notes;
DROP TABLE reception.shifts;
DROP TABLE reception.visitors;
