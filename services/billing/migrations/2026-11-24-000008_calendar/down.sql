DROP TABLE billing.calendars;
