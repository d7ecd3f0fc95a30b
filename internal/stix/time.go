package stix

import (
	"errors"
	"time"
)

// byteSeq lets the hot-path parsers work on strings and on raw JSON bytes
// alike without converting (and allocating).
type byteSeq interface{ ~string | ~[]byte }

// FormatTime formats t as a STIX timestamp: UTC, 'T' separator, 'Z' suffix
// and at least millisecond precision, which the specification requires for
// created and modified. Finer precision is kept (microseconds or
// nanoseconds) when t carries it, so a parse/format round trip is lossless.
func FormatTime(t time.Time) string {
	var buf [30]byte
	return string(appendTime(buf[:0], t))
}

func appendTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	layout := "2006-01-02T15:04:05.000Z"
	switch ns := t.Nanosecond(); {
	case ns%1e6 == 0:
	case ns%1e3 == 0:
		layout = "2006-01-02T15:04:05.000000Z"
	default:
		layout = "2006-01-02T15:04:05.000000000Z"
	}
	return t.AppendFormat(dst, layout)
}

// ParseTime parses a STIX timestamp strictly: RFC 3339 in the form
// YYYY-MM-DDTHH:mm:ss[.s+]Z with an upper-case 'T' and 'Z', no offset other
// than Z, and a fraction only when it has at least one digit. Fractions finer
// than nanoseconds are truncated. Leap seconds (:60) are rejected because
// time.Time cannot hold them.
func ParseTime(s string) (time.Time, error) {
	t, _, err := parseTimestamp(s)
	return t, err
}

var (
	errTimeFormat = errors.New("timestamp must have the form YYYY-MM-DDTHH:mm:ss[.s+]Z")
	errTimeZ      = errors.New("timestamp must end in Z (UTC)")
	errTimeT      = errors.New("timestamp must use 'T' between date and time")
	errTimeRange  = errors.New("timestamp field out of range")
	errTimeFrac   = errors.New("timestamp has a decimal point without digits")
)

// parseTimestamp also returns the number of fractional-second digits, which
// the validator needs for the precision rules.
func parseTimestamp[T byteSeq](s T) (time.Time, int, error) {
	if len(s) < 20 {
		return time.Time{}, 0, errTimeFormat
	}
	num := func(a, b int) int {
		v := 0
		for i := a; i < b; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	if s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, 0, errTimeFormat
	}
	if s[10] != 'T' {
		if s[10] == 't' || s[10] == ' ' {
			return time.Time{}, 0, errTimeT
		}
		return time.Time{}, 0, errTimeFormat
	}
	year, month, day := num(0, 4), num(5, 7), num(8, 10)
	hour, minute, sec := num(11, 13), num(14, 16), num(17, 19)
	if year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || sec < 0 {
		return time.Time{}, 0, errTimeFormat
	}
	i, frac, digits := 19, 0, 0
	if s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if digits < 9 {
				frac = frac*10 + int(s[i]-'0')
			}
			digits++
			i++
		}
		if digits == 0 {
			return time.Time{}, 0, errTimeFrac
		}
		for k := digits; k < 9; k++ {
			frac *= 10
		}
	}
	if i != len(s)-1 || s[i] != 'Z' {
		if i < len(s) && (s[i] == 'z' || s[i] == '+' || s[i] == '-') {
			return time.Time{}, 0, errTimeZ
		}
		if i == len(s) {
			return time.Time{}, 0, errTimeZ
		}
		return time.Time{}, 0, errTimeFormat
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, 0, errTimeRange
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, frac, time.UTC), digits, nil
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
