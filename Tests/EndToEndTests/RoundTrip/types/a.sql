CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE DOMAIN email AS text;
CREATE TYPE pair AS (a int, b text);
CREATE TABLE t (id int PRIMARY KEY, n posint);
