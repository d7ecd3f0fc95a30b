// Package testgen generates synthetic STIX 2.1 data in volume, for benchmarks,
// load tests and fuzz corpora.
//
// Output is deterministic for a given seed and is written as a stream in
// constant memory, so a test can ask for millions of objects. The data is
// realistic in shape only: IPv4 values cover the whole address space, domains
// are random labels under real top-level domains, hashes are random hex. It is
// not intelligence and must never be loaded into a store that feeds detection,
// blocking or sharing; for a small, coherent and clearly fictional data set use
// package demo instead.
package testgen

import (
	"bufio"
	"errors"
	"io"
	"strconv"
)

// Indicators writes a STIX 2.1 bundle of n indicator objects to w, streaming
// (constant memory), deterministic for a given seed.
//
// Each indicator is 400 to 700 bytes of compact JSON: an indicator--<UUIDv4>
// id derived from the seed and its index, millisecond timestamps in 2026, a
// name ("Generated indicator 123: …"), a one-sentence description,
// indicator_types, labels, confidence and a "stix" pattern over an IPv4 address
// (30%), a domain name (20%), a URL (15%), a file MD5 (10%) or SHA-256 (13%), an
// email address (7%), or a compound MD5-or-SHA-256 file comparison (5%). Some
// also carry valid_until, a TLP 2.0 object_marking_refs entry, an external
// reference or a kill-chain phase, as far as the size bound allows. IPv4 values
// are a bijection of the index, so they are distinct for n up to 2^32.
//
// The bundle holds one object per line. With n == 0 it has no objects property,
// as STIX forbids empty lists. Object i is the same whatever n is, so a prefix
// of a large bundle equals a small one.
func Indicators(w io.Writer, n int, seed int64) error {
	if n < 0 {
		return errors.New("testgen: negative indicator count")
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	g := newGen(seed)

	buf := make([]byte, 0, 1024)
	buf = append(buf, `{"type":"bundle","id":"bundle--`...)
	r := g.rand(-1)
	buf = appendUUID4(buf, &r)
	buf = append(buf, '"')
	if n > 0 {
		buf = append(buf, `,"objects":[`...)
	}
	for i := range n {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '\n')
		buf = g.appendIndicator(buf, i)
		if _, err := bw.Write(buf); err != nil {
			return err
		}
		buf = buf[:0]
	}
	if n > 0 {
		buf = append(buf, "\n]"...)
	}
	buf = append(buf, "}\n"...)
	if _, err := bw.Write(buf); err != nil {
		return err
	}
	return bw.Flush()
}

// ---- randomness ----

// rnd is splitmix64. Each object gets its own generator seeded from the bundle
// seed and the object's index, so object i does not depend on objects before it.
type rnd uint64

func (r *rnd) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn returns a value in [0, n) for small n (bias is negligible for our use).
func (r *rnd) intn(n int) int { return int(r.next() % uint64(n)) }

type gen struct {
	seed    int64
	base    uint64 // mixed seed
	ipShift uint32
}

func newGen(seed int64) *gen {
	r := rnd(uint64(seed))
	base := r.next()
	return &gen{seed: seed, base: base, ipShift: uint32(base >> 32)}
}

func (g *gen) rand(i int) rnd {
	// Multiplying by an odd constant is a bijection, so distinct indices give
	// distinct states and (splitmix's output being a bijection of its state)
	// distinct first draws.
	return rnd(g.base ^ uint64(i)*0xd1b54a32d192ed03)
}

// ---- the indicator ----

const (
	epoch2026 = 1767225600000 // 2026-01-01T00:00:00Z in Unix milliseconds
	dayMillis = 24 * 3600 * 1000
)

var (
	tlp2 = [...]string{
		"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", // TLP:CLEAR
		"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", // TLP:GREEN
		"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", // TLP:AMBER
		"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", // TLP:AMBER+STRICT
		"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", // TLP:RED
	}
	tlds       = [...]string{"com", "net", "org", "info", "xyz", "top", "io", "biz"}
	urlWords   = [...]string{"login", "update", "download", "invoice", "account", "verify", "static", "files", "api", "gate", "secure", "docs"}
	urlExts    = [...]string{".php", ".zip", ".exe", ".js", ".html", "", ".dll", ".pdf"}
	localParts = [...]string{"billing", "support", "admin", "noreply", "hr", "payroll", "info", "security", "alerts", "office"}
	labelSet   = [...]string{"generated", "benchmark", "c2", "phishing", "malware", "botnet", "spam", "scanner", "ransomware", "stealer"}
	phases     = [...]string{"reconnaissance", "initial-access", "execution", "persistence", "command-and-control", "exfiltration", "impact"}
)

type kind struct {
	article, noun string // in names and descriptions
	types         string // indicator_types, as JSON
	label         string
}

var kinds = [...]kind{
	{"an ", "IPv4 address", `["malicious-activity"]`, "network"},
	{"a ", "domain name", `["malicious-activity"]`, "dns"},
	{"a ", "URL", `["malicious-activity","compromised"]`, "web"},
	{"a ", "file MD5", `["malicious-activity"]`, "file"},
	{"a ", "file SHA-256", `["malicious-activity"]`, "file"},
	{"an ", "email address", `["malicious-activity","attribution"]`, "email"},
	{"a ", "file (MD5 or SHA-256)", `["malicious-activity"]`, "file"},
}

const (
	kIPv4 = iota
	kDomain
	kURL
	kMD5
	kSHA256
	kEmail
	kCompound
)

func pickKind(p int) int {
	switch {
	case p < 30:
		return kIPv4
	case p < 50:
		return kDomain
	case p < 65:
		return kURL
	case p < 75:
		return kMD5
	case p < 88:
		return kSHA256
	case p < 95:
		return kEmail
	}
	return kCompound
}

// maxSize bounds an indicator's compact JSON size in bytes.
const maxSize = 700

func (g *gen) appendIndicator(b []byte, i int) []byte {
	start := len(b)
	r := g.rand(i)
	k := pickKind(r.intn(100))

	b = append(b, `{"type":"indicator","spec_version":"2.1","id":"indicator--`...)
	b = appendUUID4(b, &r)

	created := int64(epoch2026) + int64(r.next()%(300*dayMillis))
	modified := created
	if r.intn(3) == 0 {
		modified += int64(r.next() % (60 * dayMillis))
	}
	var cbuf [24]byte
	ct := appendTimestamp(cbuf[:0], created) // created and valid_from
	b = append(b, `","created":"`...)
	b = append(b, ct...)
	b = append(b, `","modified":"`...)
	if modified == created {
		b = append(b, ct...)
	} else {
		b = appendTimestamp(b, modified)
	}

	// The observable value(s) first, so name and pattern agree.
	var val, val2 []byte
	var scratch [160]byte
	switch k {
	case kIPv4:
		ip := uint32(i)*2654435761 + g.ipShift
		val = appendIPv4(scratch[:0], ip)
	case kDomain:
		val = appendDomain(scratch[:0], &r)
	case kURL:
		val = appendURL(scratch[:0], &r)
	case kMD5:
		val = appendHex(scratch[:0], &r, 16)
	case kSHA256:
		val = appendHex(scratch[:0], &r, 32)
	case kEmail:
		val = append(scratch[:0], localParts[r.intn(len(localParts))]...)
		if r.intn(2) == 0 {
			val = strconv.AppendInt(val, int64(r.intn(100)), 10)
		}
		val = append(val, '@')
		val = appendDomain(val, &r)
	case kCompound:
		val = appendHex(scratch[:0], &r, 16)
		val2 = appendHex(scratch[len(val):len(val)], &r, 32)
	}

	kd := &kinds[k]
	b = append(b, `","name":"Generated indicator `...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, ": "...)
	b = append(b, kd.noun...)
	if k != kCompound {
		b = append(b, ' ')
		if k == kMD5 || k == kSHA256 {
			b = append(b, val[:12]...)
			b = append(b, "..."...)
		} else {
			b = append(b, val...)
		}
	}
	b = append(b, `","description":"Synthetic testgen indicator (seed `...)
	b = strconv.AppendInt(b, g.seed, 10)
	b = append(b, `) for `...)
	b = append(b, kd.article...)
	b = append(b, kd.noun...)
	b = append(b, `; not real intelligence.","indicator_types":`...)
	b = append(b, kd.types...)

	b = append(b, `,"pattern":"[`...)
	switch k {
	case kIPv4:
		b = appendComparison(b, "ipv4-addr:value", val)
	case kDomain:
		b = appendComparison(b, "domain-name:value", val)
	case kURL:
		b = appendComparison(b, "url:value", val)
	case kMD5:
		b = appendComparison(b, "file:hashes.MD5", val)
	case kSHA256:
		b = appendComparison(b, "file:hashes.'SHA-256'", val)
	case kEmail:
		b = appendComparison(b, "email-addr:value", val)
	case kCompound:
		b = appendComparison(b, "file:hashes.MD5", val)
		b = append(b, " OR "...)
		b = appendComparison(b, "file:hashes.'SHA-256'", val2)
	}
	b = append(b, `]","pattern_type":"stix","pattern_version":"2.1","valid_from":"`...)
	b = append(b, ct...)
	b = append(b, `","labels":["generated","`...)
	b = append(b, kd.label...)
	if l := labelSet[r.intn(len(labelSet))]; l != "generated" {
		b = append(b, `","`...)
		b = append(b, l...)
	}
	b = append(b, `"],"confidence":`...)
	b = strconv.AppendInt(b, int64(r.intn(101)), 10)

	// Optional properties, each kept only if the object stays within maxSize.
	fits := func(mark int) {
		if len(b)-start+1 > maxSize {
			b = b[:mark]
		}
	}
	if (k == kIPv4 || k == kDomain || k == kURL) && r.intn(2) == 0 {
		mark := len(b)
		b = append(b, `,"valid_until":"`...)
		b = appendTimestamp(b, created+90*dayMillis)
		b = append(b, '"')
		fits(mark)
	}
	if r.intn(5) < 3 {
		mark := len(b)
		b = append(b, `,"object_marking_refs":["`...)
		b = append(b, tlp2[r.intn(len(tlp2))]...)
		b = append(b, `"]`...)
		fits(mark)
	}
	if r.intn(4) == 0 {
		mark := len(b)
		b = append(b, `,"external_references":[{"source_name":"testgen","external_id":"TG-`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `","url":"https://feeds.testgen.example/i/`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `"}]`...)
		fits(mark)
	}
	if r.intn(4) == 0 {
		mark := len(b)
		b = append(b, `,"kill_chain_phases":[{"kill_chain_name":"mitre-attack","phase_name":"`...)
		b = append(b, phases[r.intn(len(phases))]...)
		b = append(b, `"}]`...)
		fits(mark)
	}
	return append(b, '}')
}

func appendComparison(b []byte, path string, val []byte) []byte {
	b = append(b, path...)
	b = append(b, " = '"...)
	b = append(b, val...)
	return append(b, '\'')
}

// ---- value builders ----

const hexDigits = "0123456789abcdef"

// appendHex appends n random bytes as lowercase hex.
func appendHex(b []byte, r *rnd, n int) []byte {
	for n > 0 {
		v := r.next()
		for j := 0; j < 8 && n > 0; j++ {
			b = append(b, hexDigits[v>>4&0xf], hexDigits[v&0xf])
			v >>= 8
			n--
		}
	}
	return b
}

// appendUUID4 appends a random UUID in version 4, RFC 4122 variant form.
func appendUUID4(b []byte, r *rnd) []byte {
	var u [16]byte
	hi, lo := r.next(), r.next()
	for j := range 8 {
		u[j] = byte(hi >> (56 - 8*j))
		u[8+j] = byte(lo >> (56 - 8*j))
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	for j, c := range u {
		if j == 4 || j == 6 || j == 8 || j == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return b
}

func appendIPv4(b []byte, ip uint32) []byte {
	b = strconv.AppendUint(b, uint64(ip>>24), 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, uint64(ip>>16&0xff), 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, uint64(ip>>8&0xff), 10)
	b = append(b, '.')
	return strconv.AppendUint(b, uint64(ip&0xff), 10)
}

// appendLabel appends a random DNS label of 5 to 12 characters that starts with
// a letter.
func appendLabel(b []byte, r *rnd) []byte {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789"
	v := r.next()
	n := 5 + int(v%8)
	v >>= 3
	b = append(b, letters[v%26])
	v /= 26
	for j := 1; j < n; j++ {
		if j%10 == 0 {
			v = r.next()
		}
		b = append(b, chars[v%36])
		v /= 36
	}
	return b
}

func appendDomain(b []byte, r *rnd) []byte {
	if r.intn(3) == 0 {
		b = appendLabel(b, r)
		b = append(b, '.')
	}
	b = appendLabel(b, r)
	b = append(b, '.')
	return append(b, tlds[r.intn(len(tlds))]...)
}

func appendURL(b []byte, r *rnd) []byte {
	if r.intn(4) == 0 {
		b = append(b, "http://"...)
	} else {
		b = append(b, "https://"...)
	}
	b = appendDomain(b, r)
	for range 1 + r.intn(2) {
		b = append(b, '/')
		b = append(b, urlWords[r.intn(len(urlWords))]...)
	}
	b = append(b, '/')
	b = appendLabel(b, r)
	b = append(b, urlExts[r.intn(len(urlExts))]...)
	if r.intn(3) == 0 {
		b = append(b, "?id="...)
		b = appendHex(b, r, 4)
	}
	return b
}

// appendTimestamp appends a Unix time in milliseconds as a STIX timestamp
// (YYYY-MM-DDTHH:MM:SS.sssZ). It handles times from 1970 on.
func appendTimestamp(b []byte, ms int64) []byte {
	days := ms / dayMillis
	rem := ms % dayMillis
	y, m, d := civil(days)
	b = append4(b, y)
	b = append(b, '-')
	b = append2(b, m)
	b = append(b, '-')
	b = append2(b, d)
	b = append(b, 'T')
	b = append2(b, int(rem/3600000))
	b = append(b, ':')
	b = append2(b, int(rem/60000%60))
	b = append(b, ':')
	b = append2(b, int(rem/1000%60))
	b = append(b, '.')
	msec := int(rem % 1000)
	b = append(b, byte('0'+msec/100), byte('0'+msec/10%10), byte('0'+msec%10))
	return append(b, 'Z')
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's days_from_civil inverse), for days >= 0.
func civil(days int64) (year, month, day int) {
	z := days + 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		month = int(mp + 3)
	} else {
		month = int(mp - 9)
	}
	year = int(yoe + era*400)
	if month <= 2 {
		year++
	}
	return year, month, day
}

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }

func append4(b []byte, v int) []byte {
	return append(b, byte('0'+v/1000), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}
