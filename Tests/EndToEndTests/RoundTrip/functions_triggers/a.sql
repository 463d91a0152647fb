CREATE TABLE items (id int PRIMARY KEY, updated_at timestamptz, price int);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
CREATE FUNCTION old_helper(a int) RETURNS int LANGUAGE sql AS $$ SELECT a + 1 $$;
