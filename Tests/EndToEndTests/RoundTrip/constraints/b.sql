CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE);
CREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users (id) ON DELETE CASCADE, body text CHECK (length(body) < 10000));
CREATE TABLE refs_old (id int, old_id int);
CREATE INDEX posts_user_id_idx ON posts (user_id);
CREATE UNIQUE INDEX users_lower_email_idx ON users (lower(email)) WHERE email IS NOT NULL;
