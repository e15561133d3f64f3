-- A pass with a fee or a deposit is pending until finance's receipt exists (凭财务部收据方可领证):
-- billing announces its charges paid, and the pass becomes active.
ALTER TABLE documents.passes DROP CONSTRAINT passes_status_check;
ALTER TABLE documents.passes ADD CONSTRAINT passes_status_check
    CHECK (status IN ('pending', 'active', 'returned'));
ALTER TABLE documents.passes ADD COLUMN paid_receipt_no text;
ALTER TABLE documents.passes ADD COLUMN paid_at timestamptz;
