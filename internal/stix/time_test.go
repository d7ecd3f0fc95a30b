package stix

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	good := map[string]time.Time{
		"2016-01-20T12:31:12Z":            time.Date(2016, 1, 20, 12, 31, 12, 0, time.UTC),
		"2016-01-20T12:31:12.123Z":        time.Date(2016, 1, 20, 12, 31, 12, 123e6, time.UTC),
		"2016-01-20T12:31:12.1Z":          time.Date(2016, 1, 20, 12, 31, 12, 100e6, time.UTC),
		"2016-01-20T12:31:12.123456789Z":  time.Date(2016, 1, 20, 12, 31, 12, 123456789, time.UTC),
		"2016-01-20T12:31:12.1234567891Z": time.Date(2016, 1, 20, 12, 31, 12, 123456789, time.UTC),
		"2024-02-29T23:59:59.999Z":        time.Date(2024, 2, 29, 23, 59, 59, 999e6, time.UTC),
	}
	for s, want := range good {
		got, err := ParseTime(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	bad := []string{
		"", "2016-01-20", "2016-01-20T12:31:12", "2016-01-20t12:31:12Z", "2016-01-20 12:31:12Z",
		"2016-01-20T12:31:12z", "2016-01-20T12:31:12+00:00", "2016-01-20T12:31:12.Z",
		"2016-13-20T12:31:12Z", "2023-02-29T12:31:12Z", "2016-01-20T24:00:00Z", "2016-01-20T12:60:00Z",
		"2016-01-20T12:31:60Z", "2016-1-20T12:31:12Z", "20160-01-20T12:31:12Z", "2016-01-20T12:31:12ZZ",
		"2016-01-20T12:31:12.12a3Z", "x016-01-20T12:31:12Z",
	}
	for _, s := range bad {
		if _, err := ParseTime(s); err == nil {
			t.Errorf("ParseTime(%q) accepted", s)
		}
	}
}

func TestFormatTime(t *testing.T) {
	cases := map[time.Time]string{
		time.Date(2016, 1, 20, 12, 31, 12, 0, time.UTC):                    "2016-01-20T12:31:12.000Z",
		time.Date(2016, 1, 20, 12, 31, 12, 123e6, time.UTC):                "2016-01-20T12:31:12.123Z",
		time.Date(2016, 1, 20, 12, 31, 12, 123456e3, time.UTC):             "2016-01-20T12:31:12.123456Z",
		time.Date(2016, 1, 20, 12, 31, 12, 123456789, time.UTC):            "2016-01-20T12:31:12.123456789Z",
		time.Date(2016, 1, 20, 13, 31, 12, 0, time.FixedZone("CET", 3600)): "2016-01-20T12:31:12.000Z",
	}
	for in, want := range cases {
		got := FormatTime(in)
		if got != want {
			t.Errorf("FormatTime(%v) = %s, want %s", in, got, want)
		}
		back, err := ParseTime(got)
		if err != nil || !back.Equal(in) {
			t.Errorf("round trip of %s: %v %v", got, back, err)
		}
	}
}
