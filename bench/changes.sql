-- The 20 known changes the diff benchmark applies to bench_<n>_b (a copy of bench_<n>_a).
-- One line per change; bench/expected-changes.txt lists, in the same order, the (kind, name) that
-- `evermed-ops diff a b` must report for each. Valid for any n >= 100 (see bench/schema.sql).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
ALTER TABLE t_5 DROP COLUMN c_3;                                              -- column removed
ALTER TABLE t_6 ADD COLUMN c_extra text;                                      -- column added
ALTER TABLE t_7 ALTER COLUMN c_1 TYPE bigint;                                 -- column type integer -> bigint
ALTER TABLE t_8 ALTER COLUMN c_3 SET NOT NULL;                                -- column nullability
ALTER TABLE t_9 ALTER COLUMN c_6 SET DEFAULT true;                            -- column default
DROP INDEX t_10_c_2_idx;                                                      -- index removed
CREATE INDEX t_11_c_4_idx ON t_11 (c_4);                                      -- index added
ALTER TABLE t_12 DROP CONSTRAINT t_12_c_9_key;                                -- unique constraint removed
ALTER TABLE t_13 ADD CONSTRAINT t_13_c_1_check CHECK (c_1 >= 0);              -- check constraint added
ALTER TABLE t_14 DROP CONSTRAINT t_14_parent_id_fkey;                         -- foreign key removed
CREATE OR REPLACE VIEW v_20 AS SELECT id, c_3, c_4 FROM t_20 WHERE NOT c_6;   -- view definition changed
CREATE VIEW v_extra AS SELECT id, c_2 FROM t_1;                               -- view added
DROP FUNCTION f_calc_3(integer);                                              -- function removed
CREATE OR REPLACE FUNCTION f_calc_4(integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS 'BEGIN RETURN $1 * 40 + 2; END';  -- function body changed
CREATE TABLE t_new (id integer PRIMARY KEY, note text);                       -- table added
DROP TABLE t_30;                                                              -- table removed (no FK points at it)
ALTER TYPE mood_1 ADD VALUE 'ecstatic';                                       -- enum value added
DROP TRIGGER t_50_touch ON t_50;                                              -- trigger removed
CREATE SEQUENCE seq_extra;                                                    -- sequence added
ALTER TABLE t_16 DROP CONSTRAINT t_16_c_5_check, ADD CONSTRAINT t_16_c_5_check CHECK (c_5 >= 1);  -- check constraint changed
