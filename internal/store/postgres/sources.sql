-- TAXII sources Fusion pulls from (the SQLite store's sources.sql has the comments); idempotent.
CREATE TABLE IF NOT EXISTS sources (
	id         bigserial PRIMARY KEY,
	name       text    NOT NULL UNIQUE,
	url        text    NOT NULL, -- API root (or discovery) URL
	collection text    NOT NULL,
	username   text    NOT NULL,
	password   text    NOT NULL, -- sent to the partner: kept, not hashed
	owner      bigint  NOT NULL, -- organisation the pulled objects belong to (0: none)
	every      bigint  NOT NULL, -- seconds between pulls by serve (0: only by hand)
	cursor     bigint  NOT NULL, -- last X-TAXII-Date-Added-Last stored (µs)
	last_run   bigint  NOT NULL,
	last_error text    NOT NULL
);

