DROP TABLE reception.desk_staff;
