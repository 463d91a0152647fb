CREATE TABLE users (id int PRIMARY KEY, name varchar(50), age int, legacy text, score numeric DEFAULT 0);
CREATE VIEW adults AS SELECT id, name, age FROM users WHERE age >= 18;
CREATE VIEW adult_names AS SELECT name FROM adults;
