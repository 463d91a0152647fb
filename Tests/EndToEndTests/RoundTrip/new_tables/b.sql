CREATE SCHEMA billing;
CREATE SEQUENCE billing.invoice_no START 1000 INCREMENT 5 CACHE 10;
CREATE TABLE users (id int PRIMARY KEY);
CREATE TABLE billing.invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number bigint NOT NULL DEFAULT nextval('billing.invoice_no'),
    user_id int NOT NULL REFERENCES users (id),
    net numeric(12,2) NOT NULL,
    gross numeric(12,2) GENERATED ALWAYS AS (net * 1.2) STORED,
    "Status" text NOT NULL DEFAULT 'open' CHECK ("Status" IN ('open', 'paid'))
);
ALTER SEQUENCE billing.invoice_no OWNED BY billing.invoices.number;
CREATE INDEX invoices_user_idx ON billing.invoices (user_id);
CREATE UNLOGGED TABLE scratch (k text PRIMARY KEY, v jsonb);
CREATE TABLE serials (id serial PRIMARY KEY, label text);
