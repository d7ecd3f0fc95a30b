// Package snort writes indicators as Snort 3 rules (format "snort/rules"),
// one rule per line, for Snort 3.1 and later. Snort 3 is chosen over 2.9
// because their HTTP syntax differs (sticky buffers, content modifiers as
// arguments: content:"x", nocase;) and 2.9 is end of life; IP and DNS rules
// are also valid Snort 2.9 apart from the content modifiers.
//
// What each kind becomes:
//
//   - IPv4/IPv6 address or CIDR block: "alert ip $HOME_NET any -> 192.0.2.1
//     any" (Direction turns it round or makes it "<>").
//   - domain name: Snort 3 has no DNS query buffer, so a UDP rule to port 53
//     matches the name in wire form at the end of the question
//     (content:"|04|evil|07|example|00|", nocase;), which also matches every
//     name below it (the length byte keeps "notevil.example" out), after a
//     byte_test that the message is a standard query. IDNs are written as
//     A-labels.
//   - http:// URL: "http_header:field host; content:"evil.example",
//     nocase, depth 12; isdataat:!1,relative;" (the Host header exactly, with
//     the port when the URL has a non-default one; an IP-literal host goes in
//     the rule header instead), and when the URL has a path or query
//     "http_uri; content:"/path?q";" ("http_raw_uri" when the target holds
//     %-escapes), with service:http.
//   - everything else (https and other URL schemes: Snort 3 has no TLS server
//     name buffer; hashes: Snort has no hash-list keyword; e-mail addresses,
//     file names, other kinds) is skipped and counted in Stats.Unsupported.
//
// Rules carry msg, classtype, a deterministic sid, rev, metadata with the
// STIX id and optionally a reference, as package suricata describes; the
// escaping is the same. A value is written once per export.
package snort

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/formats/ioc"
	"github.com/fusion-cti/fusion/internal/formats/suricata/ruletext"
)

// Info describes the format.
var Info = codec.Info{
	Name:        "snort/rules",
	Description: "Snort 3 rules: IP, DNS query, HTTP host and URI",
	Ext:         ".rules",
}

// Stats counts what an export did.
type Stats = ioc.Stats

// Direction says which traffic an IP rule matches.
type Direction = ruletext.Direction

// The directions of IP rules.
const (
	Outbound = ruletext.Outbound // $HOME_NET any -> <ip> any (the default)
	Inbound  = ruletext.Inbound  // <ip> any -> $HOME_NET any
	Both     = ruletext.Both     // $HOME_NET any <> <ip> any
)

// Exporter writes Snort 3 rules. The zero value is ready to use.
type Exporter struct {
	// Settings are the options Snort and Suricata rules share (action,
	// classtype, msg prefix, reference, rev, sid range).
	ruletext.Settings
	// Direction of IP rules (default Outbound).
	Direction Direction
	// Stats, when set, is filled when Export returns.
	Stats *Stats
}

var _ codec.Exporter = Exporter{}

const format = "snort rules"

// Export writes one rule per line, after a comment header.
func (e Exporter) Export(ctx context.Context, w io.Writer, src iter.Seq2[codec.Indicator, error]) (err error) {
	set, err := e.Settings.Ready(format)
	if err != nil {
		return err
	}
	if err := e.Direction.Check(); err != nil {
		return fmt.Errorf("%s: %w", format, err)
	}
	var st Stats
	if e.Stats != nil {
		defer func() { *e.Stats = st }()
	}
	x := &export{Exporter: e, set: set, st: &st, bw: bufio.NewWriterSize(w, 64<<10)}
	fmt.Fprintf(x.bw, "# Snort 3 rules written by Fusion (%s), for Snort 3.1 or later.\n", Info.Name)
	fmt.Fprintf(x.bw, "# Needs the variables $HOME_NET and $EXTERNAL_NET; sids %d-%d.\n", set.SIDBase, uint64(set.SIDBase)+uint64(set.SIDSpan)-1)
	err = ioc.Each(ctx, src, &st, x.indicator)
	if ferr := x.bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("%s: %w", format, ferr)
	}
	return err
}

type export struct {
	Exporter
	set  *ruletext.Settings
	bw   *bufio.Writer
	st   *Stats
	seen ioc.Set
	buf  []byte
}

func (x *export) indicator(ind *codec.Indicator) error {
	switch ind.Kind {
	case ioc.KindIPv4, ioc.KindIPv6:
		p, err := ioc.Prefix(ind.Value)
		if err != nil {
			x.st.Invalidate(ind.Kind)
			return nil
		}
		v := ioc.PrefixString(p)
		if !x.first("ip", v) {
			return nil
		}
		b := x.Direction.Header(append(x.buf[:0], x.set.Action+" "...), "ip", "$HOME_NET", v)
		b = append(b, " ("...)
		b = x.set.Msg(b, "IP", v, ind)
		return x.rule(ind, b, v, "ip")
	case ioc.KindDomain:
		d, err := ioc.DomainName(ind.Value)
		if err != nil {
			x.st.Invalidate(ind.Kind)
			return nil
		}
		if !x.first("dns", d) {
			return nil
		}
		b := append(x.buf[:0], x.set.Action+" udp $HOME_NET any -> any 53 ("...)
		b = x.set.Msg(b, "DNS query", d, ind)
		b = append(b, `flow:to_server; byte_test:1,!&,0xF8,2; content:"`...)
		b = ruletext.AppendWireName(b, d)
		b = append(b, `", nocase; service:dns; `...)
		return x.rule(ind, b, d, "dns")
	case ioc.KindURL:
		return x.url(ind)
	}
	x.st.Unsupport(ind.Kind)
	return nil
}

func (x *export) url(ind *codec.Indicator) error {
	u, err := ioc.ParseURL(ind.Value)
	if err != nil {
		x.st.Invalidate(ind.Kind)
		return nil
	}
	if u.Scheme != "http" {
		x.st.Unsupport(ind.Kind)
		return nil
	}
	v := u.String()
	if !x.first("url", v) {
		return nil
	}
	dst := "$EXTERNAL_NET"
	if u.IP.IsValid() {
		dst = u.IP.String()
	}
	b := append(x.buf[:0], x.set.Action+" tcp $HOME_NET any -> "+dst+" any ("...)
	b = x.set.Msg(b, "HTTP request", v, ind)
	b = append(b, "flow:to_server,established; "...)
	if !u.IP.IsValid() {
		host := u.HostPort()
		b = append(b, `http_header:field host; content:"`...)
		b = ruletext.AppendContent(b, host)
		b = append(b, `", nocase, depth `...)
		b = strconv.AppendInt(b, int64(len(host)), 10)
		b = append(b, "; isdataat:!1,relative; "...)
	}
	if u.Target != "/" {
		if strings.IndexByte(u.Target, '%') >= 0 {
			b = append(b, `http_raw_uri; content:"`...)
		} else {
			b = append(b, `http_uri; content:"`...)
		}
		b = ruletext.AppendContent(b, u.Target)
		b = append(b, `"; `...)
	}
	b = append(b, "service:http; "...)
	return x.rule(ind, b, v, "http")
}

// first reports whether the value was not yet written for this rule variant.
func (x *export) first(variant, value string) bool {
	if x.seen.Add(variant + "\x00" + value) {
		return true
	}
	x.st.Duplicates++
	return false
}

// rule finishes a rule whose header, msg and match options are in b.
func (x *export) rule(ind *codec.Indicator, b []byte, value, variant string) error {
	if len(b)+400 > ruletext.MaxRuleLen {
		x.buf = b
		x.st.Invalidate(ind.Kind)
		return nil
	}
	sid, err := x.set.SID(ruletext.Key(ind, value, variant))
	if err != nil {
		return fmt.Errorf("%s: %w", format, err)
	}
	b = x.set.Tail(b, sid, ind)
	b = append(b, '\n')
	x.buf = b
	x.st.Written++
	if _, err := x.bw.Write(b); err != nil {
		return fmt.Errorf("%s: %w", format, err)
	}
	return nil
}
