CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL DEFAULT 'anonymous', age bigint, score numeric DEFAULT 1, email text COLLATE "C", created_at timestamptz NOT NULL DEFAULT now());
CREATE VIEW adults AS SELECT id, name, age FROM users WHERE age >= 18;
CREATE VIEW adult_names AS SELECT name FROM adults;
