package misp

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/fusion-cti/fusion/internal/stix"
)

var (
	minTime = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
)

var errTime = errors.New("not a Unix timestamp or an ISO 8601 date-time")

// parseTimestamp reads a MISP timestamp: Unix seconds as a string or a
// number. MISP writes first_seen and last_seen as ISO 8601 date-times, or
// in some APIs as Unix microseconds; both are accepted here too (digits
// longer than 12 are taken as milliseconds, longer than 15 as
// microseconds).
func parseTimestamp(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errTime
	}
	var t time.Time
	if allDigits(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, errTime
		}
		switch {
		case len(s) > 15:
			t = time.UnixMicro(n)
		case len(s) > 12:
			t = time.UnixMilli(n)
		default:
			t = time.Unix(n, 0)
		}
	} else {
		var err error
		t, err = parseDateTime(s)
		if err != nil {
			return time.Time{}, err
		}
	}
	t = t.UTC()
	if t.Before(minTime) || t.After(maxTime) {
		return time.Time{}, errors.New("timestamp out of range (1970 to 9999)")
	}
	return t.Truncate(time.Microsecond), nil
}

var dateTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02",
}

func parseDateTime(s string) (time.Time, error) {
	for _, l := range dateTimeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errTime
}

// parseDate reads an event date, YYYY-MM-DD.
func parseDate(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, errors.New("not a date of the form YYYY-MM-DD")
	}
	if t.Before(minTime) || t.After(maxTime) {
		return time.Time{}, errors.New("date out of range (1970 to 9999)")
	}
	return t, nil
}

func stixTime(t time.Time) string { return stix.FormatTime(t) }
