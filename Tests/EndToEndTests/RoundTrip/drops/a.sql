CREATE SCHEMA archive;
CREATE TABLE archive.old_events (id int PRIMARY KEY, payload text);
CREATE TABLE users (id int PRIMARY KEY);
CREATE TABLE sessions (id int PRIMARY KEY, user_id int REFERENCES users (id));
CREATE SEQUENCE stray;
CREATE TYPE status AS ENUM ('a', 'b');
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE VIEW v AS SELECT id FROM sessions;
