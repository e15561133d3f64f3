DROP TABLE repairs.work_orders;
