DROP TABLE reception.inbox;
DROP TABLE reception.outbox;
