DO $$ BEGIN CREATE ROLE evermed_rt_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE evermed_rt_writer NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE notes (id int PRIMARY KEY, body text);
GRANT SELECT ON notes TO evermed_rt_reader;
GRANT SELECT, INSERT, UPDATE ON notes TO evermed_rt_writer WITH GRANT OPTION;
CREATE FUNCTION hello() RETURNS text LANGUAGE sql AS $$ SELECT 'hi' $$;
REVOKE EXECUTE ON FUNCTION hello() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hello() TO evermed_rt_reader;
GRANT USAGE ON SCHEMA public TO evermed_rt_reader;
