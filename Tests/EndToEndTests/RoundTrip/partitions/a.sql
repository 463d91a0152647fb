CREATE TABLE measurement (city int, logdate date NOT NULL, peak int) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_2023 PARTITION OF measurement FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE measurement_2024 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX measurement_logdate_idx ON measurement (logdate);
CREATE TABLE events (id int, at date);
CREATE TABLE loose (city int, logdate date NOT NULL, peak int);
