DROP INDEX complaints.complaints_by_unit;
