// Package suricata writes indicators as Suricata rules (format
// "suricata/rules"), one rule per line, for Suricata 6.0 and later (checked
// against the 6.0 and 7.0 keyword documentation).
//
// What each kind becomes:
//
//   - IPv4/IPv6 address or CIDR block: "alert ip $HOME_NET any -> 192.0.2.1
//     any", i.e. hosts of the home network reaching out to the address
//     (Direction turns it round or makes it "<>").
//   - domain name: a DNS query rule, "dns.query; dotprefix;
//     content:".evil.example"; nocase; endswith;", matching the name and
//     every name below it but not "notevil.example"; with TLSSNI also a
//     "tls.sni" rule of the same shape. IDNs are written as A-labels.
//   - http:// URL: "http.host; content:"evil.example"; bsize:12;" (the host
//     exactly; an IP-literal host goes in the rule header instead) and, when
//     the URL has a path or query, "http.uri; content:"/path?q";", or
//     "http.uri.raw" when the target holds %-escapes, which http.uri would
//     have decoded.
//   - https:// URL: a TLS rule on the host ("tls.sni; content:…; bsize:N;",
//     or the IP in the header); the path is encrypted and not matched.
//   - file MD5, SHA-1, SHA-256: only with HashListDir set. The hashes go to
//     list files there (one "<hash> <stix id>" per line) and one rule per list
//     and file protocol matches them ("filemd5:fusion-md5.list;"); copy the
//     lists into Suricata's rule directory.
//   - everything else (e-mail addresses, file names, SHA-512, other URL
//     schemes, other kinds) is skipped and counted in Stats.Unsupported.
//
// Rules carry msg ("FUSION DNS query evil.example - <name> (<id>)"),
// classtype, a sid derived from the STIX id, kind and value (the same rule
// keeps its sid from one export to the next; see ruletext.SIDs), rev 1 (or
// the modification time), metadata with the STIX id, TLP, confidence and
// dates, and optionally a reference URL. Values are escaped as Suricata
// requires: '"', ';', '\\', '|', ':' and non-printable bytes in content as
// |xx|, and '"', ';', '\\', '|' in msg with a backslash. A value is written
// once per export (the first indicator carrying it names the rule).
//
// The package never reads Suricata's configuration: it assumes the address
// groups $HOME_NET and $EXTERNAL_NET and the classtype exist.
package suricata

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/formats/ioc"
	"github.com/fusion-cti/fusion/internal/formats/suricata/ruletext"
)

// Info describes the format.
var Info = codec.Info{
	Name:        "suricata/rules",
	Description: "Suricata 6/7 rules: IP, DNS query, TLS SNI, HTTP host and URI, file hash lists",
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

// DefaultFileProtocols are the protocols hash-list rules are written for.
var DefaultFileProtocols = []string{"http", "smtp", "ftp-data", "smb", "nfs", "http2"}

// Exporter writes Suricata rules. The zero value is ready to use.
type Exporter struct {
	// Settings are the options Snort and Suricata rules share (action,
	// classtype, msg prefix, reference, rev, sid range).
	ruletext.Settings
	// Direction of IP rules (default Outbound).
	Direction Direction
	// TLSSNI adds, for each domain, a TLS rule on the server name
	// indication besides the DNS query rule.
	TLSSNI bool
	// HashListDir, when set, is the directory where file hashes are
	// written as Suricata hash lists (created or truncated; the directory
	// must exist). Without it hashes are skipped.
	HashListDir string
	// HashListPrefix names the lists: "<prefix>-md5.list",
	// "<prefix>-sha1.list", "<prefix>-sha256.list" (default "fusion").
	HashListPrefix string
	// FileProtocols are the app-layer protocols of hash-list rules
	// (default DefaultFileProtocols).
	FileProtocols []string
	// Stats, when set, is filled when Export returns.
	Stats *Stats
}

var _ codec.Exporter = Exporter{}

const format = "suricata rules"

// Export writes one rule per line, after a comment header.
func (e Exporter) Export(ctx context.Context, w io.Writer, src iter.Seq2[codec.Indicator, error]) (err error) {
	set, err := e.Settings.Ready(format)
	if err != nil {
		return err
	}
	if err := e.Direction.Check(); err != nil {
		return fmt.Errorf("%s: %w", format, err)
	}
	x := &export{Exporter: e, set: set, bw: bufio.NewWriterSize(w, 64<<10)}
	if x.HashListPrefix == "" {
		x.HashListPrefix = "fusion"
	}
	if x.FileProtocols == nil {
		x.FileProtocols = DefaultFileProtocols
	}
	for _, p := range x.FileProtocols {
		if !word(p) {
			return fmt.Errorf("%s: file protocol %q: want a protocol name such as http", format, p)
		}
	}
	if !word(x.HashListPrefix) {
		return fmt.Errorf("%s: hash list prefix %q: want letters, digits, '-' and '_'", format, x.HashListPrefix)
	}
	var st Stats
	defer func() {
		err = errors.Join(err, x.closeLists())
		if e.Stats != nil {
			*e.Stats = st
		}
	}()
	x.st = &st
	fmt.Fprintf(x.bw, "# Suricata rules written by Fusion (%s), for Suricata 6.0 or later.\n", Info.Name)
	fmt.Fprintf(x.bw, "# Needs the address groups $HOME_NET and $EXTERNAL_NET; sids %d-%d.\n", set.SIDBase, uint64(set.SIDBase)+uint64(set.SIDSpan)-1)
	err = ioc.Each(ctx, src, &st, x.indicator)
	if ferr := x.bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("%s: %w", format, ferr)
	}
	return err
}

type export struct {
	Exporter
	set   *ruletext.Settings
	bw    *bufio.Writer
	st    *Stats
	seen  ioc.Set
	lists map[string]*hashList
	buf   []byte
}

type hashList struct {
	f  *os.File
	bw *bufio.Writer
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
		if x.first("dns", d) {
			b := append(x.buf[:0], x.set.Action+" dns $HOME_NET any -> any any ("...)
			b = x.set.Msg(b, "DNS query", d, ind)
			b = append(b, `dns.query; dotprefix; content:".`...)
			b = ruletext.AppendContent(b, d)
			b = append(b, `"; nocase; endswith; `...)
			if err := x.rule(ind, b, d, "dns"); err != nil {
				return err
			}
		}
		if x.TLSSNI && x.first("tls", d) {
			b := append(x.buf[:0], x.set.Action+" tls $HOME_NET any -> $EXTERNAL_NET any ("...)
			b = x.set.Msg(b, "TLS SNI", d, ind)
			b = append(b, `flow:established,to_server; tls.sni; dotprefix; content:".`...)
			b = ruletext.AppendContent(b, d)
			b = append(b, `"; nocase; endswith; `...)
			return x.rule(ind, b, d, "tls")
		}
		return nil
	case ioc.KindURL:
		return x.url(ind)
	}
	if algo, ok := ioc.FileHash(ind.Kind); ok && x.HashListDir != "" && algo != ioc.SHA512 {
		return x.hash(ind, algo)
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
	if u.Scheme != "http" && u.Scheme != "https" {
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
	b := append(x.buf[:0], x.set.Action...)
	if u.Scheme == "https" {
		b = append(b, " tls $HOME_NET any -> "+dst+" any ("...)
		b = x.set.Msg(b, "TLS to URL host", v, ind)
		b = append(b, "flow:established,to_server; "...)
		if !u.IP.IsValid() {
			b = append(b, `tls.sni; content:"`...)
			b = ruletext.AppendContent(b, u.Host)
			b = append(b, `"; bsize:`...)
			b = strconv.AppendInt(b, int64(len(u.Host)), 10)
			b = append(b, "; "...)
		}
		return x.rule(ind, b, v, "https")
	}
	b = append(b, " http $HOME_NET any -> "+dst+" any ("...)
	b = x.set.Msg(b, "HTTP request", v, ind)
	b = append(b, "flow:established,to_server; "...)
	if !u.IP.IsValid() {
		b = append(b, `http.host; content:"`...)
		b = ruletext.AppendContent(b, u.Host)
		b = append(b, `"; bsize:`...)
		b = strconv.AppendInt(b, int64(len(u.Host)), 10)
		b = append(b, "; "...)
	}
	if u.Target != "/" {
		if strings.IndexByte(u.Target, '%') >= 0 {
			b = append(b, `http.uri.raw; content:"`...)
		} else {
			b = append(b, `http.uri; content:"`...)
		}
		b = ruletext.AppendContent(b, u.Target)
		b = append(b, `"; `...)
	}
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
	if len(b)+400 > ruletext.MaxRuleLen { // the tail is at most ~370 bytes
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

var listKeyword = map[string]string{ioc.MD5: "filemd5", ioc.SHA1: "filesha1", ioc.SHA256: "filesha256"}

func (x *export) hash(ind *codec.Indicator, algo string) error {
	h, err := ioc.Hash(algo, ind.Value)
	if err != nil {
		x.st.Invalidate(ind.Kind)
		return nil
	}
	if !x.first(algo, h) {
		return nil
	}
	l, err := x.list(algo)
	if err != nil {
		return err
	}
	l.bw.WriteString(h)
	l.bw.WriteByte(' ')
	l.bw.WriteString(ioc.Text(strings.ReplaceAll(ind.ID, " ", "_"), 100))
	if err := l.bw.WriteByte('\n'); err != nil {
		return fmt.Errorf("%s: %w", format, err)
	}
	x.st.Written++
	return nil
}

// list opens the list of algo on first use and writes its rules.
func (x *export) list(algo string) (*hashList, error) {
	if l := x.lists[algo]; l != nil {
		return l, nil
	}
	kw := listKeyword[algo]
	name := x.HashListPrefix + "-" + strings.TrimPrefix(kw, "file") + ".list"
	f, err := os.Create(filepath.Join(x.HashListDir, name))
	if err != nil {
		return nil, fmt.Errorf("%s: hash list: %w", format, err)
	}
	l := &hashList{f: f, bw: bufio.NewWriterSize(f, 64<<10)}
	if x.lists == nil {
		x.lists = make(map[string]*hashList)
	}
	x.lists[algo] = l
	for _, proto := range x.FileProtocols {
		b := append(x.buf[:0], x.set.Action+" "+proto+" any any -> any any ("...)
		b = x.set.Msg(b, "file "+algo+" on list", name, &codec.Indicator{Confidence: -1})
		b = append(b, kw+":"+name+"; "...)
		sid, err := x.set.SID(kw + "\x00" + name + "\x00" + proto)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", format, err)
		}
		b = x.set.Tail(b, sid, &codec.Indicator{Confidence: -1})
		x.buf = append(b, '\n')
		x.st.Written++
		if _, err := x.bw.Write(x.buf); err != nil {
			return nil, fmt.Errorf("%s: %w", format, err)
		}
	}
	return l, nil
}

func (x *export) closeLists() error {
	var errs []error
	for _, l := range x.lists {
		if err := l.bw.Flush(); err != nil {
			errs = append(errs, err)
		}
		if err := l.f.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%s: hash list: %w", format, err)
	}
	return nil
}

func word(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
