DROP TABLE documents.pass_trail;
