// Package taxii speaks TAXII 2.1 (OASIS Standard, 10 June 2021), the HTTPS
// protocol for exchanging cyber threat intelligence.
//
// The client side (files client*.go) pulls from and pushes to TAXII 2.1
// servers: Fusion uses it to pull from partners and to drive its own server
// in conformance tests. The resource types (Discovery, APIRoot, Collection,
// Envelope, Manifest, Versions, Status, ErrorMessage, Timestamp) are the wire
// shapes of the specification and are meant to be shared with the server
// side.
//
// The server side (files server*.go) serves Fusion's store as one API root
// (/taxii2/fusion/) whose collections are the store's; it reads every
// collection through the visibility policy and ingests POSTed envelopes
// through intel, one status resource per POST.
//
// Neither side may re-encode STIX objects: they travel as json.RawMessage,
// byte for byte as they were stored, sent or given. The client never
// retries a POST unless told to, never sets the default logger, and never
// puts credentials in an error or a log line; the server never answers a
// request without an authenticated viewer.
package taxii

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// MediaType is the TAXII 2.1 media type, sent in Accept (and, for POST, in
// Content-Type) and required in the Content-Type of every response.
const MediaType = "application/taxii+json;version=2.1"

// ErrResponseContentType is wrapped by the error a client method returns
// when a successful response is not TAXII 2.1 JSON.
var ErrResponseContentType = errors.New("response is not TAXII 2.1 JSON")

// Client talks to one TAXII 2.1 server. It is safe for concurrent use.
// Create it with NewClient; the zero value is not usable.
//
// Every method takes the API root either as an absolute URL
// ("https://host/api1/", as Discovery lists them) or as a path on the
// server's host ("/api1/" or "api1"); a missing trailing slash is added.
// Collection, object and status ids are percent-escaped into the path.
type Client struct {
	discovery *url.URL // the discovery URL, ending in "/"
	http      *http.Client
	auth      string // the Authorization header value, if any
	userAgent string
	retry     RetryPolicy
	log       *slog.Logger
	maxBody   int64

	// Test seams: how to wait between attempts and what time it is.
	sleep func(ctx context.Context, d time.Duration) error
	now   func() time.Time
}

// RetryPolicy says when a failed request is sent again. A request is
// retried only after a network error or a 429 or 5xx response (but not 501
// Not Implemented); never after another 4xx, a content-type error or a
// cancelled context.
type RetryPolicy struct {
	// MaxAttempts is the total number of attempts, the first included;
	// 0 or 1 means no retries.
	MaxAttempts int
	// BaseBackoff is the wait before the first retry; it doubles for each
	// further retry, with jitter (the wait is between half and all of it).
	// A Retry-After header (seconds or HTTP date) replaces the backoff.
	BaseBackoff time.Duration
	// MaxWait caps the backoff. A Retry-After longer than MaxWait ends the
	// retries: the *Error is returned with its RetryAfter set, so the caller
	// can come back later. 0 means no cap.
	MaxWait time.Duration
	// RetryPOST allows retrying POST (adding objects). Off by default: a
	// POST whose response was lost may have been applied.
	RetryPOST bool
}

var clientDefaultRetry = RetryPolicy{MaxAttempts: 3, BaseBackoff: time.Second, MaxWait: time.Minute}

const (
	clientDefaultUserAgent = "fusion-taxii-client/2.1"
	clientDefaultMaxBody   = 100 << 20
	clientDefaultTimeout   = 2 * time.Minute
	clientMaxErrorBody     = 64 << 10
)

// A ClientOption configures a Client in NewClient.
type ClientOption func(*Client)

// ClientHTTP sets the HTTP client (and with it timeouts, TLS and proxies).
// The default has a two-minute timeout per attempt.
func ClientHTTP(h *http.Client) ClientOption {
	return func(c *Client) {
		if h != nil {
			c.http = h
		}
	}
}

// ClientBasicAuth sends HTTP Basic credentials with every request. It
// replaces a bearer token set before it.
func ClientBasicAuth(user, password string) ClientOption {
	return func(c *Client) {
		req := &http.Request{Header: http.Header{}}
		req.SetBasicAuth(user, password)
		c.auth = req.Header.Get("Authorization")
	}
}

// ClientBearerToken sends "Authorization: Bearer <token>" with every
// request. It replaces Basic credentials set before it.
func ClientBearerToken(token string) ClientOption {
	return func(c *Client) { c.auth = "Bearer " + token }
}

// ClientUserAgent sets the User-Agent header.
func ClientUserAgent(ua string) ClientOption {
	return func(c *Client) { c.userAgent = ua }
}

// ClientRetry sets the retry policy. The default is 3 attempts, a 1s base
// backoff, a 1 minute cap, and no retry of POST.
func ClientRetry(p RetryPolicy) ClientOption {
	return func(c *Client) { c.retry = p }
}

// ClientLogger sets the logger; the client logs requests at Debug and
// retries at Warn, under component=taxii. The default discards.
func ClientLogger(l *slog.Logger) ClientOption {
	return func(c *Client) {
		if l != nil {
			c.log = l.With("component", "taxii")
		}
	}
}

// ClientMaxResponseBytes caps the size of a response body (default 100 MiB);
// a larger response is an error.
func ClientMaxResponseBytes(n int64) ClientOption {
	return func(c *Client) {
		if n > 0 {
			c.maxBody = n
		}
	}
}

// NewClient returns a client for the TAXII server at baseURL, an http or
// https URL. If baseURL has no path (or just "/"), discovery is at
// "/taxii2/" as the specification says; otherwise baseURL is the discovery
// URL itself ("https://host/taxii2/", "https://host/custom/discovery/").
func NewClient(baseURL string, opts ...ClientOption) (*Client, error) {
	disc, err := clientDiscoveryURL(baseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		discovery: disc,
		http:      &http.Client{Timeout: clientDefaultTimeout},
		userAgent: clientDefaultUserAgent,
		retry:     clientDefaultRetry,
		log:       slog.New(slog.DiscardHandler),
		maxBody:   clientDefaultMaxBody,
		sleep:     clientSleep,
		now:       time.Now,
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

func clientDiscoveryURL(base string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil {
		return nil, fmt.Errorf("taxii: base URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("taxii: base URL %q: want an http:// or https:// URL with a host", u.Redacted())
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, fmt.Errorf("taxii: base URL %q: must not have a query or fragment", u.Redacted())
	}
	switch {
	case u.Path == "" || u.Path == "/":
		u.Path, u.RawPath = "/taxii2/", ""
	case !strings.HasSuffix(u.Path, "/"):
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	return u, nil
}

// clientAPIRootURL resolves an API root given as an absolute URL or as a
// path on the discovery host, and returns it ending in "/".
func (c *Client) clientAPIRootURL(apiRoot string) (string, error) {
	apiRoot = strings.TrimSpace(apiRoot)
	if apiRoot == "" {
		return "", errors.New("taxii: empty api root")
	}
	ref, err := url.Parse(apiRoot)
	if err != nil {
		return "", fmt.Errorf("taxii: api root: %w", err)
	}
	if ref.RawQuery != "" || ref.Fragment != "" || ref.ForceQuery {
		return "", fmt.Errorf("taxii: api root %q: must not have a query or fragment", ref.Redacted())
	}
	var origin url.URL
	switch {
	case ref.IsAbs():
		if (ref.Scheme != "http" && ref.Scheme != "https") || ref.Host == "" {
			return "", fmt.Errorf("taxii: api root %q: want an http(s) URL or a path", ref.Redacted())
		}
		origin = url.URL{Scheme: ref.Scheme, User: ref.User, Host: ref.Host}
	case ref.Host != "" || ref.Scheme != "":
		return "", fmt.Errorf("taxii: api root %q: want an http(s) URL or a path", ref.Redacted())
	default:
		origin = url.URL{Scheme: c.discovery.Scheme, User: c.discovery.User, Host: c.discovery.Host}
	}
	p := ref.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	for seg := range strings.SplitSeq(p, "/") {
		if s, _ := url.PathUnescape(seg); s == "." || s == ".." {
			return "", fmt.Errorf("taxii: api root %q: must not contain . or .. segments", apiRoot)
		}
	}
	return origin.String() + p, nil
}

// clientEscapeID escapes one id as a path segment.
func clientEscapeID(kind, id string) (string, error) {
	switch id {
	case "":
		return "", fmt.Errorf("taxii: empty %s id", kind)
	case ".", "..":
		return "", fmt.Errorf("taxii: %s id %q is not a valid path segment", kind, id)
	}
	return url.PathEscape(id), nil
}

// clientURL builds {api-root}/{segments...}/, escaping the ids (every
// second segment is an id, named by the segment before it).
func (c *Client) clientURL(apiRoot string, parts ...string) (string, error) {
	root, err := c.clientAPIRootURL(apiRoot)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(root)
	for i, p := range parts {
		if i%2 == 1 {
			kind := parts[i-1] // "collections", "objects", "status"
			if kind != "status" {
				kind = strings.TrimSuffix(kind, "s")
			}
			esc, err := clientEscapeID(kind, p)
			if err != nil {
				return "", err
			}
			p = esc
		}
		b.WriteString(p)
		b.WriteByte('/')
	}
	return b.String(), nil
}

// clientResponse is a response read whole.
type clientResponse struct {
	method string
	url    string // redacted, for messages
	status int
	header http.Header
	body   []byte
}

// clientDo sends one request, retrying per the policy, and returns a 2xx
// response or an error (a non-2xx response is an *Error).
func (c *Client) clientDo(ctx context.Context, method, target string, body []byte) (*clientResponse, error) {
	shown := target
	if u, err := url.Parse(target); err == nil {
		shown = u.Redacted()
	}
	policy := c.retry
	retryable := method != http.MethodPost || policy.RetryPOST
	for attempt := 1; ; attempt++ {
		resp, err, again := c.clientAttempt(ctx, method, target, shown, body)
		if err == nil {
			return resp, nil
		}
		if !again || !retryable || attempt >= policy.MaxAttempts {
			if again && retryable && attempt > 1 {
				return nil, fmt.Errorf("%w (after %d attempts)", err, attempt)
			}
			return nil, err
		}
		wait := policy.clientBackoff(attempt)
		var te *Error
		if errors.As(err, &te) && te.retryAfterSet {
			wait = te.RetryAfter
			if policy.MaxWait > 0 && wait > policy.MaxWait {
				return nil, err
			}
		}
		c.log.Warn("taxii request failed; retrying", "method", method, "url", shown,
			"attempt", attempt, "wait", wait, "err", err)
		if werr := c.sleep(ctx, wait); werr != nil {
			return nil, fmt.Errorf("%w (gave up waiting to retry: %w)", err, werr)
		}
	}
}

// clientAttempt makes one attempt. again reports whether the failure may
// be retried.
func (c *Client) clientAttempt(ctx context.Context, method, target, shown string, body []byte) (_ *clientResponse, _ error, again bool) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return nil, fmt.Errorf("taxii: %s %s: %w", method, shown, err), false
	}
	req.Header.Set("Accept", MediaType)
	if body != nil {
		req.Header.Set("Content-Type", MediaType)
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		err = fmt.Errorf("taxii: %s %s: %w", method, shown, clientStripURLError(err))
		return nil, err, ctx.Err() == nil
	}
	defer resp.Body.Close()
	ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
	limit := c.maxBody
	if !ok {
		limit = clientMaxErrorBody
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		err = fmt.Errorf("taxii: %s %s: reading response: %w", method, shown, err)
		return nil, err, ctx.Err() == nil
	}
	c.log.Debug("taxii request", "method", method, "url", shown, "status", resp.StatusCode, "bytes", len(data))
	if int64(len(data)) > limit {
		if ok {
			return nil, fmt.Errorf("taxii: %s %s: response larger than %d bytes", method, shown, limit), false
		}
		data = data[:limit]
	}
	r := &clientResponse{method: method, url: shown, status: resp.StatusCode, header: resp.Header, body: data}
	if ok {
		return r, nil, false
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, clientMaxErrorBody))
	e := clientNewError(r, c.now())
	s := resp.StatusCode
	return nil, e, s == http.StatusTooManyRequests || (s >= 500 && s <= 599 && s != http.StatusNotImplemented)
}

// clientStripURLError drops the *url.Error wrapper, whose text repeats the
// method and the unredacted URL; the error chain is kept.
func clientStripURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func (p RetryPolicy) clientBackoff(attempt int) time.Duration {
	d := p.BaseBackoff
	for i := 1; i < attempt && d > 0 && (p.MaxWait <= 0 || d < p.MaxWait) && d < time.Hour; i++ {
		d *= 2
	}
	if p.MaxWait > 0 && d > p.MaxWait {
		d = p.MaxWait
	}
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2+1)
}

func clientSleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// clientRetryAfter parses a Retry-After value: delay seconds or an HTTP date.
func clientRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		const maxSeconds = int64(1<<63-1) / int64(time.Second)
		return time.Duration(min(n, maxSeconds)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// clientIsTAXII21 reports whether a Content-Type value is TAXII 2.1 JSON:
// application/taxii+json with version=2.1, any case, any parameter order,
// optional spaces and quotes.
func clientIsTAXII21(ct string) bool {
	typ, params, _ := strings.Cut(ct, ";")
	if !clientASCIIEqualFold(strings.TrimSpace(typ), "application/taxii+json") {
		return false
	}
	version := ""
	for p := range strings.SplitSeq(params, ";") {
		k, v, ok := strings.Cut(p, "=")
		if !ok || !clientASCIIEqualFold(strings.TrimSpace(k), "version") {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = v[1 : len(v)-1]
		}
		if version != "" && version != v {
			return false
		}
		version = v
	}
	return version == "2.1"
}

// clientASCIIEqualFold compares case-insensitively in ASCII only (media
// types are ASCII; Unicode folding would accept "jſon").
func clientASCIIEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// clientDecode checks the content type and decodes a 2xx body into v. With
// allowEmpty, an empty body (some servers answer 204 or an empty 200 when
// nothing matches) is an empty resource.
func clientDecode(r *clientResponse, v any, allowEmpty bool) error {
	if allowEmpty && len(bytes.TrimSpace(r.body)) == 0 {
		return nil
	}
	if ct := r.header.Get("Content-Type"); !clientIsTAXII21(ct) {
		got := "no Content-Type"
		if ct != "" {
			got = fmt.Sprintf("Content-Type %q", ct)
		}
		return fmt.Errorf("taxii: %s %s: %w: got %s, want %s (is this a TAXII 2.1 endpoint?)",
			r.method, r.url, ErrResponseContentType, got, MediaType)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		return fmt.Errorf("taxii: %s %s: decoding response: %w", r.method, r.url, err)
	}
	return nil
}

func (c *Client) clientGet(ctx context.Context, target string, v any, allowEmpty bool) (*clientResponse, error) {
	r, err := c.clientDo(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, err
	}
	return r, clientDecode(r, v, allowEmpty)
}

// Discovery gets the server's discovery resource.
func (c *Client) Discovery(ctx context.Context) (*Discovery, error) {
	var d Discovery
	if _, err := c.clientGet(ctx, c.discovery.String(), &d, false); err != nil {
		return nil, err
	}
	return &d, nil
}

// APIRoot gets the information about an API root.
func (c *Client) APIRoot(ctx context.Context, apiRoot string) (*APIRoot, error) {
	u, err := c.clientURL(apiRoot)
	if err != nil {
		return nil, err
	}
	var a APIRoot
	if _, err := c.clientGet(ctx, u, &a, false); err != nil {
		return nil, err
	}
	return &a, nil
}

// Collections lists the collections of an API root (possibly none).
func (c *Client) Collections(ctx context.Context, apiRoot string) ([]Collection, error) {
	u, err := c.clientURL(apiRoot, "collections")
	if err != nil {
		return nil, err
	}
	var cs struct {
		Collections []Collection `json:"collections"`
	}
	if _, err := c.clientGet(ctx, u, &cs, false); err != nil {
		return nil, err
	}
	return cs.Collections, nil
}

// Collection gets one collection.
func (c *Client) Collection(ctx context.Context, apiRoot, id string) (*Collection, error) {
	u, err := c.clientURL(apiRoot, "collections", id)
	if err != nil {
		return nil, err
	}
	var col Collection
	if _, err := c.clientGet(ctx, u, &col, false); err != nil {
		return nil, err
	}
	return &col, nil
}

// Objects gets one page of a collection's objects. Query may use every
// filter; to get every page, see AllObjects and ObjectPager.
func (c *Client) Objects(ctx context.Context, apiRoot, collection string, q Query) (*ObjectsPage, error) {
	return c.clientEnvelope(ctx, q, clientQueryObjects, apiRoot, "collections", collection, "objects")
}

// Object gets (one page of) the versions of one object, as an envelope.
// Query may use AddedAfter, Limit, Next, Versions and SpecVersions.
func (c *Client) Object(ctx context.Context, apiRoot, collection, objectID string, q Query) (*ObjectsPage, error) {
	return c.clientEnvelope(ctx, q, clientQueryObject, apiRoot, "collections", collection, "objects", objectID)
}

func (c *Client) clientEnvelope(ctx context.Context, q Query, allowed clientQueryParams, apiRoot string, parts ...string) (*ObjectsPage, error) {
	u, err := c.clientURL(apiRoot, parts...)
	if err != nil {
		return nil, err
	}
	if u, err = clientWithQuery(u, q, allowed); err != nil {
		return nil, err
	}
	var page ObjectsPage
	r, err := c.clientGet(ctx, u, &page.Envelope, true)
	if err != nil {
		return nil, err
	}
	page.DateAddedFirst, page.DateAddedLast = c.clientDateAdded(r)
	return &page, nil
}

// Versions gets (one page of) the version timestamps of one object. Query
// may use AddedAfter, Limit, Next and SpecVersions.
func (c *Client) Versions(ctx context.Context, apiRoot, collection, objectID string, q Query) (*VersionsPage, error) {
	u, err := c.clientURL(apiRoot, "collections", collection, "objects", objectID, "versions")
	if err != nil {
		return nil, err
	}
	if u, err = clientWithQuery(u, q, clientQueryVersions); err != nil {
		return nil, err
	}
	var page VersionsPage
	r, err := c.clientGet(ctx, u, &page.Versions, true)
	if err != nil {
		return nil, err
	}
	page.DateAddedFirst, page.DateAddedLast = c.clientDateAdded(r)
	return &page, nil
}

// Manifest gets one page of a collection's manifest. Query may use every
// filter.
func (c *Client) Manifest(ctx context.Context, apiRoot, collection string, q Query) (*ManifestPage, error) {
	u, err := c.clientURL(apiRoot, "collections", collection, "manifest")
	if err != nil {
		return nil, err
	}
	if u, err = clientWithQuery(u, q, clientQueryObjects); err != nil {
		return nil, err
	}
	var page ManifestPage
	r, err := c.clientGet(ctx, u, &page.Manifest, true)
	if err != nil {
		return nil, err
	}
	page.DateAddedFirst, page.DateAddedLast = c.clientDateAdded(r)
	return &page, nil
}

// AddObjects posts objects to a collection in one envelope and returns the
// status resource the server answers with (usually 202 Accepted, often
// still pending: poll it with Status). Each object must be a JSON object;
// the bytes are sent exactly as given. It is not retried unless the retry
// policy allows POST.
func (c *Client) AddObjects(ctx context.Context, apiRoot, collection string, objects []json.RawMessage) (*Status, error) {
	u, err := c.clientURL(apiRoot, "collections", collection, "objects")
	if err != nil {
		return nil, err
	}
	body, err := clientEnvelopeBody(objects)
	if err != nil {
		return nil, err
	}
	r, err := c.clientDo(ctx, http.MethodPost, u, body)
	if err != nil {
		return nil, err
	}
	var s Status
	if err := clientDecode(r, &s, false); err != nil {
		return nil, err
	}
	return &s, nil
}

// clientEnvelopeBody writes {"objects":[...]} around the objects' own bytes:
// encoding/json would compact them and escape <, > and &.
func clientEnvelopeBody(objects []json.RawMessage) ([]byte, error) {
	if len(objects) == 0 {
		return nil, errors.New("taxii: add objects: no objects (TAXII forbids an empty objects list)")
	}
	n := 16
	for _, o := range objects {
		n += len(o) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, `{"objects":[`...)
	for i, o := range objects {
		t := bytes.TrimSpace(o)
		if len(t) == 0 || t[0] != '{' || !json.Valid(t) {
			return nil, fmt.Errorf("taxii: add objects: objects[%d] is not a JSON object", i)
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, o...)
	}
	return append(b, "]}"...), nil
}

// Status gets a status resource, at {api-root}/status/{id}/.
func (c *Client) Status(ctx context.Context, apiRoot, statusID string) (*Status, error) {
	u, err := c.clientURL(apiRoot, "status", statusID)
	if err != nil {
		return nil, err
	}
	var s Status
	if _, err := c.clientGet(ctx, u, &s, false); err != nil {
		return nil, err
	}
	return &s, nil
}

// DeleteObject deletes an object (the versions Query selects with Versions
// and SpecVersions; by default the server deletes all of them). The
// response body, if any, is ignored.
func (c *Client) DeleteObject(ctx context.Context, apiRoot, collection, objectID string, q Query) error {
	u, err := c.clientURL(apiRoot, "collections", collection, "objects", objectID)
	if err != nil {
		return err
	}
	if u, err = clientWithQuery(u, q, clientQueryDelete); err != nil {
		return err
	}
	_, err = c.clientDo(ctx, http.MethodDelete, u, nil)
	return err
}

// clientDateAdded parses the X-TAXII-Date-Added-First and -Last headers. A
// missing header is the zero time; an unparsable one is logged and zero.
func (c *Client) clientDateAdded(r *clientResponse) (first, last time.Time) {
	parse := func(name string) time.Time {
		v := r.header.Get(name)
		if v == "" {
			return time.Time{}
		}
		t, err := clientParseTime(v)
		if err != nil {
			c.log.Warn("taxii: ignoring unparsable header", "header", name, "value", v, "url", r.url)
			return time.Time{}
		}
		return t
	}
	return parse("X-TAXII-Date-Added-First"), parse("X-TAXII-Date-Added-Last")
}
