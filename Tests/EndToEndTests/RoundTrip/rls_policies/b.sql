CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance int);
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY owners ON accounts AS RESTRICTIVE FOR SELECT USING (owner = current_user);
CREATE POLICY writers ON accounts FOR INSERT TO postgres WITH CHECK (balance >= 0);
CREATE POLICY "Managers" ON accounts FOR UPDATE USING (owner = current_user) WITH CHECK (owner IS NOT NULL);
