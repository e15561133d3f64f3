DROP TABLE billing.estate_calendars;
