-- The month each charge is for (a management fee's month; otherwise the month it was raised,
-- Beijing time), and per estate and month what was charged and what of it is collected: the
-- read model behind the monthly summary, the collection rate and head office's ranking.
ALTER TABLE billing.charges ADD COLUMN period text;
UPDATE billing.charges SET period = CASE
    WHEN source = 'management_fee' THEN split_part(source_id, '/', 1)
    ELSE to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') END;
ALTER TABLE billing.charges ALTER COLUMN period SET NOT NULL;

CREATE TABLE billing.period_stats (
    group_id      uuid   NOT NULL,
    estate_id     uuid   NOT NULL,
    period        text   NOT NULL,
    charges       bigint NOT NULL DEFAULT 0,
    charged_fen   bigint NOT NULL DEFAULT 0,
    collected_fen bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, estate_id, period)
);
CREATE INDEX period_stats_by_period ON billing.period_stats (group_id, period);
CREATE INDEX charges_by_period ON billing.charges (group_id, estate_id, period);
INSERT INTO billing.period_stats (group_id, estate_id, period, charges, charged_fen, collected_fen)
SELECT group_id, estate_id, period, count(*), sum(amount_fen), sum(paid_fen)
FROM billing.charges GROUP BY group_id, estate_id, period;
