DROP TABLE repairs.estate_zones;
