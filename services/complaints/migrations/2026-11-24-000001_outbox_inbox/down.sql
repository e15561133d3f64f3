DROP TABLE complaints.inbox;
DROP TABLE complaints.outbox;
