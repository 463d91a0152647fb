CREATE TABLE sales (id int PRIMARY KEY, region varchar(20), amount bigint);
CREATE MATERIALIZED VIEW by_region AS SELECT region, sum(amount) AS total, count(*) AS n FROM sales GROUP BY region;
CREATE UNIQUE INDEX by_region_idx ON by_region (region);
CREATE INDEX by_region_total_idx ON by_region (total);
