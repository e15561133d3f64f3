DROP TABLE repairs.units;
