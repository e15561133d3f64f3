-- A deposit goes back the way it came in: only its cash part leaves the drawer.
ALTER TABLE billing.deposits ADD COLUMN refund_cash_fen bigint NOT NULL DEFAULT 0 CHECK (refund_cash_fen >= 0);
UPDATE billing.deposits SET refund_cash_fen = amount_fen WHERE status = 'refunded' AND refund_method = 'cash';
