-- Schema version 3: TAXII sources Fusion pulls from.
CREATE TABLE sources (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL UNIQUE,
	url        TEXT    NOT NULL, -- API root (or discovery) URL
	collection TEXT    NOT NULL,
	username   TEXT    NOT NULL,
	password   TEXT    NOT NULL, -- sent to the partner: kept, not hashed
	owner      INTEGER NOT NULL, -- organisation the pulled objects belong to (0: none)
	every      INTEGER NOT NULL, -- seconds between pulls by serve (0: only by hand)
	cursor     INTEGER NOT NULL, -- last X-TAXII-Date-Added-Last stored (µs)
	last_run   INTEGER NOT NULL,
	last_error TEXT    NOT NULL
);

PRAGMA user_version = 3;
