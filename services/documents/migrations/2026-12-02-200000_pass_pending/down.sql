ALTER TABLE documents.passes DROP COLUMN paid_at;
ALTER TABLE documents.passes DROP COLUMN paid_receipt_no;
UPDATE documents.passes SET status = 'active' WHERE status = 'pending';
ALTER TABLE documents.passes DROP CONSTRAINT passes_status_check;
ALTER TABLE documents.passes ADD CONSTRAINT passes_status_check
    CHECK (status IN ('active', 'returned'));
