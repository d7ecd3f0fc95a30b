package pattern

import "strconv"

// String returns the canonical text of the pattern: single spaces around
// operators, upper-case keywords, '=' and '!=' for equality, parentheses
// only where the tree needs them, property names quoted only when they are
// not plain identifiers, and constants as written. Parsing the result yields
// a tree equal to p.
func (p *Pattern) String() string {
	if p == nil || p.Expr == nil {
		return ""
	}
	return string(appendObservation(make([]byte, 0, 64), p.Expr))
}

// String returns the canonical text of the comparison, as in a pattern.
func (c *Comparison) String() string {
	return string(appendComparison(make([]byte, 0, 48), c))
}

// String returns the canonical text of the path: "file:hashes.'SHA-256'".
func (p Path) String() string {
	b := make([]byte, 0, len(p.ObjectType)+16)
	return string(appendPath(b, p))
}

// Property returns the canonical text of the path without its object type:
// "hashes.'SHA-256'", "to_refs[*].value".
func (p Path) Property() string {
	return string(appendSteps(make([]byte, 0, 16), p.Steps))
}

// String returns the canonical text of the constant: strings are quoted
// with ' and \ escaped, floats, b'…', h'…' and t'…' keep their text as
// written.
func (l Literal) String() string {
	return string(appendLiteral(make([]byte, 0, len(l.Text)+4), l))
}

func appendObservation(b []byte, e ObservationExpr) []byte {
	switch e := e.(type) {
	case *Observation:
		b = append(b, '[')
		b = appendComparisonExpr(b, e.Expr)
		return append(b, ']')
	case *CompoundObservation:
		for i, op := range e.Operands {
			if i > 0 {
				b = append(b, ' ')
				b = append(b, e.Op.String()...)
				b = append(b, ' ')
			}
			b = appendObservationOperand(b, op, e.Op)
		}
		return b
	case *QualifiedObservation:
		if _, simple := e.Expr.(*Observation); simple && !repeatsKind(e.Qualifiers) {
			b = appendObservation(b, e.Expr)
		} else {
			b = append(b, '(')
			b = appendObservation(b, e.Expr)
			b = append(b, ')')
		}
		for _, q := range e.Qualifiers {
			b = append(b, ' ')
			b = appendQualifier(b, q)
		}
		return b
	}
	return b
}

// repeatsKind reports whether a qualifier kind occurs twice in qs, which is
// allowed only after a parenthesised expression.
func repeatsKind(qs []Qualifier) bool {
	var seen [StartStop + 1]bool
	for _, q := range qs {
		if q.Kind > StartStop {
			continue
		}
		if seen[q.Kind] {
			return true
		}
		seen[q.Kind] = true
	}
	return false
}

// appendObservationOperand parenthesises an operand of a compound whose
// operator binds as loosely as or more loosely than the parent's; in
// particular an operand with the parent's own operator was grouped.
func appendObservationOperand(b []byte, e ObservationExpr, parent LogicalOp) []byte {
	if c, ok := e.(*CompoundObservation); ok && c.Op >= parent {
		b = append(b, '(')
		b = appendObservation(b, e)
		return append(b, ')')
	}
	return appendObservation(b, e)
}

func appendQualifier(b []byte, q Qualifier) []byte {
	switch q.Kind {
	case Within:
		b = append(b, "WITHIN "...)
		b = appendLiteral(b, q.Value)
		return append(b, " SECONDS"...)
	case Repeats:
		b = append(b, "REPEATS "...)
		b = appendLiteral(b, q.Value)
		return append(b, " TIMES"...)
	case StartStop:
		b = append(b, "START "...)
		b = appendLiteral(b, q.Start)
		b = append(b, " STOP "...)
		return appendLiteral(b, q.Stop)
	}
	return b
}

func appendComparisonExpr(b []byte, e ComparisonExpr) []byte {
	switch e := e.(type) {
	case *Comparison:
		return appendComparison(b, e)
	case *CompoundComparison:
		for i, op := range e.Operands {
			if i > 0 {
				b = append(b, ' ')
				b = append(b, e.Op.String()...)
				b = append(b, ' ')
			}
			if c, ok := op.(*CompoundComparison); ok && c.Op >= e.Op {
				b = append(b, '(')
				b = appendComparisonExpr(b, op)
				b = append(b, ')')
			} else {
				b = appendComparisonExpr(b, op)
			}
		}
	}
	return b
}

func appendComparison(b []byte, c *Comparison) []byte {
	if c.Op == Exists {
		b = append(b, "EXISTS "...)
		return appendPath(b, c.Path)
	}
	b = appendPath(b, c.Path)
	if c.Negated {
		b = append(b, " NOT"...)
	}
	b = append(b, ' ')
	b = append(b, c.Op.String()...)
	b = append(b, ' ')
	if c.Op != In {
		return appendLiteral(b, c.Value)
	}
	b = append(b, '(')
	for i, l := range c.Set {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendLiteral(b, l)
	}
	return append(b, ')')
}

func appendPath(b []byte, p Path) []byte {
	b = append(b, p.ObjectType...)
	b = append(b, ':')
	return appendSteps(b, p.Steps)
}

func appendSteps(b []byte, steps []Step) []byte {
	for i, s := range steps {
		switch s.Kind {
		case KeyStep:
			if i > 0 {
				b = append(b, '.')
			}
			if isPlainName(s.Key) {
				b = append(b, s.Key...)
			} else {
				b = appendQuoted(b, s.Key)
			}
		case IndexStep:
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(s.Index), 10)
			b = append(b, ']')
		case AnyIndexStep:
			b = append(b, "[*]"...)
		}
	}
	return b
}

// isPlainName reports whether a property name can be written unquoted: an
// identifier without hyphens that is not a keyword.
func isPlainName(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isIdentStart(c) && !isDigit(c) {
			return false
		}
	}
	return keyword(s) == tokIdent
}

func appendLiteral(b []byte, l Literal) []byte {
	switch l.Kind {
	case KindString:
		return appendQuoted(b, l.Text)
	case KindInt:
		return strconv.AppendInt(b, l.Int, 10)
	case KindFloat:
		return append(b, l.Text...)
	case KindBool:
		return strconv.AppendBool(b, l.Bool)
	case KindBinary:
		b = append(b, "b'"...)
	case KindHex:
		b = append(b, "h'"...)
	case KindTimestamp:
		b = append(b, "t'"...)
	default:
		return b
	}
	b = append(b, l.Text...)
	return append(b, '\'')
}

// appendQuoted writes s as a string constant, escaping ' and \.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '\'')
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\'' || c == '\\' {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return append(b, '\'')
}
