DROP TABLE billing.inbox;
DROP TABLE billing.outbox;
