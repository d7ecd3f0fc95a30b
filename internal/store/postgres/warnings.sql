-- Versions whose observable values are on warning lists (the SQLite
-- store's warnings.sql has the comments); idempotent.
CREATE TABLE IF NOT EXISTS warned (
	added bigint NOT NULL,
	list  text   NOT NULL,
	PRIMARY KEY (added, list)
);
