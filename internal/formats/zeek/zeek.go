// Package zeek writes indicators as a Zeek Intelligence Framework file
// (format "zeek/intel"), for Zeek's Intel::read_files: a "#fields" header,
// then one tab-separated line per indicator with the columns indicator,
// indicator_type, meta.source, meta.desc and meta.url.
//
// Types: IPv4/IPv6 addresses are Intel::ADDR and CIDR blocks Intel::SUBNET;
// domain names Intel::DOMAIN (as A-labels); URLs Intel::URL written as
// Zeek's HTTP analyser builds them (HTTP::build_url): without the scheme,
// user information and fragment, with the port only when it is not the
// scheme's default, and with %XX escapes decoded as Zeek decodes the
// request URI ("evil.example/a b?q" for "http://evil.example/a%20b?q"); e-mail addresses Intel::EMAIL;
// file MD5, SHA-1 and SHA-256 Intel::FILE_HASH and file names
// Intel::FILE_NAME (these two need policy/frameworks/intel/files loaded);
// certificate SHA-1 hashes Intel::CERT_HASH. Other kinds, SHA-512 (Zeek does
// not compute it) and certificate hashes other than SHA-1 are skipped and
// counted in Stats.Unsupported.
//
// Zeek's reader splits on tabs, takes "-" for an unset field and "(empty)"
// for an empty one, and treats lines starting with '#' as comments; so tabs
// and line breaks in text become spaces, empty text is written "-", and an
// indicator that contains whitespace, is "-" or "(empty)", or starts with '#'
// is refused (counted in Stats.Invalid). An indicator value and type pair
// is written once per export. It never writes Zeek script or loads anything.
package zeek

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/formats/ioc"
)

// Info describes the format.
var Info = codec.Info{
	Name:        "zeek/intel",
	Description: "Zeek Intelligence Framework file (ADDR, SUBNET, DOMAIN, URL, EMAIL, FILE_HASH, FILE_NAME, CERT_HASH)",
	Ext:         ".intel",
}

// Stats counts what an export did.
type Stats = ioc.Stats

// Header is the first line of every file.
const Header = "#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\tmeta.url\n"

// Exporter writes a Zeek intel file. The zero value is ready to use.
type Exporter struct {
	// Source is meta.source of every line (default "fusion"). Zeek keys
	// an indicator's metadata by source, so a later file of the same
	// source replaces, not adds, what an earlier one said.
	Source string
	// URL, when set, is meta.url of each line with "{id}" replaced by the
	// STIX id ("https://fusion.example.org/objects/{id}"); otherwise "-".
	URL string
	// Stats, when set, is filled when Export returns.
	Stats *Stats
}

var _ codec.Exporter = Exporter{}

const format = "zeek intel"

// Export writes the header and one line per supported indicator.
func (e Exporter) Export(ctx context.Context, w io.Writer, src iter.Seq2[codec.Indicator, error]) (err error) {
	source := e.Source
	if source == "" {
		source = "fusion"
	}
	if control(source) || source == "-" || source == "(empty)" {
		return fmt.Errorf("%s: source %q: want text without tabs or line breaks, not \"-\" or \"(empty)\"", format, e.Source)
	}
	if e.URL != "" && (control(e.URL) || strings.ContainsAny(e.URL, " ")) {
		return fmt.Errorf("%s: URL %q: want a URL without tabs, spaces or line breaks", format, e.URL)
	}
	var st Stats
	if e.Stats != nil {
		defer func() { *e.Stats = st }()
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(Header)
	var seen ioc.Set
	err = ioc.Each(ctx, src, &st, func(ind *codec.Indicator) error {
		typ, v, ok := indicator(ind)
		switch {
		case typ == "":
			st.Unsupport(ind.Kind)
			return nil
		case !ok:
			st.Invalidate(ind.Kind)
			return nil
		case !seen.Add(typ + "\x00" + strings.ToLower(v)):
			st.Duplicates++
			return nil
		}
		desc := ioc.Text(ind.Name, 200)
		if ind.ID != "" {
			if desc != "" {
				desc += " "
			}
			desc += "(" + ioc.Text(ind.ID, 100) + ")"
		}
		url := "-"
		if e.URL != "" {
			url = strings.ReplaceAll(e.URL, "{id}", strings.Map(noSpace, ioc.Text(ind.ID, 100)))
		}
		bw.WriteString(v)
		bw.WriteString("\tIntel::" + typ + "\t")
		bw.WriteString(source)
		bw.WriteByte('\t')
		bw.WriteString(field(desc))
		bw.WriteByte('\t')
		bw.WriteString(url)
		if err := bw.WriteByte('\n'); err != nil {
			return fmt.Errorf("%s: %w", format, err)
		}
		st.Written++
		return nil
	})
	if ferr := bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("%s: %w", format, ferr)
	}
	return err
}

// indicator answers the Zeek type and the indicator text, typ "" when the
// kind has no Zeek type and ok false when the value is refused.
func indicator(ind *codec.Indicator) (typ, v string, ok bool) {
	var err error
	switch ind.Kind {
	case ioc.KindIPv4, ioc.KindIPv6:
		typ = "ADDR"
		p, perr := ioc.Prefix(ind.Value)
		if err = perr; err == nil {
			if !ioc.IsHost(p) {
				typ = "SUBNET"
			}
			v = ioc.PrefixString(p)
		}
	case ioc.KindDomain:
		typ = "DOMAIN"
		v, err = ioc.DomainName(ind.Value)
	case ioc.KindURL:
		typ = "URL"
		var u ioc.URL
		if u, err = ioc.ParseURL(ind.Value); err == nil {
			v = u.HostPort() + unescapeURI(u.Target)
		}
	case ioc.KindEmail:
		typ = "EMAIL"
		v, err = ioc.Email(ind.Value)
	case ioc.KindFileName:
		typ = "FILE_NAME"
		v = strings.TrimSpace(ind.Value)
	default:
		if algo, ok := ioc.FileHash(ind.Kind); ok && algo != ioc.SHA512 {
			typ = "FILE_HASH"
			v, err = ioc.Hash(algo, ind.Value)
		} else if algo, ok := ioc.CertHash(ind.Kind); ok && algo == ioc.SHA1 {
			typ = "CERT_HASH"
			v, err = ioc.Hash(algo, ind.Value)
		} else {
			return "", "", false
		}
	}
	if err != nil || v == "" || v == "-" || v == "(empty)" || v[0] == '#' || len(v) > 64<<10 || control(v) {
		return typ, "", false
	}
	return typ, v, true
}

// unescapeURI decodes %XX escapes as Zeek does before it logs or matches a
// request's URI (http_request's unescaped_URI); a '%' not followed by two
// hex digits stays.
func unescapeURI(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && unhex(s[i+1]) >= 0 && unhex(s[i+2]) >= 0 {
			b = append(b, byte(unhex(s[i+1])<<4|unhex(s[i+2])))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return int(c - 'A' + 10)
	}
	return -1
}

// field makes text safe for one column: control characters become spaces
// (ioc.Text), and empty text is "-".
func field(s string) string {
	s = ioc.Text(s, 0)
	if s == "" {
		return "-"
	}
	return s
}

// control reports whether s has a control character (tab and line breaks
// included) or invalid UTF-8.
func control(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
			return true
		}
	}
	return false
}

func noSpace(r rune) rune {
	if r == ' ' {
		return '_'
	}
	return r
}
