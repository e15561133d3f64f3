DROP TABLE repairs.inbox;
DROP TABLE repairs.outbox;
