DELETE FROM repairs.estate_month_stats WHERE dim = 'follow_up_due';
ALTER TABLE repairs.estate_month_stats DROP CONSTRAINT estate_month_stats_dim_check;
ALTER TABLE repairs.estate_month_stats ADD CONSTRAINT estate_month_stats_dim_check
    CHECK (dim IN ('estate', 'kind', 'technician'));
ALTER TABLE repairs.estate_month_stats
    DROP COLUMN follow_up_late,
    DROP COLUMN awaiting_follow_up;
