-- Schema version 4: versions whose observable values are on warning lists
-- (benign or useless values: public resolvers, documentation ranges…).
CREATE TABLE warned (
	added INTEGER NOT NULL,
	list  TEXT    NOT NULL,
	PRIMARY KEY (added, list)
) WITHOUT ROWID;

PRAGMA user_version = 4;
