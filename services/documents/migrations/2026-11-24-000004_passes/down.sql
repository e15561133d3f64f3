DROP TABLE documents.passes;
DROP TABLE documents.pass_numbers;
