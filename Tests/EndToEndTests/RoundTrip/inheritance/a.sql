CREATE TABLE stamped (created_at timestamptz DEFAULT now(), e integer);
CREATE TABLE notes (id int, body text, old int) INHERITS (stamped);
