package freetext

import (
	"bytes"
	"strings"
)

// findWords looks at each run of letters and digits in r: CVE ids, ATT&CK
// techniques, hashes, wallets, IBANs, cards and BICs.
func (s *scanner) findWords(r []byte) {
	for i := 0; i < len(r); {
		if !isAlnum(r[i]) {
			i++
			continue
		}
		a := i
		var cls uint16
		for i < len(r) && isAlnum(r[i]) {
			cls |= class[r[i]]
			i++
		}
		b := i
		n := b - a
		if cls&cDigit == 0 {
			if n == 3 && b < len(r) && r[b] == '-' && eqFold(r[a:b], "cve") {
				s.findCVE(r, a, b)
			}
			if (n == 8 || n == 11) && cls&cLower == 0 {
				s.findBIC(r, a, b)
			}
			continue
		}
		switch {
		case n == 5 && r[a] == 'T':
			s.findTechnique(r, a, b)
		case n == 42 && r[a] == '0' && lowerByte(r[a+1]) == 'x':
			if v, ok := ethValue(r[a:b]); ok {
				s.add(KindETH, v, a, b, 0)
			}
		case n == 32 || n == 40 || n == 64 || n == 128:
			s.findHash(r, a, b, cls)
		}
		if n >= 26 && n <= 35 && (r[a] == '1' || r[a] == '3') && base58Check(r[a:b]) {
			s.add(KindBTC, string(r[a:b]), a, b, 0)
		}
		if n >= 14 && n <= 90 && lowerByte(r[a]) == 'b' && lowerByte(r[a+1]) == 'c' && r[a+2] == '1' && segwit(r[a:b]) {
			s.add(KindBTC, strings.ToLower(string(r[a:b])), a, b, 0)
		}
		if n == 95 && (r[a] == '4' || r[a] == '8') && moneroCheck(r[a:b]) {
			s.add(KindXMR, string(r[a:b]), a, b, 0)
		}
		if n >= 4 && isAlpha(r[a]) && isAlpha(r[a+1]) && isDigit(r[a+2]) && isDigit(r[a+3]) {
			s.findIBAN(r, a, b)
		}
		if cls&(cUpper|cLower) == 0 && !s.mapped {
			s.findCard(s.bs(a), s.be(b))
		}
		if (n == 8 || n == 11) && cls&cLower == 0 {
			s.findBIC(r, a, b)
		}
	}
}

// findCVE reads CVE-YYYY-NNNN… after the word "CVE" at r[a:b].
func (s *scanner) findCVE(r []byte, a, b int) {
	k := b + 1
	y := k
	for k < len(r) && isDigit(r[k]) {
		k++
	}
	if k-y != 4 || k >= len(r) || r[k] != '-' {
		return
	}
	year := string(r[y:k])
	if year < "1999" || year > "2099" {
		return
	}
	k++
	n := k
	for k < len(r) && isDigit(r[k]) {
		k++
	}
	if k-n < 4 || k-n > 7 || (k < len(r) && isAlpha(r[k])) {
		return
	}
	s.add(KindCVE, "CVE-"+year+"-"+string(r[n:k]), a, k, 0)
}

// findTechnique reads an ATT&CK technique id T1xxx(.yyy) at r[a:b].
func (s *scanner) findTechnique(r []byte, a, b int) {
	if r[a+1] != '1' {
		return
	}
	for _, c := range r[a+1 : b] {
		if !isDigit(c) {
			return
		}
	}
	if b+4 <= len(r) && r[b] == '.' && isDigit(r[b+1]) && isDigit(r[b+2]) && isDigit(r[b+3]) {
		if b+4 < len(r) && isAlnum(r[b+4]) {
			return
		}
		b += 4
	} else if b+1 < len(r) && r[b] == '.' && isDigit(r[b+1]) {
		return // T1059.1, T1059.0011: not an id
	}
	s.add(KindATTACK, string(r[a:b]), a, b, 0)
}

// hashWords are the words that make a run of hex digits a hash.
var hashWords = []string{
	"md5*", "sha", "sha1*", "sha2*", "sha5*", "hash*", "checksum*", "digest*", "sample*",
	"ioc", "iocs", "indicator*", "virustotal*", "fingerprint*",
}

var hashKinds = map[int]string{32: KindMD5, 40: KindSHA1, 64: KindSHA256, 128: KindSHA512}

// findHash accepts a run of hex digits of a hash length in context.
func (s *scanner) findHash(r []byte, a, b int, cls uint16) {
	if cls&(cUpper|cLower) == 0 {
		return
	}
	for _, c := range r[a:b] {
		if !isHex(c) {
			return
		}
	}
	if (a > 0 && r[a-1] == '-') || (b < len(r) && r[b] == '-') {
		return // a piece of a GUID or another dashed id
	}
	i, j := s.bs(a), s.be(b)
	if !s.hashContext(i, j) {
		return
	}
	s.add(hashKinds[b-a], strings.ToLower(string(r[a:b])), a, b, 0)
	s.lastHashEnd = s.abs(j)
}

// hashContext applies the context rule for hashes to buf[i:j].
func (s *scanner) hashContext(i, j int) bool {
	buf := s.buf
	lo, hi := s.lineBounds(i, j, 256)
	if hasWord(buf[lo:i], hashWords) || hasWord(buf[j:hi], hashWords) {
		return true
	}
	// The rest is for lists and tables: the hash starts its line (after
	// bullets or numbering), sits in a table or CSV row, or in a column
	// after two spaces.
	listed := true
	for _, c := range buf[lo:i] {
		if !(c == ' ' || c == '\t' || c == '-' || c == '*' || c == '+' || c == '#' || c == '|' || c == '>' ||
			c == '.' || c == ')' || c == '[' || c == ']' || isDigit(c) || c >= 0x80) {
			listed = false
			break
		}
	}
	if !listed && i-lo >= 2 && buf[i-1] == ' ' && buf[i-2] == ' ' {
		listed = true
	}
	if !listed {
		for _, c := range buf[lo:hi] {
			if c == '|' || c == '\t' || c == ',' || c == ';' {
				listed = true
				break
			}
		}
	}
	if !listed {
		return false
	}
	// another hash in the list just before, or a heading above
	if s.lastHashEnd >= 0 {
		le := int(s.lastHashEnd - s.base)
		if le >= 0 && le <= i && i-le <= 512 && bytes.Count(buf[le:i], []byte{'\n'}) <= 2 {
			return true
		}
	}
	return hasWord(buf[max(lo-1024, 0):lo], hashWords)
}
