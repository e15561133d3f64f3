DROP TABLE repairs.estate_settings;
