DROP TABLE billing.fee_schedules;
