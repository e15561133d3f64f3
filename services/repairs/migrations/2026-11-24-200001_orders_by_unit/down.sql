DROP INDEX repairs.work_orders_by_unit;
