// Package rpz writes indicators as a DNS Response Policy Zone (format
// "rpz/zone") in master-file form, for BIND 9 and other RPZ resolvers
// (Unbound, PowerDNS Recursor, Knot Resolver). The file passes BIND's
// named-checkzone.
//
// The zone starts with $ORIGIN, $TTL, an SOA record (serial from the export
// time or a counter) and an NS record. Then, with owner names relative to
// the zone:
//
//   - a domain name gives "evil.example CNAME ." (NXDOMAIN) and
//     "*.evil.example CNAME ." for every name below it; IDNs as A-labels;
//   - an IPv4/IPv6 address or CIDR block gives a response-IP trigger,
//     "32.1.2.0.192.rpz-ip CNAME ." for 192.0.2.1 and
//     "48.zz.cd.db8.2001.rpz-ip" for 2001:db8:cd::/48, in the canonical form
//     BIND writes (the longest run of two or more zero words, the first of
//     equal ones, shortened to "zz"), so the resolver rewrites answers that
//     contain the address.
//
// Other kinds are skipped and counted in Stats.Unsupported. Names that
// cannot be owners are skipped and counted in Stats.Invalid: bad labels, a
// single label (a whole top-level domain), too long once the zone name (and
// "*.") is added, or ending in an "rpz-…" label, which RPZ reads as a
// trigger of another type. Each owner name is written once per export.
//
// The policy (NXDOMAIN by default) is the same for every record; the
// package never writes other record types or talks to a resolver.
package rpz

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"iter"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/formats/ioc"
)

// Info describes the format.
var Info = codec.Info{
	Name:        "rpz/zone",
	Description: "DNS Response Policy Zone (BIND master file): domain and response-IP triggers",
	Ext:         ".rpz",
}

// Stats counts what an export did.
type Stats = ioc.Stats

// Policy is what the resolver answers for a listed name or address.
type Policy int

// The policies (RPZ actions). The zero value is NXDOMAIN.
const (
	NXDOMAIN Policy = iota // CNAME .           the name does not exist
	NODATA                 // CNAME *.          the name exists without data
	Drop                   // CNAME rpz-drop.    no answer at all
	Passthru               // CNAME rpz-passthru. answer normally (allow-list)
	TCPOnly                // CNAME rpz-tcp-only. make the client retry over TCP
)

var policyTarget = [...]string{".", "*.", "rpz-drop.", "rpz-passthru.", "rpz-tcp-only."}

// SerialStyle says how the SOA serial is made from the export time.
type SerialStyle int

const (
	// SerialUnix is the Unix time in seconds (the default).
	SerialUnix SerialStyle = iota
	// SerialDate is YYYYMMDDnn with nn the quarter hour of the day, 00–95
	// (UTC): it grows with every export at least 15 minutes apart.
	SerialDate
)

// Exporter writes a response policy zone. The zero value is ready to use.
type Exporter struct {
	// Zone is the zone name (default "rpz.fusion.local."). It must match
	// the zone statement of the resolver.
	Zone string
	// TTL is the zone's $TTL and the SOA minimum, in seconds (default 300).
	TTL uint32
	// NS is the name server of the NS record and the SOA MNAME (default
	// "localhost.", usual for a zone only fetched by transfer or read from
	// disk).
	NS string
	// Contact is the SOA RNAME, the mailbox in DNS form (default
	// "hostmaster.localhost.").
	Contact string
	// Serial, when not 0, is the SOA serial as it is (a counter the caller
	// keeps). Otherwise the serial comes from Now and SerialStyle.
	Serial uint32
	// SerialStyle forms the serial from the export time (default
	// SerialUnix).
	SerialStyle SerialStyle
	// Now gives the export time (default time.Now).
	Now func() time.Time
	// Policy of every record (default NXDOMAIN).
	Policy Policy
	// NoWildcards leaves out the "*.<domain>" record, so names below a
	// listed domain are not covered.
	NoWildcards bool
	// NoComments leaves out the "; <STIX id> <name>" comment after each
	// domain or address's first record.
	NoComments bool
	// Stats, when set, is filled when Export returns.
	Stats *Stats
}

var _ codec.Exporter = Exporter{}

const format = "rpz zone"

// Export writes the zone.
func (e Exporter) Export(ctx context.Context, w io.Writer, src iter.Seq2[codec.Indicator, error]) (err error) {
	zone := e.Zone
	if zone == "" {
		zone = "rpz.fusion.local."
	}
	zone, err = absolute(zone, "zone")
	if err != nil {
		return err
	}
	ns, err := absolute(orDefault(e.NS, "localhost."), "NS")
	if err != nil {
		return err
	}
	contact, err := absolute(orDefault(e.Contact, "hostmaster.localhost."), "contact")
	if err != nil {
		return err
	}
	if e.Policy < NXDOMAIN || e.Policy > TCPOnly {
		return fmt.Errorf("%s: policy %d: want NXDOMAIN, NODATA, Drop, Passthru or TCPOnly", format, e.Policy)
	}
	ttl := e.TTL
	if ttl == 0 {
		ttl = 300
	}
	if ttl > 1<<31-1 {
		return fmt.Errorf("%s: TTL %d is above 2^31-1", format, ttl)
	}
	serial := e.Serial
	if serial == 0 {
		now := time.Now
		if e.Now != nil {
			now = e.Now
		}
		t := now().UTC()
		switch e.SerialStyle {
		case SerialUnix:
			serial = uint32(t.Unix())
		case SerialDate:
			serial = uint32(t.Year()*1_000_000+int(t.Month())*10_000+t.Day()*100) + uint32(t.Hour()*4+t.Minute()/15)
		default:
			return fmt.Errorf("%s: serial style %d: want SerialUnix or SerialDate", format, e.SerialStyle)
		}
	}
	var st Stats
	if e.Stats != nil {
		defer func() { *e.Stats = st }()
	}
	x := &export{Exporter: e, st: &st, bw: bufio.NewWriterSize(w, 64<<10), target: policyTarget[e.Policy]}
	// Room left for owner names: 255 octets on the wire, less the zone's
	// labels (its presentation length plus the root's octet).
	x.room = 255 - (len(zone) + 1)
	if zone == "." {
		x.room = 254
	}
	fmt.Fprintf(x.bw, "; Response policy zone written by Fusion (%s).\n", Info.Name)
	fmt.Fprintf(x.bw, "$ORIGIN %s\n$TTL %d\n", zone, ttl)
	fmt.Fprintf(x.bw, "@\tSOA\t%s %s %d 3600 600 604800 %d\n", ns, contact, serial, ttl)
	fmt.Fprintf(x.bw, "@\tNS\t%s\n", ns)
	err = ioc.Each(ctx, src, &st, x.indicator)
	if ferr := x.bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("%s: %w", format, ferr)
	}
	return err
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// absolute checks an absolute domain name option and adds its final dot.
func absolute(name, what string) (string, error) {
	if name == "." {
		return name, nil
	}
	d, err := ioc.Name(name)
	if err != nil {
		return "", fmt.Errorf("%s: %s %q: %v", format, what, name, err)
	}
	return d + ".", nil
}

type export struct {
	Exporter
	st     *Stats
	bw     *bufio.Writer
	seen   ioc.Set
	target string
	room   int
	buf    []byte
}

func (x *export) indicator(ind *codec.Indicator) error {
	var owner string
	wildcard := false
	switch ind.Kind {
	case ioc.KindDomain:
		d, err := ioc.DomainName(ind.Value)
		if err != nil || !x.fits(d) || strings.HasPrefix(d[strings.LastIndexByte(d, '.')+1:], "rpz-") {
			x.st.Invalidate(ind.Kind)
			return nil
		}
		owner, wildcard = d, !x.NoWildcards
	case ioc.KindIPv4, ioc.KindIPv6:
		p, err := ioc.Prefix(ind.Value)
		if err != nil {
			x.st.Invalidate(ind.Kind)
			return nil
		}
		owner = IPTrigger(p)
	default:
		x.st.Unsupport(ind.Kind)
		return nil
	}
	if !x.seen.Add(owner) {
		x.st.Duplicates++
		return nil
	}
	b := append(x.buf[:0], owner...)
	b = append(b, "\tCNAME\t"+x.target...)
	if !x.NoComments {
		b = append(b, "\t; "...)
		b = append(b, ioc.Text(ind.ID, 100)...)
		if name := ioc.Text(ind.Name, 100); name != "" {
			b = append(b, ' ')
			b = append(b, name...)
		}
	}
	b = append(b, '\n')
	x.st.Written++
	if wildcard {
		b = append(b, "*."+owner+"\tCNAME\t"+x.target+"\n"...)
		x.st.Written++
	}
	x.buf = b
	if _, err := x.bw.Write(b); err != nil {
		return fmt.Errorf("%s: %w", format, err)
	}
	return nil
}

// fits reports whether the owner names of domain d (with its wildcard)
// stay within 255 octets below the zone.
func (x *export) fits(d string) bool {
	n := len(d) + 1 // labels of d on the wire
	if !x.NoWildcards {
		n += 2 // "*" and its length octet
	}
	return n <= x.room
}

// IPTrigger is the owner name, relative to the zone, of the response-IP
// trigger for p, in BIND's canonical form: "<bits>.<address reversed>.rpz-ip",
// IPv4 as decimal octets, IPv6 as hex words with the longest run of two or
// more zero words (the first such run in address order when runs tie)
// written "zz".
func IPTrigger(p netip.Prefix) string {
	p = p.Masked()
	a := p.Addr()
	b := strconv.AppendInt(nil, int64(p.Bits()), 10)
	if a.Is4() {
		v := a.As4()
		for i := 3; i >= 0; i-- {
			b = append(b, '.')
			b = strconv.AppendUint(b, uint64(v[i]), 10)
		}
		return string(append(b, ".rpz-ip"...))
	}
	v := a.As16()
	var w [8]uint16
	for i := range w {
		w[i] = uint16(v[2*i])<<8 | uint16(v[2*i+1])
	}
	bestAt, bestLen := -1, 1
	for i := 0; i < 8; {
		if w[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && w[j] == 0 {
			j++
		}
		if j-i > bestLen {
			bestAt, bestLen = i, j-i
		}
		i = j
	}
	for i := 7; i >= 0; i-- {
		if bestAt >= 0 && i == bestAt+bestLen-1 {
			b = append(b, ".zz"...)
			i = bestAt
			continue
		}
		b = append(b, '.')
		b = strconv.AppendUint(b, uint64(w[i]), 16)
	}
	return string(append(b, ".rpz-ip"...))
}
