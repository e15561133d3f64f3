DROP INDEX complaints.stats_by_group_month;
