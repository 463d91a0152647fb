CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE DOMAIN posint AS integer NOT NULL DEFAULT 1 CONSTRAINT positive CHECK (VALUE > 0) CONSTRAINT small CHECK (VALUE < 1000000);
CREATE DOMAIN email AS text COLLATE nocase CHECK (VALUE LIKE '%@%');
CREATE TYPE pair AS (a int, b text, c boolean);
CREATE TYPE triple AS (x int, y int, z int);
CREATE TABLE t (id int PRIMARY KEY, n posint, contact email, p pair);
