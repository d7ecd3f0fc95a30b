package pattern

import "strconv"

// Comparisons returns every leaf comparison of the pattern, in the order
// written.
func (p *Pattern) Comparisons() []Comparison {
	if p == nil {
		return nil
	}
	var out []Comparison
	walkObservation(p.Expr, func(c *Comparison) { out = append(out, *c) })
	return out
}

func walkObservation(e ObservationExpr, visit func(*Comparison)) {
	switch e := e.(type) {
	case *Observation:
		walkComparison(e.Expr, visit)
	case *CompoundObservation:
		for _, op := range e.Operands {
			walkObservation(op, visit)
		}
	case *QualifiedObservation:
		walkObservation(e.Expr, visit)
	}
}

func walkComparison(e ComparisonExpr, visit func(*Comparison)) {
	switch e := e.(type) {
	case *Comparison:
		visit(e)
	case *CompoundComparison:
		for _, op := range e.Operands {
			walkComparison(op, visit)
		}
	}
}

// Observable is a simple observable comparison of a pattern: an object type,
// a property path and a value that an observed object must have for the
// comparison to hold.
type Observable struct {
	// Type is the object type, "file".
	Type string
	// Path is the canonical property path without the object type:
	// "value", "hashes.'SHA-256'", "hashes.MD5", "extensions.'x'.y".
	// Keys keep the case they were written in.
	Path string
	// Value is the constant as text: a string unescaped, an integer in
	// decimal, a hex constant's digits as written.
	Value string
}

// Observables lists the simple observable comparisons of the pattern, in
// the order written: each comparison with = that is not negated and whose
// constant is a string, integer or hex constant, and each member of such a
// constant kind in a non-negated IN list. Duplicates are kept. It says
// nothing about how comparisons combine: an entry from one side of an OR is
// listed like one from an AND.
func (p *Pattern) Observables() []Observable {
	if p == nil {
		return nil
	}
	var out []Observable
	walkObservation(p.Expr, func(c *Comparison) {
		if c.Negated || (c.Op != Equal && c.Op != In) {
			return
		}
		path := ""
		add := func(l Literal) {
			v, ok := observableValue(l)
			if !ok {
				return
			}
			if path == "" {
				path = c.Path.Property()
			}
			out = append(out, Observable{Type: c.Path.ObjectType, Path: path, Value: v})
		}
		if c.Op == Equal {
			add(c.Value)
			return
		}
		for _, l := range c.Set {
			add(l)
		}
	})
	return out
}

func observableValue(l Literal) (string, bool) {
	switch l.Kind {
	case KindString, KindHex:
		return l.Text, true
	case KindInt:
		return strconv.FormatInt(l.Int, 10), true
	}
	return "", false
}
