CREATE TABLE measurement (city int, logdate date NOT NULL, peak int) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_2024 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2025-06-01');
CREATE TABLE measurement_2025 PARTITION OF measurement FOR VALUES FROM ('2025-06-01') TO ('2026-01-01') PARTITION BY LIST (city);
CREATE TABLE measurement_2025_a PARTITION OF measurement_2025 FOR VALUES IN (1, 2);
CREATE TABLE loose PARTITION OF measurement FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
CREATE INDEX measurement_logdate_idx ON measurement (logdate);
CREATE INDEX measurement_peak_idx ON measurement (peak);
CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE events_default PARTITION OF events DEFAULT;
