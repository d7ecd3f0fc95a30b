package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

type kind int

const (
	kIPv4 kind = iota
	kIPv6
	kDomain
	kURL
	kEmail
	kMD5
	kSHA1
	kSHA256
	kIBAN
	kWallet
)

var kindNoun = map[kind]string{
	kIPv4: "IPv4 address", kIPv6: "IPv6 address", kDomain: "domain", kURL: "URL", kEmail: "email address",
	kMD5: "file MD5", kSHA1: "file SHA-1", kSHA256: "file SHA-256", kIBAN: "mule bank account (IBAN)", kWallet: "cryptocurrency wallet",
}

// iocContext is one strand of the story that indicators belong to.
type iocContext struct {
	key    string // indicator keys are "ind-<key>-<n>"
	role   string // goes into names: "DEMO <role> <noun>: <value>"
	story  string // goes into descriptions
	target string // story key of what the indicators indicate
	label  string
	phase  string
	types  []string
	by     []string // creators, in rotation
	tlp    []string // markings, in rotation
	day0   int
	day1   int
	counts []kindCount
	fixed  map[kind][]string
	// indicates reports whether indicator n gets an "indicates" relationship.
	indicates func(n int) bool
}

type kindCount struct {
	k kind
	n int
}

func always(int) bool { return true }

// every(k) selects indicators 0, k, 2k, …
func every(k int) func(int) bool { return func(n int) bool { return n%k == 0 } }

func (b *builder) contexts() []iocContext {
	md5Zip, _, sha256Zip := digests(labelZip)
	return []iocContext{
		{
			key: "tidewater-phish", role: "Tidewater phishing", target: "camp-tidewater", label: "phishing", phase: "initial-access",
			story: "seen in invoice-themed lures of DEMO Operation Tidewater",
			types: []string{"malicious-activity"}, by: []string{"bank-csirt", "centre", "unit-BR"}, tlp: []string{tlpGreen, tlpGreen, tlpAmber},
			day0: 12, day1: 70,
			counts: []kindCount{{kEmail, 8}, {kDomain, 10}, {kURL, 8}, {kSHA256, 4}, {kMD5, 3}, {kIPv4, 6}},
			fixed: map[kind][]string{
				kEmail: {mailSender}, kDomain: {domCDN, domLookMe}, kURL: {urlPayload, urlPhish},
				kSHA256: {sha256Zip}, kMD5: {md5Zip},
			},
			indicates: func(n int) bool { return n%4 == 0 },
		},
		{
			key: "loaderx-c2", role: "LoaderX C2", target: "loaderx", label: "c2", phase: "command-and-control",
			story: "used as a DEMO-LoaderX command-and-control endpoint",
			types: []string{"malicious-activity"}, by: []string{"vendor", "centre"}, tlp: []string{tlpGreen, tlpGreen, tlpAmber},
			day0: 20, day1: 80,
			counts:    []kindCount{{kIPv4, 14}, {kIPv6, 3}, {kDomain, 8}, {kURL, 4}},
			fixed:     map[kind][]string{kIPv4: {ipC2}, kIPv6: {ip6C2}, kDomain: {domGate}, kURL: {urlGate}},
			indicates: every(3),
		},
		{
			key: "stealerq", role: "StealerQ", target: "stealerq", label: "stealer", phase: "exfiltration",
			story: "tied to DEMO-StealerQ credential theft and its exfiltration drop",
			types: []string{"malicious-activity"}, by: []string{"vendor", "bank-csirt"}, tlp: []string{tlpAmber},
			day0: 26, day1: 75,
			counts:    []kindCount{{kIPv4, 6}, {kDomain, 4}, {kSHA256, 4}, {kMD5, 3}, {kSHA1, 3}},
			fixed:     map[kind][]string{kIPv4: {ipExfil}, kSHA256: {sha256Of(labelStealerQ)}},
			indicates: every(3),
		},
		{
			key: "lockshell", role: "LockShell", target: "lockshell", label: "ransomware", phase: "impact",
			story: "belonging to DEMO-LockShell ransomware intrusions",
			types: []string{"malicious-activity"}, by: []string{"centre", "unit-AU"}, tlp: []string{tlpClear},
			day0: 42, day1: 90,
			counts:    []kindCount{{kSHA256, 4}, {kMD5, 2}, {kSHA1, 2}, {kEmail, 2}},
			fixed:     map[kind][]string{kSHA256: {sha256Of(labelLockExe), sha256Of(labelNote)}},
			indicates: every(2),
		},
		{
			key: "lowtide", role: "Low Tide", target: "loaderx-b", label: "lowtide", phase: "initial-access",
			story: "seen when DEMO Operation Low Tide broke into ExampleVPN appliances and dropped DEMO-LoaderX.B",
			types: []string{"malicious-activity", "compromised"}, by: []string{"unit-JP", "vendor", "unit-AU"}, tlp: []string{tlpAmber},
			day0: 92, day1: 150,
			counts:    []kindCount{{kIPv4, 8}, {kIPv6, 3}, {kDomain, 4}, {kURL, 4}, {kSHA256, 2}, {kSHA1, 1}},
			indicates: every(4),
		},
		{
			key: "seaspray", role: "Seaspray flood source", target: "camp-seaspray", label: "ddos", phase: "impact",
			story: "sending flood traffic in DEMO Operation Seaspray (hijacked routers and open proxies)",
			types: []string{"anonymization", "malicious-activity"}, by: []string{"unit-KE", "telecom-cert"}, tlp: []string{tlpClear},
			day0: 126, day1: 140,
			counts:    []kindCount{{kIPv4, 6}, {kDomain, 4}},
			indicates: func(n int) bool { return n < 2 },
		},
		{
			key: "mule", role: "Driftwood mule", target: "ta-driftwood", label: "financial",
			story: "used to receive or launder proceeds for DEMO Driftwood Jackal",
			types: []string{"attribution"}, by: []string{"centre"}, tlp: []string{tlpAmberStrict},
			day0: 50, day1: 110,
			counts:    []kindCount{{kIBAN, 3}, {kWallet, 2}},
			indicates: every(2),
		},
	}
}

var (
	domainWords = []string{"invoice", "secure", "login", "update", "cdn", "pay", "docs", "account", "verify", "portal", "sync", "mail", "track", "billing", "support", "remit"}
	storyWords  = []string{"tidewater", "sandbar", "lowtide", "seaspray", "harbor", "reef", "lagoon", "driftwood", "jetty", "breakwater"}
	suffixes    = []string{"example", "test", "example.com", "example.net"}
	localParts  = []string{"billing", "accounts", "noreply", "hr-payroll", "it-helpdesk", "ceo.office", "remittance", "security-alert", "invoices", "treasury"}
	urlPaths    = []string{"/dl/invoice_%04d.zip", "/gate.php?id=%04x", "/static/demo/%04d.js", "/login/verify?session=%04x", "/files/remittance_%04d.pdf.exe"}
	ipv4Nets    = []string{"198.51.100.", "203.0.113.", "192.0.2."}
)

// values makes the indicator values of one kind for a context: the fixed ones
// first, then deterministic made-up ones.
func (b *builder) values(c iocContext, k kind, n int, used map[string]bool, domains []string) []string {
	out := append([]string(nil), c.fixed[k]...)
	for _, v := range out {
		used[v] = true
	}
	for i := 0; len(out) < n; i++ {
		var v string
		switch k {
		case kIPv4:
			v = pick(b.r, ipv4Nets) + strconv.Itoa(2+b.r.intn(252))
		case kIPv6:
			v = fmt.Sprintf("2001:db8:%x:%x::%x", 0x1000+b.r.intn(0xefff), b.r.intn(0xffff), 1+b.r.intn(0xfff))
		case kDomain:
			v = pick(b.r, domainWords) + "-" + pick(b.r, storyWords) + "." + pick(b.r, suffixes)
			if b.r.intn(3) == 0 {
				v = pick(b.r, domainWords) + "." + v
			}
		case kURL:
			host := pick(b.r, domainWords) + "-" + pick(b.r, storyWords) + "." + pick(b.r, suffixes)
			if len(domains) > 0 && b.r.intn(2) == 0 {
				host = pick(b.r, domains)
			}
			v = "https://" + host + fmt.Sprintf(pick(b.r, urlPaths), b.r.intn(0x10000))
		case kEmail:
			host := pick(b.r, storyWords) + "-" + pick(b.r, domainWords) + "." + pick(b.r, suffixes)
			if len(domains) > 0 && b.r.intn(2) == 0 {
				host = pick(b.r, domains)
			}
			v = pick(b.r, localParts) + "@" + host
		case kMD5, kSHA1, kSHA256:
			md5hex, sha1hex, sha256hex := digests(fmt.Sprintf("%s sample %d", c.key, i))
			v = map[kind]string{kMD5: md5hex, kSHA1: sha1hex, kSHA256: sha256hex}[k]
		case kIBAN:
			// "ZZ" is not an ISO 3166 country code, so this can never be a real IBAN.
			v = fmt.Sprintf("ZZ%02dDEMO%014d", 10+b.r.intn(90), b.r.next()%1e14)
		case kWallet:
			const alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
			var s strings.Builder
			s.WriteString("demo1q")
			for range 32 {
				s.WriteByte(alphabet[b.r.intn(len(alphabet))])
			}
			v = s.String()
		}
		if !used[v] {
			used[v] = true
			out = append(out, v)
		}
	}
	return out
}

func pattern(c iocContext, k kind, v string) string {
	switch k {
	case kIPv4:
		return "[ipv4-addr:value = " + lit(v) + "]"
	case kIPv6:
		return "[ipv6-addr:value = " + lit(v) + "]"
	case kDomain:
		return "[domain-name:value = " + lit(v) + "]"
	case kURL:
		return "[url:value = " + lit(v) + "]"
	case kEmail:
		if c.label == "phishing" {
			return "[email-message:from_ref.value = " + lit(v) + "]"
		}
		return "[email-addr:value = " + lit(v) + "]"
	case kMD5:
		return "[file:hashes.MD5 = " + lit(v) + "]"
	case kSHA1:
		return "[file:hashes.'SHA-1' = " + lit(v) + "]"
	case kSHA256:
		return "[file:hashes.'SHA-256' = " + lit(v) + "]"
	case kIBAN:
		return "[x-fusion-demo-bank-account:iban = " + lit(v) + "]"
	case kWallet:
		return "[x-fusion-demo-crypto-wallet:address = " + lit(v) + "]"
	}
	panic("unknown kind")
}

// indicators adds about 150 indicators, "indicates" relationships for a share
// of them (every indicator is also listed in a report or grouping), a
// three-version indicator and a revoked one.
func (b *builder) indicators() {
	used := map[string]bool{}
	b.ctxIndicators = map[string][]string{}
	for _, c := range b.contexts() {
		total := 0
		for _, kc := range c.counts {
			total += kc.n
		}
		var domains []string
		n := 0
		for _, kc := range c.counts {
			vals := b.values(c, kc.k, kc.n, used, domains)
			if kc.k == kDomain {
				domains = vals
			}
			for _, v := range vals {
				day := c.day0 + n*(c.day1-c.day0)/total
				name := fmt.Sprintf("DEMO %s %s: %s", c.role, kindNoun[kc.k], short(v, kc.k))
				desc := fmt.Sprintf("Synthetic demo indicator: %s %s. Not real intelligence.", kindNoun[kc.k], c.story)
				var phases []string
				if c.phase != "" {
					phases = []string{c.phase}
				}
				types := c.types[:1]
				if kc.k == kIPv4 && len(c.types) > 1 {
					types = c.types
				}
				b.indicator(c, n, day, name, desc, types, pattern(c, kc.k, v), phases, kc.k)
				n++
			}
		}
	}
	b.compoundIndicators()
	b.indicatorVersions()
}

// short abbreviates long hashes and wallets in names.
func short(v string, k kind) string {
	switch k {
	case kMD5, kSHA1, kSHA256, kWallet:
		return v[:16] + "…"
	}
	return v
}

// indicatorCases gives the first indicator of some contexts a demo case
// reference through the demo case-tracking extension.
var indicatorCases = map[string]string{
	"tidewater-phish": "DEMO-CASE-0002",
	"loaderx-c2":      "DEMO-CASE-0003",
	"mule":            "DEMO-CASE-0005",
}

func (b *builder) indicator(c iocContext, n, day int, name, desc string, types []string, pat string, phases []string, k kind) {
	key := fmt.Sprintf("ind-%s-%d", c.key, n)
	by := c.by[n%len(c.by)]
	created := at(day, key)
	o := b.head(sdo{typ: "indicator", key: key, by: b.ref(by), created: created})
	o = append(o,
		kv{"name", name},
		kv{"description", desc},
		kv{"indicator_types", types},
		kv{"pattern", pat},
		kv{"pattern_type", "stix"},
		kv{"pattern_version", "2.1"},
		kv{"valid_from", ts(created)},
	)
	switch k {
	case kIPv4, kIPv6, kDomain, kURL:
		days := 90
		if c.key == "loaderx-c2" {
			days = 60
		}
		o = append(o, kv{"valid_until", ts(created.AddDate(0, 0, days))})
	}
	if len(phases) > 0 {
		o = append(o, kv{"kill_chain_phases", killChain(phases...)})
	}
	o = append(o,
		kv{"labels", []string{"demo", c.label}},
		kv{"confidence", 40 + 5*((n*7+len(c.key))%12)},
	)
	if by == "vendor" && n%3 == 0 {
		o = append(o, kv{"external_references", []obj{{
			{"source_name", "Example Security Vendor"},
			{"description", "Fictional vendor write-up (demo reference)."},
			{"url", "https://vendor.example/research/demo-" + c.key},
		}}})
	}
	if n%7 == 3 {
		o = append(o, kv{"x_fusion_demo_score", 50 + (n*13)%50})
	}
	if ref, ok := indicatorCases[c.key]; ok && n == 0 {
		o = append(o, kv{"extensions", b.caseExt(ref, 2)})
	}
	b.add(b.marks(o, c.tlp[n%len(c.tlp)]))
	b.ctxIndicators[c.key] = append(b.ctxIndicators[c.key], b.ref(key))
	if c.indicates(n) {
		b.relBy("indicates", key, c.target, day, "", by, tlpGreen)
	}
}

func (b *builder) compoundIndicators() {
	md5L, _, sha256L := digests(labelLoaderX)
	md5S, sha1S, sha256S := digests(labelStealerQ)
	_, _, sha256Zip := digests(labelZip)
	c := iocContext{
		key: "compound", label: "compound", by: []string{"centre", "vendor", "bank-csirt"},
		tlp: []string{tlpGreen, tlpGreen, tlpAmber}, indicates: always,
	}
	for n, x := range []struct {
		name, desc, pat, target, phase string
		day                            int
	}{
		{"DEMO-LoaderX sample hashes (MD5 or SHA-256)", "loaderx.exe from the invoice lure, by either hash",
			"[file:hashes.MD5 = " + lit(md5L) + " OR file:hashes.'SHA-256' = " + lit(sha256L) + "]", "loaderx", "execution", 20},
		{"DEMO-StealerQ component hashes", "the stq_helper.dll component, by any of three hashes",
			"[file:hashes.MD5 = " + lit(md5S) + " OR file:hashes.'SHA-1' = " + lit(sha1S) + " OR file:hashes.'SHA-256' = " + lit(sha256S) + "]", "stealerq", "credential-access", 30},
		{"DEMO Tidewater C2 address together with its gate domain", "the C2 address and the gate domain seen in the same window",
			"[ipv4-addr:value = " + lit(ipC2) + "] AND [domain-name:value = " + lit(domGate) + "]", "infra-c2", "command-and-control", 32},
		{"DEMO lure email followed by payload download", "the lure subject followed within ten minutes by a fetch of the payload URL",
			"([email-message:subject = 'DEMO Invoice 0317 overdue'] FOLLOWEDBY [url:value = " + lit(urlPayload) + "]) WITHIN 600 SECONDS", "camp-tidewater", "initial-access", 18},
		{"DEMO TLS session to the Tidewater C2", "outbound TLS to the C2 address on port 443",
			"[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = " + lit(ipC2) + " AND network-traffic:dst_port = 443]", "loaderx", "command-and-control", 31},
		{"DEMO-LoaderX Run key persistence", "the Run value DEMO-LoaderX writes for persistence",
			"[windows-registry-key:key = " + lit(runKey) + " AND windows-registry-key:values[*].name = " + lit(runValue) + "]", "loaderx", "persistence", 19},
		{"DEMO-LoaderX mutex", "the mutex DEMO-LoaderX creates to run once per host",
			"[mutex:name = " + lit(mutexName) + "]", "loaderx", "execution", 19},
		{"DEMO Low Tide scanning range, April 2026", "scanning from a fictional hosting range during April 2026 only",
			"[ipv4-addr:value ISSUBSET '203.0.113.64/26'] START t'2026-04-01T00:00:00Z' STOP t'2026-05-01T00:00:00Z'", "camp-lowtide", "reconnaissance", 93},
		{"DEMO Tidewater lure hosting, by name or path", "any host under the lure domain, or a download path on its CDN",
			"[domain-name:value LIKE '%.tidewater-invoices.example'] OR [url:value MATCHES " + lit(`^https://cdn\.tidewater-invoices\.example/dl/`) + "]", "infra-phish", "initial-access", 16},
		{"DEMO Tidewater self-signed certificate", "the self-signed certificate of the lure CDN",
			"[x509-certificate:hashes.'SHA-256' = " + lit(sha256Of(labelCert)) + "]", "infra-phish", "initial-access", 22},
		{"DEMO invoice archive by name and size", "the lure archive name with a plausible size",
			"[file:name = 'invoice_0317.zip' AND file:size >= 90000]", "camp-tidewater", "initial-access", 17},
		{"DEMO Seaspray DNS flood", "bursts of DNS queries towards a fictional resolver",
			"[network-traffic:dst_ref.value = '192.0.2.53' AND network-traffic:dst_port = 53] REPEATS 50 TIMES WITHIN 60 SECONDS", "camp-seaspray", "impact", 127},
		{"DEMO lure email carrying the invoice archive", "the lure sender together with the attached archive's hash",
			"[email-message:from_ref.value = " + lit(mailSender) + " AND email-message:body_multipart[*].body_raw_ref.hashes.'SHA-256' = " + lit(sha256Zip) + "]", "camp-tidewater", "initial-access", 18},
		{"DEMO-LoaderX command line", "the command line DEMO-LoaderX is started with",
			"[process:command_line MATCHES " + lit(`loaderx\.exe /demo$`) + "]", "loaderx", "execution", 21},
	} {
		c.target = x.target
		b.indicator(c, n, x.day, x.name, "Synthetic demo indicator: "+x.desc+". Not real intelligence.",
			[]string{"malicious-activity"}, x.pat, []string{x.phase}, -1)
	}
}

// indicatorVersions adds later versions: one indicator is refined twice, one is
// revoked as a false positive.
func (b *builder) indicatorVersions() {
	v1 := b.find("ind-loaderx-c2-0")
	v2 := v1.with("modified", ts(at(27, "ind-loaderx-c2-0-v2"))).
		with("confidence", 85).
		with("description", "Synthetic demo indicator: IPv4 address used as a DEMO-LoaderX command-and-control endpoint; confirmed by two member units. Not real intelligence.")
	b.add(v2)
	created, _ := time.Parse(time.RFC3339, v1.get("created").(string))
	b.add(v2.with("modified", ts(at(58, "ind-loaderx-c2-0-v3"))).
		with("confidence", 95).
		with("valid_until", ts(created.AddDate(0, 0, 120))))

	r1 := b.find("ind-tidewater-phish-10")
	b.add(r1.with("modified", ts(at(64, "ind-tidewater-phish-10-revoked"))).
		with("revoked", true).
		with("description", "Synthetic demo indicator, revoked: the domain turned out to be a fictional partner's test site."))
}

// find returns the first added object with the story key's id.
func (b *builder) find(key string) obj {
	id := b.ref(key)
	for _, o := range b.objs {
		if o.id() == id {
			return o
		}
	}
	b.fail(fmt.Errorf("no object for %s", key))
	return nil
}

// indicatorRefs returns the ids of the indicators of the given contexts.
func (b *builder) indicatorRefs(contexts ...string) []string {
	var out []string
	for _, c := range contexts {
		out = append(out, b.ctxIndicators[c]...)
	}
	return out
}
