CREATE TYPE role AS ENUM ('patient', 'clinician', 'admin');
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE users (id int PRIMARY KEY, role role NOT NULL DEFAULT 'patient', roles role[], mood mood);
CREATE VIEW clinicians AS SELECT id FROM users WHERE role = 'clinician';
