CREATE TYPE role AS ENUM ('patient', 'admin', 'auditor');
CREATE TYPE mood AS ENUM ('ecstatic', 'happy', 'meh', 'sad', 'angry');
CREATE TABLE users (id int PRIMARY KEY, role role NOT NULL DEFAULT 'patient', roles role[], mood mood DEFAULT 'meh');
CREATE VIEW admins AS SELECT id FROM users WHERE role = 'admin';
