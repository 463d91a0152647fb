CREATE TABLE sales (id int PRIMARY KEY, region text, amount int);
CREATE MATERIALIZED VIEW by_region AS SELECT region, sum(amount) AS total FROM sales GROUP BY region;
CREATE UNIQUE INDEX by_region_idx ON by_region (region);
