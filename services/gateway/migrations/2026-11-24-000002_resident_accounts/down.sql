DROP TABLE identity.resident_accounts;
