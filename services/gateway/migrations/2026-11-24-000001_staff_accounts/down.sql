DROP TABLE identity.staff_accounts;
