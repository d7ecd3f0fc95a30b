// Package blocklist writes indicators as plain lists, one value per line,
// for firewalls, proxies, DNS filters and EDR tools that read such lists:
// "blocklist/ip" (addresses and CIDR blocks), "blocklist/domain" (domain
// names as A-labels), "blocklist/url" (normalised URLs) and "blocklist/hash"
// (file hashes in lower-case hex). Each list writes only its kinds; others
// are counted in Stats.Unsupported, refused values in Stats.Invalid.
//
// A value is written once per export. Duplicates are found with an ioc.Set,
// which keeps 8 bytes per value in a table at most half full: a million
// values take 16 MiB whatever their length, and the input is never held.
//
// Lines can get a fixed prefix and suffix ("0.0.0.0 " for a hosts file,
// "||" and "^" for an adblock list) and the list an optional comment
// header. Nothing else is written: the values carry no names or ids, since
// the tools reading these lists take every line as a value.
package blocklist

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/formats/ioc"
)

// The four formats.
var (
	IPInfo     = codec.Info{Name: "blocklist/ip", Description: "IPv4 and IPv6 addresses and CIDR blocks, one per line", Ext: ".txt"}
	DomainInfo = codec.Info{Name: "blocklist/domain", Description: "domain names (A-labels), one per line", Ext: ".txt"}
	URLInfo    = codec.Info{Name: "blocklist/url", Description: "URLs, one per line", Ext: ".txt"}
	HashInfo   = codec.Info{Name: "blocklist/hash", Description: "file hashes (MD5, SHA-1, SHA-256, SHA-512), one per line", Ext: ".txt"}
)

// Stats counts what an export did.
type Stats = ioc.Stats

// Options are shared by the four lists. The zero value writes bare values.
type Options struct {
	// Comment, when set, is written first, each of its lines prefixed
	// with "# ".
	Comment string
	// Prefix and Suffix are written before and after each value. They
	// must not hold line breaks.
	Prefix, Suffix string
	// Stats, when set, is filled when Export returns.
	Stats *Stats
}

// IP writes IPv4 and IPv6 addresses ("192.0.2.1") and CIDR blocks
// ("198.51.100.0/24", masked) one per line. The zero value is ready to use.
type IP struct {
	Options
	// Family restricts the list to 4 (IPv4) or 6 (IPv6); 0 writes both.
	Family int
}

// Domain writes domain names one per line, lower case, IDNs as A-labels,
// without trailing dot. A name of one label is refused (see
// ioc.DomainName). The zero value is ready to use.
type Domain struct{ Options }

// URL writes URLs one per line as ioc.URL.String normalises them: scheme and
// host in lower case, host as A-label, default port and fragment dropped,
// path and query as given. The zero value is ready to use.
type URL struct{ Options }

// Hash writes file hashes one per line in lower-case hex. The zero value
// is ready to use.
type Hash struct {
	Options
	// Algorithms restricts the list to these ("MD5", "SHA-1", "SHA-256",
	// "SHA-512"); empty writes all four. Mixing algorithms in one list is
	// what most tools accept, since the length tells them apart.
	Algorithms []string
}

var (
	_ codec.Exporter = IP{}
	_ codec.Exporter = Domain{}
	_ codec.Exporter = URL{}
	_ codec.Exporter = Hash{}
)

// Export writes the list.
func (l IP) Export(ctx context.Context, w io.Writer, src iter.Seq2[codec.Indicator, error]) error {
	if l.Family != 0 && l.Family != 4 && l.Family != 6 {
		return fmt.Errorf("%s: family %d: want 4, 6 or 0 for both", IPInfo.Name, l.Family)
	}
	return l.export(ctx, w, src, IPInfo.Name, func(ind *codec.Indicator) (string, bool, bool) {
		if !ioc.IPKind(ind.Kind) {
			return "", false, false
		}
		p, err := ioc.Prefix(ind.Value)
		if err != nil {
			return "", true, false
		}
		if l.Family == 4 && !p.Addr().Is4() || l.Family == 6 && !p.Addr().Is6() {
			return "", false, false
		}
		return ioc.PrefixString(p), true, true
	})
}

// Export writes the list.
func (l Domain) Export(ctx context.Context, w io.Writer, src iter.Seq2[codec.Indicator, error]) error {
	return l.export(ctx, w, src, DomainInfo.Name, func(ind *codec.Indicator) (string, bool, bool) {
		if ind.Kind != ioc.KindDomain {
			return "", false, false
		}
		d, err := ioc.DomainName(ind.Value)
		return d, true, err == nil
	})
}

// Export writes the list.
func (l URL) Export(ctx context.Context, w io.Writer, src iter.Seq2[codec.Indicator, error]) error {
	return l.export(ctx, w, src, URLInfo.Name, func(ind *codec.Indicator) (string, bool, bool) {
		if ind.Kind != ioc.KindURL {
			return "", false, false
		}
		u, err := ioc.ParseURL(ind.Value)
		if err != nil {
			return "", true, false
		}
		return u.String(), true, true
	})
}

// Export writes the list.
func (l Hash) Export(ctx context.Context, w io.Writer, src iter.Seq2[codec.Indicator, error]) error {
	want := map[string]bool{}
	for _, a := range l.Algorithms {
		algo, ok := ioc.FileHash("file:hashes." + a)
		if !ok {
			return fmt.Errorf("%s: algorithm %q: want MD5, SHA-1, SHA-256 or SHA-512", HashInfo.Name, a)
		}
		want[algo] = true
	}
	return l.export(ctx, w, src, HashInfo.Name, func(ind *codec.Indicator) (string, bool, bool) {
		algo, ok := ioc.FileHash(ind.Kind)
		if !ok || len(want) > 0 && !want[algo] {
			return "", false, false
		}
		h, err := ioc.Hash(algo, ind.Value)
		return h, true, err == nil
	})
}

// export runs a list: value answers the line's value, whether the kind
// belongs to the list (supported) and whether the value is usable (ok).
func (o Options) export(ctx context.Context, w io.Writer, src iter.Seq2[codec.Indicator, error], name string,
	value func(*codec.Indicator) (v string, supported, ok bool)) (err error) {
	if strings.ContainsAny(o.Prefix+o.Suffix, "\r\n") {
		return fmt.Errorf("%s: prefix and suffix must not hold line breaks", name)
	}
	var st Stats
	if o.Stats != nil {
		defer func() { *o.Stats = st }()
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if o.Comment != "" {
		for l := range strings.SplitSeq(strings.TrimRight(o.Comment, "\n"), "\n") {
			bw.WriteString(strings.TrimRight("# "+strings.TrimRight(l, "\r"), " ") + "\n")
		}
	}
	var seen ioc.Set
	err = ioc.Each(ctx, src, &st, func(ind *codec.Indicator) error {
		v, supported, ok := value(ind)
		switch {
		case !supported:
			st.Unsupport(ind.Kind)
			return nil
		case !ok:
			st.Invalidate(ind.Kind)
			return nil
		case !seen.Add(v):
			st.Duplicates++
			return nil
		}
		bw.WriteString(o.Prefix)
		bw.WriteString(v)
		bw.WriteString(o.Suffix)
		if err := bw.WriteByte('\n'); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		st.Written++
		return nil
	})
	if ferr := bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("%s: %w", name, ferr)
	}
	return err
}
