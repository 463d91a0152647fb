CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance int);
CREATE POLICY gone ON accounts USING (true);
CREATE POLICY owners ON accounts FOR SELECT USING (owner = current_user);
