DROP INDEX billing.charges_one_per_work_order;
