-- Fusion's PostgreSQL store; the same tables as the SQLite store, with
-- full text as a tsvector index over objects.search. Times are microseconds
-- since the Unix epoch.
CREATE TABLE IF NOT EXISTS objects (
	added        bigint   PRIMARY KEY,
	idh          bigint   NOT NULL, -- 64-bit hash of id (sqlstore.Key)
	id           text     NOT NULL,
	type         text     NOT NULL,
	version      bigint   NOT NULL,
	spec_version text     NOT NULL,
	revoked      smallint NOT NULL,
	latest       smallint NOT NULL,
	source       text     NOT NULL,
	hash         bytea    NOT NULL,
	raw          bytea    NOT NULL,
	search       text     NOT NULL,
	-- A stored tsvector (not an expression index): the planner keeps
	-- statistics of its words, so it can tell a rare word (use the GIN
	-- index) from a common one (walk objects newest first), and filtering
	-- never re-parses the text.
	tsv          tsvector GENERATED ALWAYS AS (to_tsvector('simple', search)) STORED
);
CREATE INDEX IF NOT EXISTS objects_id_version ON objects (idh, version);
CREATE INDEX IF NOT EXISTS objects_type_added ON objects (type, added);
CREATE INDEX IF NOT EXISTS objects_tsv ON objects USING gin (tsv);

CREATE TABLE IF NOT EXISTS observables (
	vh    bigint NOT NULL, -- 64-bit hash of value (sqlstore.Key)
	added bigint NOT NULL,
	kind  text   NOT NULL,
	value text   NOT NULL
);
CREATE INDEX IF NOT EXISTS observables_vh ON observables (vh);

CREATE TABLE IF NOT EXISTS refs (
	src   text   NOT NULL,
	dst   text   NOT NULL,
	kind  text   NOT NULL,
	added bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS refs_src ON refs (src);
CREATE INDEX IF NOT EXISTS refs_dst ON refs (dst);

CREATE TABLE IF NOT EXISTS provenance (
	added  bigint NOT NULL,
	source text   NOT NULL,
	at     bigint NOT NULL,
	PRIMARY KEY (added, source)
);
