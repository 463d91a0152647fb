-- Synthetic schema for the diff benchmark: `psql -v n=1000 -f bench/schema.sql` into an empty database.
--
-- For i in 1..n, table public.t_i has:
--   id            integer primary key, or (every 3rd table) bigint generated always as identity
--   parent_id     FK "t_i_parent_id_fkey" to t_(i-1), except on t_1, t_11, t_21, …
--                 (so t_10, t_20, t_30, … are referenced by no other table)
--   c_1 integer, c_2 bigint, c_3 text, c_4 varchar(64), c_5 numeric(10,2) CHECK "t_i_c_5_check" (c_5 >= 0),
--   c_6 boolean NOT NULL DEFAULT false, c_7 timestamptz NOT NULL DEFAULT now(), c_8 jsonb,
--   c_9 uuid UNIQUE "t_i_c_9_key", c_10 mood_(i % 5) (an enum)
--   index "t_i_c_2_idx" (c_2); every 4th table also "t_i_c_7_idx" (c_7 DESC)
-- and: every 20th table a view public.v_i; every 50th a trigger "t_i_touch" (BEFORE UPDATE, touch_row());
-- every 10th a function public.f_calc_(i/10)(integer) (SQL or PL/pgSQL, alternately).
-- With -v dense=1 (the dense case), every table also gets indexes "t_i_c_1_idx" (c_1) and "t_i_c_7_idx" and the
-- check "t_i_c_1_nonneg" (c_1 >= 0): five indexes (with the primary key's and the unique one's) and about five
-- constraints a table — at 3,000 tables 15,000 indexes and 14,700 constraints.
-- Tables are made in batches of 200, one transaction each, to stay within the lock table.
\set ON_ERROR_STOP 1
\if :{?dense}
\else
\set dense 0
\endif
SET client_min_messages = warning;

CREATE TYPE mood_0 AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE mood_1 AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE mood_2 AS ENUM ('low', 'medium', 'high');
CREATE TYPE mood_3 AS ENUM ('new', 'active', 'archived');
CREATE TYPE mood_4 AS ENUM ('a', 'b', 'c', 'd');

CREATE FUNCTION touch_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.c_7 := now();
    RETURN NEW;
END
$$;

CREATE SCHEMA bench_gen;

CREATE FUNCTION bench_gen.make_table(i integer, dense boolean) RETURNS void LANGUAGE plpgsql AS $gen$
DECLARE
    t text := 't_' || i;
    id_col text := CASE WHEN i % 3 = 0 THEN 'id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY'
                        ELSE 'id integer PRIMARY KEY' END;
    parent_type text := CASE WHEN (i - 1) % 3 = 0 THEN 'bigint' ELSE 'integer' END;
    fk_col text := '';
BEGIN
    IF i % 10 <> 1 THEN
        fk_col := format(', parent_id %s CONSTRAINT %I REFERENCES %I (id)', parent_type, t || '_parent_id_fkey', 't_' || (i - 1));
    END IF;
    EXECUTE format($sql$
        CREATE TABLE %1$I (
            %2$s%3$s,
            c_1 integer,
            c_2 bigint,
            c_3 text,
            c_4 varchar(64),
            c_5 numeric(10,2) CONSTRAINT %4$I CHECK (c_5 >= 0),
            c_6 boolean NOT NULL DEFAULT false,
            c_7 timestamptz NOT NULL DEFAULT now(),
            c_8 jsonb,
            c_9 uuid CONSTRAINT %5$I UNIQUE,
            c_10 %6$I
        )$sql$, t, id_col, fk_col, t || '_c_5_check', t || '_c_9_key', 'mood_' || (i % 5));
    EXECUTE format('CREATE INDEX %I ON %I (c_2)', t || '_c_2_idx', t);
    IF dense THEN
        EXECUTE format('CREATE INDEX %I ON %I (c_1)', t || '_c_1_idx', t);
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (c_1 >= 0)', t, t || '_c_1_nonneg');
    END IF;
    IF i % 4 = 0 OR dense THEN
        EXECUTE format('CREATE INDEX %I ON %I (c_7 DESC)', t || '_c_7_idx', t);
    END IF;
    IF i % 20 = 0 THEN
        EXECUTE format('CREATE VIEW %I AS SELECT id, c_3, c_4 FROM %I WHERE c_6', 'v_' || i, t);
    END IF;
    IF i % 50 = 0 THEN
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION touch_row()', t || '_touch', t);
    END IF;
    IF i % 10 = 0 THEN
        IF (i / 10) % 2 = 1 THEN
            EXECUTE format('CREATE FUNCTION %I(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS %L',
                           'f_calc_' || (i / 10), format('SELECT $1 * %s + 1', i / 10));
        ELSE
            EXECUTE format('CREATE FUNCTION %I(integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS %L',
                           'f_calc_' || (i / 10), format('BEGIN RETURN $1 * %s + 2; END', i / 10));
        END IF;
    END IF;
END
$gen$;

\o /dev/null
SELECT format('SELECT bench_gen.make_table(g, %L) FROM generate_series(%s, %s) AS g', :dense::int = 1, s, least(s + 199, :n))
FROM generate_series(1, :n, 200) AS s
\gexec
\o

DROP SCHEMA bench_gen CASCADE;
ANALYZE;
