ALTER TABLE billing.deposits DROP COLUMN refund_cash_fen;
