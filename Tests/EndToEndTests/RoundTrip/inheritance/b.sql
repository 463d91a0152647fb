CREATE TABLE stamped (created_at timestamptz DEFAULT now());
CREATE TABLE notes (id int, body text) INHERITS (stamped);
ALTER TABLE notes ADD COLUMN e integer;
CREATE TABLE audited (who text, CONSTRAINT who_set CHECK (who <> '')) INHERITS (stamped);
