// Package warninglist loads MISP warning lists and matches observable values
// against them quickly. A warning list names values that look like
// indicators but are benign or useless as such: public resolvers, top
// domains, cloud ranges, documentation ranges, hashes of empty files. Fusion
// flags matching indicators at ingest and keeps them out of exports unless
// asked.
//
// The package reads list files and matches strings. It must never open
// network connections, log, write files or keep global mutable state, and
// it imports only the standard library. Matching is read-only and a Set is
// safe for concurrent use.
//
// # Entry points
//
//   - Parse reads one list (MISP's list.json format) and reports entries it
//     cannot use in List.Skipped;
//   - Load reads every list below a directory, keeping the good ones and
//     reporting each broken file with its path and reason;
//   - Builtin is a small set written here (reserved, documentation and
//     private IP ranges, special-use domains, big public resolvers);
//   - Set.Match reports every (list, entry) that matches a value of a kind.
//
// # Kinds and matching_attributes
//
// A kind is the STIX object path Fusion's store indexes by, such as
// "ipv4-addr:value" or "file:hashes.'SHA-256'". A list applies to a kind only
// if one of its MISP matching_attributes maps to that kind; a list with no
// matching_attributes (or with "ALL") applies to every kind. The mapping:
//
//	ip-src ip-dst ip-src|port ip-dst|port      ipv4-addr:value ipv6-addr:value
//	domain|ip                                  ipv4-addr:value ipv6-addr:value domain-name:value
//	domain hostname hostname|port              domain-name:value
//	url uri link                               url:value
//	email email-src email-dst target-email     email-addr:value
//	  email-reply-to whois-registrant-email
//	  dns-soa-email
//	filename                                   file:name
//	md5 sha1 sha224 sha256 sha384 sha512       file:hashes.<ALG> and artifact:hashes.<ALG>
//	  ssdeep tlsh, their filename|<alg> forms,
//	  malware-sample (md5)
//	x509-fingerprint-md5/-sha1/-sha256         x509-certificate:hashes.<ALG>
//	mac-address                                mac-addr:value
//	mutex                                      mutex:name
//	regkey                                     windows-registry-key:key
//
// The hash algorithm of a kind is compared with quotes, case, '-' and '_'
// ignored: file:hashes.MD5, file:hashes.'md5' and file:hashes.'SHA-256' all
// work. Other MISP attribute types (phone-number, whois-registrant-phone,
// azure-application-id, …) have no Fusion kind: they are listed in
// List.Unmapped, and a list whose attributes are all unmapped matches
// nothing. Unknown kinds are matched only by lists without attributes.
//
// # How a value is read
//
// Before matching, surrounding white space is removed and the value is
// lower-cased (Unicode simple case mapping; host names are not converted to
// or from punycode). From the value come up to three things:
//
//   - the whole value, with trailing dots removed;
//   - its host: a domain-name value itself; for a url:value the authority of
//     the URL (after "scheme://" or "//", or the text up to the first '/',
//     '?' or '#' when there is no scheme), without user info, port or IPv6
//     brackets; for an email-addr:value the part after the last '@'; for an
//     IP kind the address in canonical form; for any other kind the whole
//     value. Trailing dots are removed from the host ("Example.COM." is
//     "example.com");
//   - its IP block, for IP kinds (and for domain-name, url, email-addr and
//     unknown kinds whose host is an IP literal, which then has no parent
//     domains): an address, the address before '|' in MISP's "ip|port"
//     form, "a.b.c.d:port", "[v6]:port", or a CIDR block; zones are dropped
//     and an IPv4-mapped IPv6 address is also read as its IPv4 address.
//
// # Rules per list type
//
// string: exact match, case-insensitive. An entry is compared with the whole
// value and with the host; entries are lower-cased (IP addresses put in
// canonical form) and their trailing dots removed. An entry that starts with
// "." or "*." (".google.ad" in MISP's google list) matches strict
// subdomains of the rest: "mail.google.ad", not "google.ad". (MISP itself
// compares such entries literally, so they never match there.)
//
// hostname: the host equals the entry or is a subdomain of it, found by
// looking up each label suffix of the host ("a.b.example.com",
// "b.example.com", "example.com", "com"). As in MISP, entries are
// lower-cased and their leading and trailing dots removed, so ".bmw.de"
// matches "bmw.de" and "www.bmw.de". IP hosts are compared whole, not by
// suffix. Entries containing characters no host name has (space, '/', ':',
// '@', '?', '#') are skipped.
//
// substring: the lower-cased value (before trailing dots are removed)
// contains the lower-cased entry anywhere, as in MISP: "x@10-mail.com"
// contains "0-mail.com". Empty entries are skipped, since they would match
// everything.
//
// cidr: the value's IP block lies inside the entry's block. An entry is a
// CIDR block or a bare address (a /32 or /128); host bits are cleared
// ("10.1.2.3/8" is 10.0.0.0/8). An IPv6 entry inside ::ffff:0:0/96 that is
// longer than /96 also covers the IPv4 addresses it maps. A CIDR value
// matches only entries that contain the whole value block.
//
// regex: the value as given (not trimmed or lower-cased) matches the
// expression. Entries are PCRE in PHP's delimited form ("/^abuse@/i"), run
// with Go's RE2: the flags i, m, s, U, u, D and g are honoured or harmless
// (g is JavaScript's and has no meaning for a yes/no match), A anchors the
// start; x and other flags are refused. Expressions RE2 rejects
// (backreferences, look-around, possessive quantifiers, \Z, …) are skipped
// and reported with the list and the entry; loading never fails because of
// one. Where RE2 and PCRE both accept an expression they may still differ at
// the edges: RE2's $ without m matches only at the very end, and \s does not
// include \v.
//
// # Hits
//
// Match returns one Hit per matching (list, entry) pair, entries as written
// in the list, ordered by the list's position in the Set and then by entry;
// it returns nil when nothing matches.
//
// # Cost
//
// Lists are compiled together, per type, not list by list:
//
//   - string and hostname entries of every list share one hash map from the
//     normalised entry to its (list, entry, mode) references: a look-up is
//     one probe for the whole value plus one per label suffix of the host;
//   - CIDR entries are cut, per address family, into disjoint address
//     segments, each knowing the entries that cover it (CIDR blocks nest or
//     are disjoint, so there are at most 2n+1 segments): a look-up is one
//     binary search over 128-bit keys;
//   - substring entries of every list form one Aho–Corasick automaton, so a
//     value is scanned once whatever the number of entries. Bytes no entry
//     contains reset it at once; the root and nodes with five or more
//     children have dense transition rows, the others (mostly one child)
//     sorted edges. Values written only with address and hex-digest bytes
//     (0-9 a-f . : | / [ ] %), such as IPs and hashes, are scanned by a
//     second automaton over the few entries written with those bytes alone,
//     small enough to be a plain transition table (one load per byte);
//   - regexes run last, one by one, only for kinds some regex list names.
//
// A structure no list applying to the kind uses is not consulted. Adding a
// list marks the Set for rebuilding; the next Match (or Load, at its end)
// rebuilds it once. Match allocates only for its result.
package warninglist
