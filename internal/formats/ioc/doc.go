// Package ioc turns codec.Indicator values into the forms network tools
// match on, for the tool exporters (blocklist, rpz, zeek, suricata, snort):
// domain names as lower-case A-labels checked against DNS limits, IP
// addresses and CIDR blocks as masked prefixes, URLs split into scheme, host
// and request target, hashes as checked lower-case hex; plus the compact
// de-duplication Set and the Stats every exporter fills.
//
// Every function here takes untrusted text and answers a normalised value or
// an error; none panics, allocates without bound or does I/O. It must never
// import a format package (they import it), the store or HTTP.
//
// It lives under blocklist only because blocklist is its simplest user; it is
// shared by all tool exporters and belongs beside codec.
package ioc
