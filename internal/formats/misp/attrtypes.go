package misp

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// comparison is one "path = constant" of a STIX pattern.
type comparison struct {
	path string
	kind ckind
	s    string
	n    int64
}

type ckind uint8

const (
	cStr ckind = iota
	cInt
	cBool
	cTime
)

func strCmp(path, v string) comparison { return comparison{path: path, s: v} }
func intCmp(path string, n int64) comparison {
	return comparison{path: path, kind: cInt, n: n}
}

func appendComparison(b []byte, c comparison) []byte {
	b = append(b, c.path...)
	b = append(b, " = "...)
	switch c.kind {
	case cInt:
		return strconv.AppendInt(b, c.n, 10)
	case cBool:
		return strconv.AppendBool(b, c.n != 0)
	case cTime:
		b = append(b, "t'"...)
		b = append(b, c.s...)
		return append(b, '\'')
	}
	b = append(b, '\'')
	for i := 0; i < len(c.s); i++ {
		if ch := c.s[i]; ch == '\'' || ch == '\\' {
			b = append(b, '\\')
		}
		b = append(b, c.s[i])
	}
	return append(b, '\'')
}

// buildPattern joins the comparisons with AND in one observation
// expression: they all describe one observable.
func buildPattern(cmps []comparison) string {
	b := make([]byte, 0, 64)
	b = append(b, '[')
	for i, c := range cmps {
		if i > 0 {
			b = append(b, " AND "...)
		}
		b = appendComparison(b, c)
	}
	return string(append(b, ']'))
}

// mapped is what one MISP value becomes: the comparisons of an indicator's
// pattern and the observables of an observed-data (the first is the main
// one). scoErr says why no observable can be written when the value only
// fits a pattern (a URL without a scheme, say).
type mapped struct {
	cmps   []comparison
	scos   []*sco
	scoErr string
}

// name is the attribute's value as written after normalisation: the
// constants of its comparisons (address types left out) joined with "|",
// which is also how export writes a composite value back.
func (m mapped) name() string {
	var b strings.Builder
	for _, c := range m.cmps {
		if strings.HasSuffix(c.path, "_ref.type") {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('|')
		}
		if c.kind == cInt {
			b.WriteString(strconv.FormatInt(c.n, 10))
		} else {
			b.WriteString(c.s)
		}
	}
	return b.String()
}

// attrKind says what STIX object a MISP attribute type becomes.
type attrKind uint8

const (
	kindObservable    attrKind = iota // indicator (to_ids) or observed-data
	kindSignature                     // indicator with a non-STIX pattern_type
	kindVulnerability                 // vulnerability
	kindThreatActor                   // threat-actor
	kindCampaign                      // campaign
	kindNote                          // note
)

type attrType struct {
	kind        attrKind
	conv        func(v string) (mapped, error)
	patternType string
}

var errValue = errors.New("value does not fit the attribute type")

// attrTypes is the attribute type table; see the package documentation.
var attrTypes = map[string]attrType{
	"ip-src":                  {conv: ipConv},
	"ip-dst":                  {conv: ipConv},
	"ip-src|port":             {conv: ipPortConv("src")},
	"ip-dst|port":             {conv: ipPortConv("dst")},
	"domain":                  {conv: domainConv},
	"hostname":                {conv: domainConv},
	"domain|ip":               {conv: domainIPConv},
	"url":                     {conv: urlConv},
	"uri":                     {conv: urlConv},
	"link":                    {conv: urlConv},
	"email":                   {conv: emailConv("email-addr:value")},
	"email-src":               {conv: emailConv("email-message:from_ref.value")},
	"email-dst":               {conv: emailConv("email-message:to_refs[*].value")},
	"email-subject":           {conv: subjectConv},
	"md5":                     {conv: hashConv("md5")},
	"sha1":                    {conv: hashConv("sha1")},
	"sha224":                  {conv: hashConv("sha224")},
	"sha256":                  {conv: hashConv("sha256")},
	"sha384":                  {conv: hashConv("sha384")},
	"sha512":                  {conv: hashConv("sha512")},
	"ssdeep":                  {conv: hashConv("ssdeep")},
	"tlsh":                    {conv: hashConv("tlsh")},
	"imphash":                 {conv: hashConv("imphash")},
	"filename":                {conv: filenameConv},
	"filename|md5":            {conv: filenameHashConv("md5")},
	"filename|sha1":           {conv: filenameHashConv("sha1")},
	"filename|sha224":         {conv: filenameHashConv("sha224")},
	"filename|sha256":         {conv: filenameHashConv("sha256")},
	"filename|sha384":         {conv: filenameHashConv("sha384")},
	"filename|sha512":         {conv: filenameHashConv("sha512")},
	"filename|ssdeep":         {conv: filenameHashConv("ssdeep")},
	"filename|tlsh":           {conv: filenameHashConv("tlsh")},
	"filename|imphash":        {conv: filenameHashConv("imphash")},
	"regkey":                  {conv: regkeyConv},
	"regkey|value":            {conv: regkeyValueConv},
	"mutex":                   {conv: mutexConv},
	"AS":                      {conv: asConv},
	"mac-address":             {conv: macConv},
	"user-agent":              {conv: userAgentConv},
	"ja3-fingerprint-md5":     {conv: ja3Conv},
	"x509-fingerprint-md5":    {conv: x509Conv("MD5", 32)},
	"x509-fingerprint-sha1":   {conv: x509Conv("SHA-1", 40)},
	"x509-fingerprint-sha256": {conv: x509Conv("SHA-256", 64)},
	"iban":                    {conv: customConv("x-fusion-iban", normIBAN)},
	"bic":                     {conv: customConv("x-fusion-bic", normBIC)},
	"btc":                     {conv: customConv("x-fusion-btc", normCrypto)},
	"xmr":                     {conv: customConv("x-fusion-xmr", normCrypto)},
	"cc-number":               {conv: customConv("x-fusion-card", normCard)},
	"bank-account-nr":         {conv: customConv("x-fusion-bank-account", normTrim)},
	"phone-number":            {conv: customConv("x-fusion-phone", normPhone)},
	"vulnerability":           {kind: kindVulnerability},
	"threat-actor":            {kind: kindThreatActor},
	"campaign-name":           {kind: kindCampaign},
	"text":                    {kind: kindNote},
	"comment":                 {kind: kindNote},
	"yara":                    {kind: kindSignature, patternType: "yara"},
	"snort":                   {kind: kindSignature, patternType: "snort"},
	"sigma":                   {kind: kindSignature, patternType: "sigma"},
}

func ipSCO(v string) (typ, val string, s *sco, err error) {
	typ, val, ok := parseIP(v)
	if !ok {
		return "", "", nil, errors.New("not an IP address or CIDR block")
	}
	return typ, val, newSCO(typ, kv{"value", jstr(val)}), nil
}

func ipConv(v string) (mapped, error) {
	typ, val, s, err := ipSCO(v)
	if err != nil {
		return mapped{}, err
	}
	return mapped{cmps: []comparison{strCmp(typ+":value", val)}, scos: []*sco{s}}, nil
}

func ipPortConv(dir string) func(string) (mapped, error) {
	return func(v string) (mapped, error) {
		i := strings.LastIndexByte(v, '|')
		if i < 0 {
			return mapped{}, errors.New(`expected "ip|port"`)
		}
		typ, val, ip, err := ipSCO(v[:i])
		if err != nil {
			return mapped{}, err
		}
		port, ok := parsePort(v[i+1:])
		if !ok {
			return mapped{}, errors.New("port is not a number from 0 to 65535")
		}
		ref, portKey := dir+"_ref", dir+"_port"
		nt := newSCO("network-traffic",
			kv{ref, jstr(ip.id)}, kv{portKey, jint(port)}, kv{"protocols", jstrs(typ[:4])})
		return mapped{
			cmps: []comparison{
				strCmp("network-traffic:"+ref+".type", typ),
				strCmp("network-traffic:"+ref+".value", val),
				intCmp("network-traffic:"+portKey, port),
			},
			scos: []*sco{nt, ip},
		}, nil
	}
}

func domainSCO(d string) (*sco, string) {
	if !validHostname(d, false) {
		return nil, "not a valid domain name for a domain-name observable"
	}
	return newSCO("domain-name", kv{"value", jstr(d)}), ""
}

func domainConv(v string) (mapped, error) {
	d := strings.ToLower(strings.TrimSpace(v))
	if d == "" {
		return mapped{}, errValue
	}
	m := mapped{cmps: []comparison{strCmp("domain-name:value", d)}}
	if s, why := domainSCO(d); s != nil {
		m.scos = []*sco{s}
	} else {
		m.scoErr = why
	}
	return m, nil
}

func domainIPConv(v string) (mapped, error) {
	ds, ips, ok := strings.Cut(v, "|")
	if !ok {
		return mapped{}, errors.New(`expected "domain|ip"`)
	}
	d := strings.ToLower(strings.TrimSpace(ds))
	if d == "" {
		return mapped{}, errValue
	}
	_, val, ip, err := ipSCO(ips)
	if err != nil {
		return mapped{}, err
	}
	m := mapped{cmps: []comparison{
		strCmp("domain-name:value", d),
		strCmp("domain-name:resolves_to_refs[*].value", val),
	}}
	if !validHostname(d, false) {
		m.scoErr = "not a valid domain name for a domain-name observable"
		return m, nil
	}
	dom := newSCO("domain-name", kv{"value", jstr(d)}, kv{"resolves_to_refs", jstrs(ip.id)})
	m.scos = []*sco{dom, ip}
	return m, nil
}

func urlConv(v string) (mapped, error) {
	u := strings.TrimSpace(v)
	if u == "" {
		return mapped{}, errValue
	}
	m := mapped{cmps: []comparison{strCmp("url:value", u)}}
	if validURL(u) {
		m.scos = []*sco{newSCO("url", kv{"value", jstr(u)})}
	} else {
		m.scoErr = "not an absolute URL (scheme:…) for a url observable"
	}
	return m, nil
}

func emailConv(path string) func(string) (mapped, error) {
	return func(v string) (mapped, error) {
		e := strings.TrimSpace(v)
		if e == "" {
			return mapped{}, errValue
		}
		m := mapped{cmps: []comparison{strCmp(path, e)}}
		if validEmail(e) {
			m.scos = []*sco{newSCO("email-addr", kv{"value", jstr(e)})}
		} else {
			m.scoErr = "not an e-mail address (local@domain) for an email-addr observable"
		}
		return m, nil
	}
}

func subjectConv(v string) (mapped, error) {
	if v == "" {
		return mapped{}, errValue
	}
	return mapped{
		cmps: []comparison{strCmp("email-message:subject", v)},
		scos: []*sco{newSCO("email-message", kv{"is_multipart", jbool(false)}, kv{"subject", jstr(v)})},
	}, nil
}

// hashPath is the pattern path of a hash: file:hashes.MD5,
// file:hashes.'SHA-1'.
func hashPath(obj, key string) string {
	if strings.IndexByte(key, '-') >= 0 {
		return obj + ":hashes.'" + key + "'"
	}
	return obj + ":hashes." + key
}

func hashConv(t string) func(string) (mapped, error) {
	return func(v string) (mapped, error) {
		key, h, ok := normHash(t, v)
		if !ok {
			return mapped{}, errors.New("not a valid " + t + " digest")
		}
		return mapped{
			cmps: []comparison{strCmp(hashPath("file", key), h)},
			scos: []*sco{newSCO("file", kv{"hashes", jobj(kv{key, jstr(h)})})},
		}, nil
	}
}

func filenameConv(v string) (mapped, error) {
	if v == "" {
		return mapped{}, errValue
	}
	return mapped{
		cmps: []comparison{strCmp("file:name", v)},
		scos: []*sco{newSCO("file", kv{"name", jstr(v)})},
	}, nil
}

func filenameHashConv(t string) func(string) (mapped, error) {
	return func(v string) (mapped, error) {
		i := strings.LastIndexByte(v, '|')
		if i <= 0 {
			return mapped{}, errors.New(`expected "filename|` + t + `"`)
		}
		name := v[:i]
		key, h, ok := normHash(t, v[i+1:])
		if !ok {
			return mapped{}, errors.New("not a valid " + t + " digest")
		}
		return mapped{
			cmps: []comparison{strCmp("file:name", name), strCmp(hashPath("file", key), h)},
			scos: []*sco{newSCO("file", kv{"name", jstr(name)}, kv{"hashes", jobj(kv{key, jstr(h)})})},
		}, nil
	}
}

func regkeyConv(v string) (mapped, error) {
	k := normRegKey(v)
	if k == "" {
		return mapped{}, errValue
	}
	return mapped{
		cmps: []comparison{strCmp("windows-registry-key:key", k)},
		scos: []*sco{newSCO("windows-registry-key", kv{"key", jstr(k)})},
	}, nil
}

func regkeyValueConv(v string) (mapped, error) {
	ks, data, ok := strings.Cut(v, "|")
	k := normRegKey(ks)
	if !ok || k == "" {
		return mapped{}, errors.New(`expected "regkey|value"`)
	}
	m := mapped{cmps: []comparison{strCmp("windows-registry-key:key", k)}}
	props := []kv{{"key", jstr(k)}}
	if data != "" {
		m.cmps = append(m.cmps, strCmp("windows-registry-key:values[*].data", data))
		props = append(props, kv{"values", jarr(jobj(kv{"data", jstr(data)}))})
	}
	m.scos = []*sco{newSCO("windows-registry-key", props...)}
	return m, nil
}

func mutexConv(v string) (mapped, error) {
	if v == "" {
		return mapped{}, errValue
	}
	return mapped{
		cmps: []comparison{strCmp("mutex:name", v)},
		scos: []*sco{newSCO("mutex", kv{"name", jstr(v)})},
	}, nil
}

func asConv(v string) (mapped, error) {
	n, ok := normAS(v)
	if !ok {
		return mapped{}, errors.New("not an autonomous system number")
	}
	return mapped{
		cmps: []comparison{intCmp("autonomous-system:number", n)},
		scos: []*sco{newSCO("autonomous-system", kv{"number", jint(n)})},
	}, nil
}

func macConv(v string) (mapped, error) {
	mac, ok := normMAC(v)
	if !ok {
		return mapped{}, errors.New("not a MAC-48 address")
	}
	return mapped{
		cmps: []comparison{strCmp("mac-addr:value", mac)},
		scos: []*sco{newSCO("mac-addr", kv{"value", jstr(mac)})},
	}, nil
}

// userAgentPath is where MISP's STIX export puts a user agent.
const userAgentPath = "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'"

func userAgentConv(v string) (mapped, error) {
	if v == "" {
		return mapped{}, errValue
	}
	return mapped{
		cmps: []comparison{strCmp(userAgentPath, v)},
		scos: []*sco{newSCO("x-fusion-user-agent", kv{"value", jstr(v)})},
	}, nil
}

func ja3Conv(v string) (mapped, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	if !isHex(v, 32) {
		return mapped{}, errors.New("not an MD5 digest")
	}
	return mapped{
		cmps: []comparison{strCmp("x-fusion-ja3:value", v)},
		scos: []*sco{newSCO("x-fusion-ja3", kv{"value", jstr(v)})},
	}, nil
}

func x509Conv(key string, n int) func(string) (mapped, error) {
	return func(v string) (mapped, error) {
		v = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(v), ":", ""))
		if !isHex(v, n) {
			return mapped{}, errors.New("not a valid " + key + " fingerprint")
		}
		return mapped{
			cmps: []comparison{strCmp(hashPath("x509-certificate", key), v)},
			scos: []*sco{newSCO("x509-certificate", kv{"hashes", jobj(kv{key, jstr(v)})})},
		}, nil
	}
}

func customConv(typ string, norm func(string) (string, bool)) func(string) (mapped, error) {
	return func(v string) (mapped, error) {
		n, ok := norm(v)
		if !ok {
			return mapped{}, errValue
		}
		return mapped{
			cmps: []comparison{strCmp(typ+":value", n)},
			scos: []*sco{newSCO(typ, kv{"value", jstr(n)})},
		}, nil
	}
}

func normTrim(s string) (string, bool) {
	s = strings.TrimSpace(s)
	return s, s != ""
}

func normIBAN(s string) (string, bool) {
	s = compact(s)
	return s, len(s) >= 15 && len(s) <= 34 && isAlnum(s)
}

func normBIC(s string) (string, bool) {
	s = compact(s)
	return s, (len(s) == 8 || len(s) == 11) && isAlnum(s)
}

func normCard(s string) (string, bool) {
	s = compact(s)
	return s, len(s) >= 12 && len(s) <= 19 && allDigits(s)
}

func normCrypto(s string) (string, bool) {
	s = strings.TrimSpace(s)
	return s, len(s) >= 25 && len(s) <= 120 && isAlnum(s)
}

func normPhone(s string) (string, bool) {
	s = strings.TrimSpace(s)
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '+' || c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '/':
		default:
			return "", false
		}
	}
	return s, digits >= 3
}

// timeCmp is a timestamp comparison (x509 validity, registry times).
func timeCmp(path string, t time.Time) comparison {
	return comparison{path: path, kind: cTime, s: stixTime(t)}
}
