DROP TABLE billing.unit_accounts;
