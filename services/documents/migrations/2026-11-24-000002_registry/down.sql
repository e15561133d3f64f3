DROP TABLE documents.residents;
DROP TABLE documents.units;
DROP TABLE documents.buildings;
DROP TABLE documents.estates;
