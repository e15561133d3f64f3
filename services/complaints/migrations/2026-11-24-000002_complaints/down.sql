DROP TABLE complaints.complaints;
