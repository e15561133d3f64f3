DROP INDEX repairs.work_orders_technician_day;
DROP TABLE repairs.photos;
