package taxii

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Discovery is the discovery resource (TAXII 2.1 section 4.1.1).
type Discovery struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Contact     string `json:"contact,omitempty"`
	// Default is the default API root, one of APIRoots.
	Default string `json:"default,omitempty"`
	// APIRoots are absolute URLs or host-relative paths; pass them as they
	// are to the Client methods.
	APIRoots []string `json:"api_roots,omitempty"`
}

// APIRoot is the api-root resource (section 4.2.1).
type APIRoot struct {
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Versions    []string `json:"versions"`
	// MaxContentLength is the largest request body, in bytes, the server
	// accepts at this API root.
	MaxContentLength int64 `json:"max_content_length"`
}

// Collection is the collection resource (section 5.2.1).
type Collection struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Alias       string   `json:"alias,omitempty"`
	CanRead     bool     `json:"can_read"`
	CanWrite    bool     `json:"can_write"`
	MediaTypes  []string `json:"media_types,omitempty"`
}

// Envelope is the envelope resource (section 3.7) that carries objects. The
// objects are kept as the exact bytes the server sent.
type Envelope struct {
	More    bool              `json:"more,omitempty"`
	Next    string            `json:"next,omitempty"`
	Objects []json.RawMessage `json:"objects,omitempty"`
}

// UnmarshalJSON decodes an envelope, accepting a number for next (seen in
// the wild; the specification says string).
func (e *Envelope) UnmarshalJSON(b []byte) error {
	var w struct {
		More    bool              `json:"more"`
		Next    clientLooseString `json:"next"`
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("envelope: %w", err)
	}
	*e = Envelope{More: w.More, Next: string(w.Next), Objects: w.Objects}
	return nil
}

// Manifest is the manifest resource (section 5.3.1).
type Manifest struct {
	More bool `json:"more,omitempty"`
	// Next is not in the specification's manifest resource, although the
	// endpoint takes a next parameter; it is read when a server sends it.
	Next    string           `json:"next,omitempty"`
	Objects []ManifestRecord `json:"objects,omitempty"`
}

// UnmarshalJSON decodes a manifest, accepting a number for next.
func (m *Manifest) UnmarshalJSON(b []byte) error {
	var w struct {
		More    bool              `json:"more"`
		Next    clientLooseString `json:"next"`
		Objects []ManifestRecord  `json:"objects"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	*m = Manifest{More: w.More, Next: string(w.Next), Objects: w.Objects}
	return nil
}

// ManifestRecord is one entry of a manifest (section 5.3.2).
type ManifestRecord struct {
	ID        string    `json:"id"`
	DateAdded Timestamp `json:"date_added"`
	Version   Timestamp `json:"version"`
	MediaType string    `json:"media_type,omitempty"`
}

// Versions is the versions resource (section 5.7.1).
type Versions struct {
	More bool `json:"more,omitempty"`
	// Next is not in the specification's versions resource, although the
	// endpoint takes a next parameter; it is read when a server sends it.
	Next     string      `json:"next,omitempty"`
	Versions []Timestamp `json:"versions,omitempty"`
}

// UnmarshalJSON decodes a versions resource, accepting a number for next.
func (v *Versions) UnmarshalJSON(b []byte) error {
	var w struct {
		More     bool              `json:"more"`
		Next     clientLooseString `json:"next"`
		Versions []Timestamp       `json:"versions"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("versions: %w", err)
	}
	*v = Versions{More: w.More, Next: string(w.Next), Versions: w.Versions}
	return nil
}

// The values of Status.Status.
const (
	StatusComplete = "complete"
	StatusPending  = "pending"
)

// Status is the status resource (section 4.3.1) a server returns for added
// objects.
type Status struct {
	ID               string          `json:"id"`
	Status           string          `json:"status"`
	RequestTimestamp Timestamp       `json:"request_timestamp,omitzero"`
	TotalCount       int             `json:"total_count"`
	SuccessCount     int             `json:"success_count"`
	Successes        []StatusDetails `json:"successes,omitempty"`
	FailureCount     int             `json:"failure_count"`
	Failures         []StatusDetails `json:"failures,omitempty"`
	PendingCount     int             `json:"pending_count"`
	Pendings         []StatusDetails `json:"pendings,omitempty"`
}

// StatusDetails says what happened to one object (section 4.3.2).
type StatusDetails struct {
	ID string `json:"id"`
	// Version is the object's version as the server echoes it: kept as a
	// string because failures are where malformed values show up.
	Version string `json:"version"`
	Message string `json:"message,omitempty"`
}

// Validate checks the status resource's internal consistency: a known
// status, total_count = success_count + failure_count + pending_count, no
// negative count, each non-empty list as long as its count, and nothing
// pending once complete. It returns all the problems found, joined.
func (s *Status) Validate() error {
	var errs []error
	if s.ID == "" {
		errs = append(errs, errors.New("no id"))
	}
	if s.Status != StatusComplete && s.Status != StatusPending {
		errs = append(errs, fmt.Errorf("status %q: want %q or %q", s.Status, StatusComplete, StatusPending))
	}
	if s.TotalCount != s.SuccessCount+s.FailureCount+s.PendingCount {
		errs = append(errs, fmt.Errorf("total_count %d != success_count %d + failure_count %d + pending_count %d",
			s.TotalCount, s.SuccessCount, s.FailureCount, s.PendingCount))
	}
	for _, l := range []struct {
		name  string
		count int
		list  []StatusDetails
	}{
		{"success", s.SuccessCount, s.Successes},
		{"failure", s.FailureCount, s.Failures},
		{"pending", s.PendingCount, s.Pendings},
	} {
		if l.count < 0 {
			errs = append(errs, fmt.Errorf("%s_count %d is negative", l.name, l.count))
		}
		if len(l.list) > 0 && len(l.list) != l.count {
			errs = append(errs, fmt.Errorf("%s_count %d but %d entries listed", l.name, l.count, len(l.list)))
		}
	}
	if s.Status == StatusComplete && s.PendingCount != 0 {
		errs = append(errs, fmt.Errorf("status complete with pending_count %d", s.PendingCount))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("taxii: status %s: %w", s.ID, err)
	}
	return nil
}

// ErrorMessage is the error message resource (section 3.6.1) a server
// sends with an error status.
type ErrorMessage struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	ErrorID     string `json:"error_id,omitempty"`
	ErrorCode   string `json:"error_code,omitempty"`
	// HTTPStatus is a string in the specification; a number is accepted.
	HTTPStatus      string         `json:"http_status,omitempty"`
	ExternalDetails string         `json:"external_details,omitempty"`
	Details         map[string]any `json:"details,omitempty"`
}

// UnmarshalJSON decodes an error message, accepting numbers where the
// specification says string, and ignoring details that are not an object.
func (m *ErrorMessage) UnmarshalJSON(b []byte) error {
	var w struct {
		Title           clientLooseString `json:"title"`
		Description     clientLooseString `json:"description"`
		ErrorID         clientLooseString `json:"error_id"`
		ErrorCode       clientLooseString `json:"error_code"`
		HTTPStatus      clientLooseString `json:"http_status"`
		ExternalDetails clientLooseString `json:"external_details"`
		Details         json.RawMessage   `json:"details"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("error message: %w", err)
	}
	*m = ErrorMessage{
		Title: string(w.Title), Description: string(w.Description),
		ErrorID: string(w.ErrorID), ErrorCode: string(w.ErrorCode),
		HTTPStatus: string(w.HTTPStatus), ExternalDetails: string(w.ExternalDetails),
	}
	if t := bytes.TrimSpace(w.Details); len(t) > 0 && t[0] == '{' {
		_ = json.Unmarshal(t, &m.Details)
	}
	return nil
}

// Error is a non-2xx response from a TAXII server.
type Error struct {
	Method     string
	URL        string // without credentials
	StatusCode int
	// Message is the TAXII error message from the body, when the body is
	// one (whatever its Content-Type); otherwise it is zero and Body holds
	// the start of the body.
	Message ErrorMessage
	Body    string
	// RetryAfter is the Retry-After header's wait (0 when absent).
	RetryAfter time.Duration
	// WWWAuthenticate is the WWW-Authenticate header of a 401.
	WWWAuthenticate string

	retryAfterSet bool
}

func clientNewError(r *clientResponse, now time.Time) *Error {
	e := &Error{Method: r.method, URL: r.url, StatusCode: r.status, WWWAuthenticate: r.header.Get("WWW-Authenticate")}
	e.RetryAfter, e.retryAfterSet = clientRetryAfter(r.header.Get("Retry-After"), now)
	body := bytes.TrimSpace(r.body)
	var m ErrorMessage
	if len(body) > 0 && body[0] == '{' && json.Unmarshal(body, &m) == nil && m.clientIsSet() {
		e.Message = m
	} else if len(body) > 0 {
		e.Body = clientShorten(string(body), 512)
	}
	return e
}

func (m *ErrorMessage) clientIsSet() bool {
	return m.Title != "" || m.Description != "" || m.ErrorID != "" || m.ErrorCode != "" ||
		m.HTTPStatus != "" || m.ExternalDetails != "" || len(m.Details) > 0
}

// Error says method, URL, status, and the server's title and description.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "taxii: %s %s: %d", e.Method, e.URL, e.StatusCode)
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" " + t)
	}
	switch {
	case e.Message.Title != "":
		b.WriteString(": " + clientShorten(e.Message.Title, 200))
		if d := e.Message.Description; d != "" && d != e.Message.Title {
			b.WriteString(" (" + clientShorten(d, 300) + ")")
		}
	case e.Message.Description != "":
		b.WriteString(": " + clientShorten(e.Message.Description, 300))
	case e.Body != "":
		b.WriteString(": " + strconv.Quote(clientShorten(e.Body, 200)))
	}
	return b.String()
}

// Hint says what a person might do about the error, or "".
func (e *Error) Hint() string {
	switch e.StatusCode {
	case http.StatusUnauthorized:
		return "check the credentials (Basic user and password, or bearer token)"
	case http.StatusForbidden, http.StatusNotFound:
		return "check the API root and collection id; servers answer 403 or 404 when the account may not read or write it"
	case http.StatusNotAcceptable, http.StatusUnsupportedMediaType:
		return "the server refused " + MediaType + "; it may speak only TAXII 2.0"
	case http.StatusRequestEntityTooLarge:
		return "send fewer objects per request (see the API root's max_content_length)"
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return "the server is busy; try again later"
	}
	return ""
}

// clientShorten cuts s to about n bytes and makes it one printable line.
func clientShorten(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// clientLooseString decodes a JSON string, or a number as its text; null is "".
type clientLooseString string

func (s *clientLooseString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*s = ""
	case len(b) > 0 && b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = clientLooseString(v)
	case len(b) > 0 && (b[0] == '-' || (b[0] >= '0' && b[0] <= '9')):
		*s = clientLooseString(b)
	default:
		return fmt.Errorf("want a string, got %s", clientShorten(string(b), 40))
	}
	return nil
}

// Timestamp is a TAXII timestamp. It is read leniently (RFC 3339 with any
// number of fractional digits, any offset, a lower-case t or z, or a space
// for the T; no offset means UTC) and written strictly, in UTC, as
// YYYY-MM-DDTHH:MM:SS.ssssssZ (nine fractional digits only when the value
// has sub-microsecond precision, so that nothing is lost).
type Timestamp struct {
	time.Time
}

// String returns the timestamp in the strict form, or "" for the zero value.
func (t Timestamp) String() string {
	if t.IsZero() {
		return ""
	}
	return clientFormatTime(t.Time)
}

// MarshalJSON writes the strict form.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	return []byte(`"` + clientFormatTime(t.Time) + `"`), nil
}

// UnmarshalJSON reads a JSON string leniently; null and "" are the zero value.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		*t = Timestamp{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("timestamp: want a string, got %s", clientShorten(string(b), 40))
	}
	return t.UnmarshalText([]byte(s))
}

// MarshalText writes the strict form.
func (t Timestamp) MarshalText() ([]byte, error) {
	return []byte(clientFormatTime(t.Time)), nil
}

// UnmarshalText reads leniently; "" is the zero value.
func (t *Timestamp) UnmarshalText(b []byte) error {
	if len(bytes.TrimSpace(b)) == 0 {
		*t = Timestamp{}
		return nil
	}
	v, err := clientParseTime(string(b))
	if err != nil {
		return err
	}
	*t = Timestamp{Time: v}
	return nil
}

// clientParseTime reads a timestamp leniently and returns it in UTC.
func clientParseTime(s string) (time.Time, error) {
	v := strings.TrimSpace(s)
	if len(v) > 10 && (v[10] == 't' || v[10] == ' ') {
		v = v[:10] + "T" + v[11:]
	}
	if strings.HasSuffix(v, "z") {
		v = v[:len(v)-1] + "Z"
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		var err2 error
		if t, err2 = time.Parse("2006-01-02T15:04:05.999999999", v); err2 != nil {
			return time.Time{}, fmt.Errorf("timestamp %q: want RFC 3339, YYYY-MM-DDTHH:MM:SS[.s+]Z", clientShorten(s, 64))
		}
	}
	return t.UTC(), nil
}

// clientFormatTime writes YYYY-MM-DDTHH:MM:SS.ssssssZ, or nine fractional
// digits when the time has sub-microsecond precision.
func clientFormatTime(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()%1000 != 0 {
		return t.Format("2006-01-02T15:04:05.000000000Z")
	}
	return t.Format("2006-01-02T15:04:05.000000Z")
}

// clientFormatMicro writes YYYY-MM-DDTHH:MM:SS.ssssssZ, truncating to the
// microsecond.
func clientFormatMicro(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

// ObjectsPage is one response of the objects or object endpoints: the
// envelope and the X-TAXII-Date-Added-First and -Last headers (zero when
// absent or unparsable).
type ObjectsPage struct {
	Envelope
	DateAddedFirst time.Time
	DateAddedLast  time.Time
}

// ManifestPage is one response of the manifest endpoint, with the
// X-TAXII-Date-Added-First and -Last headers.
type ManifestPage struct {
	Manifest
	DateAddedFirst time.Time
	DateAddedLast  time.Time
}

// VersionsPage is one response of the versions endpoint, with the
// X-TAXII-Date-Added-First and -Last headers. The list is
// page.Versions.Versions.
type VersionsPage struct {
	Versions
	DateAddedFirst time.Time
	DateAddedLast  time.Time
}
