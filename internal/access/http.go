package access

import (
	"log/slog"
	"net/http"
	"strings"
)

// Challenge is the WWW-Authenticate value of a 401: both schemes Fusion
// accepts.
var Challenge = []string{`Bearer realm="fusion"`, `Basic realm="fusion", charset="UTF-8"`}

// Credentials returns what a request presents: "Authorization: Bearer
// KEY", or HTTP Basic with the key as the password and the key id or the
// organisation's name as the user.
func Credentials(r *http.Request) (user, token string, ok bool) {
	h := r.Header.Get("Authorization")
	if scheme, rest, found := strings.Cut(h, " "); found && strings.EqualFold(scheme, "Bearer") {
		token = strings.TrimSpace(rest)
		return "", token, token != ""
	}
	user, token, ok = r.BasicAuth()
	return user, token, ok && token != ""
}

// Refusal writes the answer to a request that is not authenticated; each
// API writes its own error format. It must set Challenge as
// WWW-Authenticate (SetChallenge does).
type Refusal func(w http.ResponseWriter, r *http.Request)

// SetChallenge sets the WWW-Authenticate header of a 401.
func SetChallenge(w http.ResponseWriter) {
	for _, c := range Challenge {
		w.Header().Add("WWW-Authenticate", c)
	}
}

// Require serves next only to authenticated requests, with the viewer and
// actor in the request's context (FromContext); others get refuse. The
// reason a check failed goes to the log at debug level, never to the
// client.
func (a *Authenticator) Require(log *slog.Logger, refuse Refusal, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, token, ok := Credentials(r)
		if !ok {
			refuse(w, r)
			return
		}
		v, actor, err := a.Check(r.Context(), user, token)
		if err != nil {
			log.Debug("authentication failed", "remote", r.RemoteAddr, "path", r.URL.Path, "err", err)
			refuse(w, r)
			return
		}
		actor.Remote = r.RemoteAddr
		next.ServeHTTP(w, r.WithContext(NewContext(r.Context(), v, actor)))
	})
}
