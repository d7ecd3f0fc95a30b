package access

import "context"

type ctxKey struct{}

type caller struct {
	v Viewer
	a Actor
}

// NewContext returns ctx carrying the authenticated viewer and actor of a
// request.
func NewContext(ctx context.Context, v Viewer, a Actor) context.Context {
	return context.WithValue(ctx, ctxKey{}, caller{v, a})
}

// FromContext returns the viewer and actor NewContext stored, and false
// when there are none (an unauthenticated request: serve nothing).
func FromContext(ctx context.Context) (Viewer, Actor, bool) {
	c, ok := ctx.Value(ctxKey{}).(caller)
	return c.v, c.a, ok
}
