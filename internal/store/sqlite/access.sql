-- Schema version 2: sharing. Applied after schema.sql, to new databases and
-- to version 1 databases alike (Open runs it in one transaction).

-- Each version's label (access.Label): owner organisation, TLP level
-- (0 clear … 4 red) and sharing group (0 none, -1 several: see
-- object_groups). Versions stored before sharing existed are AMBER with no
-- owner: the centre sees them, nobody else.
ALTER TABLE objects ADD COLUMN owner INTEGER NOT NULL DEFAULT 0;
ALTER TABLE objects ADD COLUMN tlp   INTEGER NOT NULL DEFAULT 2;
ALTER TABLE objects ADD COLUMN grp   INTEGER NOT NULL DEFAULT 0;

-- The groups of versions labelled with several (objects.grp = -1).
CREATE TABLE object_groups (
	added INTEGER NOT NULL,
	grp   INTEGER NOT NULL,
	PRIMARY KEY (added, grp)
) WITHOUT ROWID;

-- Organisations that sent a version after its owner did (they see it too).
CREATE TABLE senders (
	added INTEGER NOT NULL,
	org   INTEGER NOT NULL,
	PRIMARY KEY (added, org)
) WITHOUT ROWID;

CREATE TABLE orgs (
	id      INTEGER PRIMARY KEY,
	name    TEXT    NOT NULL UNIQUE,
	kind    TEXT    NOT NULL,
	country TEXT    NOT NULL,
	tlp     INTEGER NOT NULL,
	created INTEGER NOT NULL
);
CREATE UNIQUE INDEX orgs_one_centre ON orgs (kind) WHERE kind = 'centre';

-- API keys: the SHA-256 of the token, never the token.
CREATE TABLE keys (
	id      TEXT    PRIMARY KEY,
	org     INTEGER NOT NULL,
	role    TEXT    NOT NULL,
	name    TEXT    NOT NULL,
	hash    BLOB    NOT NULL,
	created INTEGER NOT NULL,
	expires INTEGER NOT NULL, -- 0: never
	revoked INTEGER NOT NULL  -- 0: not revoked
);

CREATE TABLE groups (
	id      INTEGER PRIMARY KEY,
	uuid    TEXT    NOT NULL UNIQUE,
	name    TEXT    NOT NULL UNIQUE,
	created INTEGER NOT NULL
);
CREATE TABLE group_members (
	grp INTEGER NOT NULL,
	org INTEGER NOT NULL,
	PRIMARY KEY (grp, org)
) WITHOUT ROWID;
CREATE INDEX group_members_org ON group_members (org);

-- TAXII collections. A plain collection holds the versions posted or
-- ingested into it, each under its own strictly increasing date added
-- (seq); a view collection holds every version its reader may see.
CREATE TABLE collections (
	id          INTEGER PRIMARY KEY,
	uuid        TEXT    NOT NULL UNIQUE,
	name        TEXT    NOT NULL UNIQUE,
	description TEXT    NOT NULL,
	read_all    INTEGER NOT NULL,
	view        INTEGER NOT NULL,
	created     INTEGER NOT NULL
);
CREATE TABLE collection_orgs (
	coll      INTEGER NOT NULL,
	org       INTEGER NOT NULL,
	can_read  INTEGER NOT NULL,
	can_write INTEGER NOT NULL,
	PRIMARY KEY (coll, org)
) WITHOUT ROWID;
CREATE TABLE collection_objects (
	coll INTEGER NOT NULL,
	seq  INTEGER NOT NULL, -- date added to the collection
	ver  INTEGER NOT NULL, -- objects.added of the version
	PRIMARY KEY (coll, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX collection_objects_ver ON collection_objects (coll, ver);

-- TAXII status resources of POSTed envelopes.
CREATE TABLE statuses (
	id      TEXT    PRIMARY KEY,
	org     INTEGER NOT NULL,
	created INTEGER NOT NULL,
	body    BLOB    NOT NULL
);

-- The tamper-evident audit log (internal/audit): a hash chain by seq.
CREATE TABLE audit (
	seq    INTEGER PRIMARY KEY,
	at     INTEGER NOT NULL,
	actor  TEXT    NOT NULL,
	org    TEXT    NOT NULL,
	action TEXT    NOT NULL,
	target TEXT    NOT NULL,
	detail TEXT    NOT NULL,
	remote TEXT    NOT NULL,
	prev   BLOB,             -- NULL for the first entry
	hash   BLOB    NOT NULL
);

PRAGMA user_version = 2;
