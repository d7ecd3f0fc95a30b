// Package freetext finds threat-intelligence indicators in prose: analysts'
// pasted reports, e-mails, chat logs and the free text partners send.
//
// It is pure: it reads only the reader it is given, keeps no global mutable
// state, writes nothing and never resolves or fetches what it finds. Memory is
// bounded whatever the input size: input is read in blocks and only a small
// window of context around the current position is kept.
//
// # What is found
//
// Each [Found] carries a Kind written as the STIX object path Fusion's store
// uses (see the Kind constants), the normalised Value, the Raw text as it
// appeared, and its position. A value that fails its check is not an
// indicator and is not reported.
//
// Values flagged [Private] (RFC 1918, loopback, link-local, CGNAT, unique-local
// IPv6, documentation and benchmarking ranges, multicast, reserved) are still
// reported so analysts see them, but they must not be shared by default:
// callers that share indicators drop them unless asked to keep them.
//
// # Rules
//
// Tokens are runs of bytes between whitespace, control characters, quotes
// (" ' `), angle brackets, ',' and '|'. A token longer than 8 KiB (a base64
// blob, say) is skipped whole. Defanged forms are refanged first (see
// [Refang]); a bracketed dot or at with one space on either side
// ("evil [.] com") joins the words around it.
//
//   - IPv4: four decimal octets 0–255 with no leading zeros, not touching a
//     letter, digit, '_' or another dotted number (so 1.2.3.4.5 and v2.0.1.7
//     are not addresses). It is a version string, not an address, when one
//     of the three words before it on the same line (within 48 bytes; runs
//     of digits do not count as words) is a version word (version, ver, v,
//     build, release, rev, revision, firmware, fw, patch, kernel, driver,
//     upgrade(d), sp, rc, beta…), when it follows another version string
//     joined only by "and", "or", "to", "through", ",", "-" or "/", when
//     "-letter" or "+" follows it (2.0.1.7-beta), when '.' and a letter
//     follow it (2.0.1.7.zip) or when a letter and '-' precede it
//     (agent-2.0.1.7). "update" is not a version word: malware fetches
//     updates from addresses.
//   - IPv6: the usual forms (compressed, embedded IPv4), at least one decimal
//     digit, hex letters all in one case; eight two-digit groups (MAC-like)
//     and timestamps such as 12:30:45 are not addresses. Values are canonical
//     (RFC 5952).
//   - Domains: ASCII or punycode labels per RFC 1035/IDNA whose public suffix
//     is an ICANN suffix, or a multi-label private suffix, of the public
//     suffix list (golang.org/x/net/publicsuffix); a name that is itself a
//     public suffix is rejected. A bare name (not in a URL or e-mail address)
//     is also rejected when it touches '/', '\', '_', '@', '$', '%', '~' or
//     '#' before or '_', '(', '@', '\' or '$' after (paths, code); when its
//     last label has capitals but the name is not all capitals (System.IO,
//     Console.Out); when two or more labels are all digits (agent-2.0.1.7.zip;
//     .arpa names excepted); and when it is name.ext with exactly two labels
//     where ext is a top-level domain that is more often a file extension or a
//     code member (zip, mov, sh, py, rs, md, pl, pm, cc, so, ps, mo, tf, am,
//     ac, one, pub, app, run, download, cab, java, pid, data, name, host,
//     new, email) unless it was defanged. So "setup.py" is not a domain but
//     "setup[.]py", "http://setup.py/" and "www.evil.zip" are.
//   - URLs: http, https and ftp (hxxp forms refanged) up to whitespace,
//     quotes, angle brackets, ',', '|', '\', '{', '}', '^', a non-ASCII
//     byte or an unbalanced ')' or ']'; trailing . , ; : ! ? ' * are dropped.
//     The host must be a valid domain (the bare-name rules do not apply) or
//     an IP address, and is also reported on its own. Scheme and host are
//     lower-cased, the rest is kept as written.
//   - E-mail addresses: local@domain with a valid domain, lower-cased; the
//     domain is not reported separately (it is often a mail provider's).
//     Message-ID, In-Reply-To, References and Content-ID header lines hold
//     message ids, not addresses, and are skipped.
//   - Hashes: 32, 40, 64 or 128 hex digits between non-alphanumerics, with
//     both digits and letters, not touching '-' (GUID pieces) and not after
//     "0x". They also need context: a hash word (md5, sha…, hash, checksum,
//     digest, sample, ioc, indicator, virustotal, fingerprint) within 256
//     bytes on the same line; or, for a hash in a list or table (it starts
//     its line after bullets or numbering, follows two spaces as in a
//     column, or its line has '|', tab, ',' or ';'), another accepted hash
//     at most two lines and 512 bytes before it or a hash word in the 1 KiB
//     before its line. Commit ids and random hex in prose are thus left out.
//   - CVE-YYYY-NNNN… (1999–2099, 4–7 digits, any case, reported upper case).
//     ATT&CK techniques T1000–T1999 with an optional .NNN sub-technique,
//     capital T, on word boundaries.
//   - IBAN: a known country with its registry length, mod-97 = 1, written
//     compact or in groups of four separated by single spaces.
//   - Payment cards: 13–19 digits, compact or grouped 4-4-4-4(-3),
//     4-4-4-1..4, 4-6-4 or 4-6-5 with single spaces or single dashes,
//     Luhn-valid, with a known issuer prefix and length (see issuerOK), not
//     a group of a longer number and not after '+' (phone numbers).
//   - BIC: 4 letters, an ISO 3166 country, 2 location and optionally 3 branch
//     characters, all capitals, and the word BIC or SWIFT within 48 bytes
//     before or 24 after on the same line: eight capitals are common in
//     prose.
//   - Bitcoin (mainnet): base58check P2PKH (1…) and P2SH (3…) with version
//     byte and checksum verified, and bech32 (witness v0) / bech32m (v1+)
//     bc1 addresses with checksum and program length verified (bech32 values
//     lower-cased). Ethereum: 0x and 40 hex digits; mixed case must satisfy
//     EIP-55; the value is always the EIP-55 form. Monero: 95-character
//     standard (4…) and subaddress (8…) addresses, Monero base58 decoded and
//     Keccak-256 checksum verified.
package freetext

import (
	"context"
	"io"
)

// Kinds of indicator, written as the STIX object paths Fusion's store uses.
const (
	KindIPv4   = "ipv4-addr:value"
	KindIPv6   = "ipv6-addr:value"
	KindDomain = "domain-name:value"
	KindURL    = "url:value"
	KindEmail  = "email-addr:value"
	KindMD5    = "file:hashes.MD5"
	KindSHA1   = "file:hashes.'SHA-1'"
	KindSHA256 = "file:hashes.'SHA-256'"
	KindSHA512 = "file:hashes.'SHA-512'"
	KindCVE    = "vulnerability:name"
	KindATTACK = "attack-pattern:external_references.external_id"
	KindIBAN   = "x-fusion-iban:value"
	KindBIC    = "x-fusion-bic:value"
	KindCard   = "x-fusion-card:value"
	KindBTC    = "x-fusion-btc:value"
	KindETH    = "x-fusion-eth:value"
	KindXMR    = "x-fusion-xmr:value"
)

// Flag is a set of facts about a Found value.
type Flag uint8

const (
	// Private marks an address that is not globally routable: RFC 1918,
	// loopback, link-local, CGNAT, unique-local IPv6, documentation,
	// benchmarking, multicast and reserved ranges. Such values are not
	// shared by default.
	Private Flag = 1 << iota
	// Defanged marks a value whose Raw text was defanged and had to be
	// refanged to give Value.
	Defanged
)

// String returns the flags as "private|defanged", or "" for none.
func (f Flag) String() string {
	var b []byte
	if f&Private != 0 {
		b = append(b, "private"...)
	}
	if f&Defanged != 0 {
		if len(b) > 0 {
			b = append(b, '|')
		}
		b = append(b, "defanged"...)
	}
	return string(b)
}

// Found is one indicator found in the text.
type Found struct {
	Kind   string // one of the Kind constants
	Value  string // normalised: refanged, lower case where case does not matter
	Raw    string // the input bytes at Offset, as they appeared
	Line   int    // 1-based line of Offset
	Col    int    // 1-based column of Offset, in bytes
	Offset int64  // byte offset of Raw in the input
	Flags  Flag
}

// Extract reads r to its end and calls fn for each indicator, in order of
// position (ties in Kind, then Value, order). Each distinct value at a
// position is reported once. It stops at the first error from r or fn, or
// when ctx is done, and returns that error (fn's error is returned as is).
// Memory use is bounded whatever the size of the input.
func Extract(ctx context.Context, r io.Reader, fn func(Found) error) error {
	return extract(ctx, r, fn, bufSize)
}

func extract(ctx context.Context, r io.Reader, fn func(Found) error, size int) error {
	s := newScanner(fn)
	buf := make([]byte, size)
	n := 0
	eof := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		empty := 0
		for n < len(buf) && !eof {
			k, err := r.Read(buf[n:])
			n += k
			switch {
			case err == io.EOF:
				eof = true
			case err != nil:
				return err
			case k == 0:
				if empty++; empty > 100 {
					return io.ErrNoProgress
				}
			}
		}
		s.buf, s.eof = buf[:n], eof
		s.process()
		if s.err != nil {
			return s.err
		}
		if eof {
			return nil
		}
		keep := s.pos - lookBehind
		if keep <= 0 {
			// process always consumes all but the last maxToken+lookAhead
			// bytes of a full buffer, so this cannot happen with size >
			// lookBehind+maxToken+lookAhead; guard anyway.
			keep = s.pos
			if keep == 0 {
				return io.ErrShortBuffer
			}
		}
		s.discard(keep)
		n = copy(buf, buf[keep:n])
	}
}

// ExtractBytes returns the indicators in b, in order of position.
func ExtractBytes(b []byte) []Found {
	var out []Found
	s := newScanner(func(f Found) error { out = append(out, f); return nil })
	s.buf, s.eof = b, true
	s.process()
	return out
}

// Refang undoes the usual ways of defanging indicators: hxxp, hXXp and hxxps
// schemes; [.] (.) {.} [dot] (dot) {dot} for '.'; [at] (at) {at} [@] (@) for
// '@'; [:] for ':'; [://] for "://" and [/] for '/'. Bracket words match in any
// case, and one space on either side of a bracketed dot or at is dropped
// ("user [at] example [dot] com" becomes "user@example.com"). Less common
// schemes ("meow" for http, "\." for dots) are not undone: they are rare in
// the reports this package reads and would cost precision elsewhere.
func Refang(s string) string {
	var sc scanner
	if !sc.refang([]byte(s)) {
		return s
	}
	return string(sc.r)
}
