CREATE TABLE users (id int PRIMARY KEY, email text);
CREATE TABLE posts (id int PRIMARY KEY, user_id int, body text);
CREATE TABLE old (id int PRIMARY KEY);
CREATE TABLE refs_old (id int, old_id int REFERENCES old (id));
