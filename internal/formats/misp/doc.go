// Package misp converts between MISP's core format (event JSON and feeds)
// and STIX 2.1, in the spirit of MISP's own STIX 2.1 export (the misp-stix
// project). It is the "misp/event" format.
//
// Import (Importer.Import, a codec.Importer) turns each MISP event into one
// STIX bundle, streamed: the event is walked with a JSON tokenizer and its
// attributes and objects are decoded one at a time. MISP writes "Tag" after
// "Attribute", so attributes that arrive before the event's tags,
// distribution and creator are spooled as raw JSON (memory up to
// Importer.SpoolMemory, then a temporary file) and converted at the end of
// the event. What stays in memory for the whole event is 17 bytes per
// STIX object written (the report's object_refs: the report is written
// last) and 19 per attribute or object (to resolve object references and
// event-level sightings), the ids of the last 65,536 observables (each is
// written once per event as far as that window reaches), and the event's
// tags and galaxies. A report refers to at most 1,000,000 objects (STIX
// objects must stay under 64 MiB); beyond, it refers to groupings
// ("<info> (part n)", x_misp_part) that hold them. Export (ExportEvent)
// goes the other way, and ReadFeed/WriteFeed read and write MISP feeds
// (manifest.json, <uuid>.json, hashes.csv).
//
// The package must never decide who sees what in Fusion: it carries MISP's
// markings and distribution into STIX markings and x_misp_* properties and
// leaves labels to ingest. It must never widen what MISP allowed.
//
// # Identifiers
//
// The STIX object that stands for a MISP element keeps the element's uuid,
// as misp-stix does: report--<event uuid> (grouping-- while the event is
// unpublished), indicator--/observed-data--/vulnerability--/note--…<attribute
// or object uuid>, relationship--<object reference uuid>, identity--<org
// uuid>. So re-importing an event gives the same ids (duplicates, or new
// versions when MISP's timestamp moved), and export→import keeps MISP's
// uuids. Everything else is a UUIDv5 in Namespace: galaxy clusters (by
// galaxy type and value, so a cluster named by a tag or by a Galaxy array
// is one object), relationships to galaxies, sightings (per attribute and
// sighting organisation), and uuids that are not RFC 4122. Observables use
// STIX's deterministic ids (section 2.9; "value" for x-fusion-* types).
//
// # Attributes
//
// An attribute with to_ids becomes an indicator whose pattern ANDs the
// comparisons below (values escaped: \ and '), valid_from = first_seen or
// timestamp, valid_until = last_seen. Without to_ids it becomes an
// observed-data (first/last_observed from first/last_seen) referring to
// observables with deterministic ids, each written once per event.
//
//	ip-src, ip-dst            ipv4-addr:value / ipv6-addr:value (CIDR kept)
//	ip-src|port, ip-dst|port  network-traffic:src_ref.type/.value, src_port (dst_ alike)
//	domain, hostname          domain-name:value (lower case)
//	domain|ip                 domain-name:value AND domain-name:resolves_to_refs[*].value
//	url, uri, link            url:value (observable only for absolute URLs)
//	email                     email-addr:value
//	email-src, email-dst      email-message:from_ref.value / to_refs[*].value; observable email-addr
//	email-subject             email-message:subject
//	md5 … sha512, sha224,     file:hashes.MD5, 'SHA-1', SHA224, 'SHA-256', SHA384,
//	sha384, ssdeep, tlsh,     'SHA-512', SSDEEP, TLSH, IMPHASH (hex checked, lower case)
//	imphash
//	filename, filename|<hash> file:name [AND file:hashes.…]
//	regkey, regkey|value      windows-registry-key:key [AND values[*].data] (HKLM… expanded)
//	mutex                     mutex:name
//	AS                        autonomous-system:number
//	mac-address               mac-addr:value (lower case, colons)
//	user-agent                network-traffic:extensions.'http-request-ext'.request_header.'User-Agent';
//	                          observable x-fusion-user-agent
//	ja3-fingerprint-md5       x-fusion-ja3:value
//	x509-fingerprint-md5/     x509-certificate:hashes.MD5 / 'SHA-1' / 'SHA-256'
//	  -sha1/-sha256
//	iban, bic, btc, xmr       x-fusion-iban, x-fusion-bic, x-fusion-btc, x-fusion-xmr :value
//	cc-number                 x-fusion-card:value (digits only)
//	bank-account-nr           x-fusion-bank-account:value
//	phone-number              x-fusion-phone:value
//	yara, snort, sigma        indicator with that pattern_type, whatever to_ids says
//	vulnerability             vulnerability (CVE external reference when the value is one)
//	threat-actor              threat-actor;  campaign-name: campaign
//	text, comment             note on the report
//
// Custom observables are x-fusion-<kind>--<UUIDv5> objects with a "value"
// property: internal/stix accepts them (with a warning for the deprecated
// x- prefix). Other attribute types are counted in Report.Unknown; values
// that do not fit their type are skipped and listed in Report.Issues.
// Attribute comment → description (indicators) or x_misp_comment
// (observed-data); type, category → x_misp_type, x_misp_category; deleted
// → revoked; tags other than TLP and galaxies → labels.
//
// # Objects
//
// Objects of the templates file, domain-ip, ip-port, network-connection,
// url, email, registry-key and x509 become one indicator (if any attribute
// has to_ids) whose pattern ANDs all their comparisons, or one
// observed-data with composed observables (x_misp_object_name keeps the
// template). Other templates are converted attribute by attribute.
// ObjectReferences become relationships (type sanitised to [a-z0-9-]+),
// resolved at the end of the event; references to elements not in the
// event are reported.
//
// # Tags, galaxies, sightings
//
// tlp:white|clear|green|amber|amber+strict|red tags become
// object_marking_refs with the TLP 2.0 ids: event tags apply to everything,
// attribute tags to their object (the most restrictive wins).
// misp-galaxy:TYPE="VALUE" tags and Galaxy/GalaxyCluster arrays become
// threat-actor, intrusion-set, attack-pattern (with the ATT&CK external
// reference from "Name - T1234"), malware (malpedia, mitre-malware,
// malware…), tool and course-of-action objects. Event galaxies are in the
// report's object_refs, and the event's actors "use" its malware, tools and
// attack patterns; attribute galaxies are linked from the attribute's
// object: indicators "indicate", actors and campaigns "use" or are
// "attributed-to", courses of action "mitigate", anything else
// "related-to". Sightings (per attribute, or event-level by
// attribute_uuid) become one sighting per attribute and organisation with
// count and first/last_seen; false-positive and expiration sightings are
// reported, not converted.
//
// # Sharing
//
// A TLP tag decides the marking. Without one the distribution does, never
// widening (Fusion cannot know MISP's sharing groups):
//
//	0 your organisation only  TLP:AMBER+STRICT
//	1 this community          TLP:AMBER
//	2 connected communities   TLP:AMBER
//	3 all communities         TLP:GREEN
//	4 sharing group           TLP:AMBER+STRICT
//	5 inherit (elements)      the event's
//
// An element's level is the most restrictive of its event's and its own;
// an element restricted below its event (distribution 0, or 4 in an event
// that is not 4) is at least AMBER+STRICT even when a TLP tag says less.
// The distribution (5 resolved) is kept in x_misp_distribution, and for 4
// the group in x_misp_sharing_group_uuid and _name, on the report and every
// domain object. Observables carry only the marking: they are shared
// between events. Without tag or distribution an object has no marking and
// takes the ingesting source's default.
package misp
