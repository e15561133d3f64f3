DROP TABLE reception.intakes;
