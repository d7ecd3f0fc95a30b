-- Sharing (the SQLite store's access.sql has the comments); idempotent, run
-- after schema.sql on every Open.
ALTER TABLE objects ADD COLUMN IF NOT EXISTS owner bigint   NOT NULL DEFAULT 0;
ALTER TABLE objects ADD COLUMN IF NOT EXISTS tlp   smallint NOT NULL DEFAULT 2;
ALTER TABLE objects ADD COLUMN IF NOT EXISTS grp   bigint   NOT NULL DEFAULT 0;

CREATE TABLE IF NOT EXISTS object_groups (
	added bigint NOT NULL,
	grp   bigint NOT NULL,
	PRIMARY KEY (added, grp)
);
CREATE TABLE IF NOT EXISTS senders (
	added bigint NOT NULL,
	org   bigint NOT NULL,
	PRIMARY KEY (added, org)
);
CREATE TABLE IF NOT EXISTS orgs (
	id      bigserial PRIMARY KEY,
	name    text      NOT NULL UNIQUE,
	kind    text      NOT NULL,
	country text      NOT NULL,
	tlp     smallint  NOT NULL,
	created bigint    NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS orgs_one_centre ON orgs (kind) WHERE kind = 'centre';
CREATE TABLE IF NOT EXISTS keys (
	id      text     PRIMARY KEY,
	org     bigint   NOT NULL,
	role    text     NOT NULL,
	name    text     NOT NULL,
	hash    bytea    NOT NULL,
	created bigint   NOT NULL,
	expires bigint   NOT NULL,
	revoked bigint   NOT NULL
);
CREATE TABLE IF NOT EXISTS groups (
	id      bigserial PRIMARY KEY,
	uuid    text      NOT NULL UNIQUE,
	name    text      NOT NULL UNIQUE,
	created bigint    NOT NULL
);
CREATE TABLE IF NOT EXISTS group_members (
	grp bigint NOT NULL,
	org bigint NOT NULL,
	PRIMARY KEY (grp, org)
);
CREATE INDEX IF NOT EXISTS group_members_org ON group_members (org);
CREATE TABLE IF NOT EXISTS collections (
	id          bigserial PRIMARY KEY,
	uuid        text      NOT NULL UNIQUE,
	name        text      NOT NULL UNIQUE,
	description text      NOT NULL,
	read_all    smallint  NOT NULL,
	view        smallint  NOT NULL,
	created     bigint    NOT NULL
);
CREATE TABLE IF NOT EXISTS collection_orgs (
	coll      bigint   NOT NULL,
	org       bigint   NOT NULL,
	can_read  smallint NOT NULL,
	can_write smallint NOT NULL,
	PRIMARY KEY (coll, org)
);
CREATE TABLE IF NOT EXISTS collection_objects (
	coll bigint NOT NULL,
	seq  bigint NOT NULL,
	ver  bigint NOT NULL,
	PRIMARY KEY (coll, seq)
);
CREATE UNIQUE INDEX IF NOT EXISTS collection_objects_ver ON collection_objects (coll, ver);
CREATE TABLE IF NOT EXISTS statuses (
	id      text   PRIMARY KEY,
	org     bigint NOT NULL,
	created bigint NOT NULL,
	body    bytea  NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
	seq    bigint PRIMARY KEY,
	at     bigint NOT NULL,
	actor  text   NOT NULL,
	org    text   NOT NULL,
	action text   NOT NULL,
	target text   NOT NULL,
	detail text   NOT NULL,
	remote text   NOT NULL,
	prev   bytea,
	hash   bytea  NOT NULL
);
