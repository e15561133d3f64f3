-- Head office reads every estate's month at once.
CREATE INDEX stats_by_group_month ON complaints.stats (group_id, month);
