DROP TABLE repairs.after_sales_weeks;
