DROP TABLE documents.inbox;
DROP TABLE documents.outbox;
