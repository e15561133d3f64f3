DROP TABLE repairs.estate_month_stats;
