DROP TABLE repairs.photos;
