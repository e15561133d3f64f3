DROP TABLE billing.receipt_counters;
DROP TABLE billing.allocations;
DROP TABLE billing.payments;
DROP TABLE billing.charges;
