DROP TABLE reception.residents;
DROP TABLE reception.units;
DROP TABLE reception.estates;
