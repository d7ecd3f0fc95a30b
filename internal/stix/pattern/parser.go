package pattern

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxLength is the longest pattern, in bytes, that Parse accepts.
const MaxLength = 1 << 20

// MaxDepth is the deepest nesting of brackets and parentheses that Parse
// accepts; it bounds the parser's recursion.
const MaxDepth = 100

// Parse parses and validates a STIX 2.1 pattern. On failure the error is a
// *SyntaxError.
func Parse(s string) (*Pattern, error) {
	if len(s) > MaxLength {
		return nil, &SyntaxError{Line: 1, Col: 1, Msg: "pattern is " + strconv.Itoa(len(s)) +
			" bytes long; the limit is " + strconv.Itoa(MaxLength)}
	}
	if !utf8.ValidString(s) {
		return nil, errorAt(s, firstInvalidUTF8(s), "invalid UTF-8 encoding")
	}
	p := &parser{lex: lexer{src: s}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	expr, err := p.observationExpr(obsFollowedBy, "")
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokEOF {
		return nil, p.unexpected("AND, OR, FOLLOWEDBY, qualifier or end of pattern")
	}
	return &Pattern{Expr: expr}, nil
}

func firstInvalidUTF8(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(s)
}

// parser is a recursive-descent parser with one token of lookahead.
type parser struct {
	lex   lexer
	tok   token
	depth int
}

func (p *parser) advance() error {
	t, err := p.lex.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) errAt(off int, msg string) *SyntaxError { return errorAt(p.lex.src, off, msg) }

// unexpected reports that the current token is not what was expected.
func (p *parser) unexpected(expected string) *SyntaxError {
	return p.errAt(p.tok.pos, "expected "+expected+", found "+describe(p.tok))
}

// expect consumes a token of kind k or reports what was found instead, as
// "expected <expected> after <context><text>". The parts are joined only on
// failure, keeping the success path free of allocations.
func (p *parser) expect(k tokenKind, expected, context, text string) error {
	if p.tok.kind != k {
		return p.unexpected(expected + " after " + context + text)
	}
	return p.advance()
}

// enter and leave bound the nesting depth.
func (p *parser) enter() error {
	p.depth++
	if p.depth > MaxDepth {
		return p.errAt(p.tok.pos, "nesting too deep: more than "+strconv.Itoa(MaxDepth)+" levels of brackets and parentheses")
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// Observation expression levels, loosest first.
const (
	obsFollowedBy = iota
	obsOr
	obsAnd
)

var obsLevelOp = [...]struct {
	tok   tokenKind
	op    LogicalOp
	after string
}{
	obsFollowedBy: {tokFollowedBy, FollowedBy, " after FOLLOWEDBY"},
	obsOr:         {tokOr, Or, " after OR"},
	obsAnd:        {tokAnd, And, " after AND"},
}

// observationExpr parses a chain of observation expressions joined by the
// operator of level; each operand is parsed at the next tighter level. A
// chain of one is returned as is; a longer chain becomes one
// CompoundObservation. after names what precedes the expression, for error
// messages.
func (p *parser) observationExpr(level int, after string) (ObservationExpr, error) {
	operand := func(after string) (ObservationExpr, error) {
		if level == obsAnd {
			return p.qualifiedObservation(after)
		}
		return p.observationExpr(level+1, after)
	}
	first, err := operand(after)
	if err != nil {
		return nil, err
	}
	opTok := obsLevelOp[level].tok
	if p.tok.kind != opTok {
		return first, nil
	}
	operands := append(make([]ObservationExpr, 0, 4), first)
	for p.tok.kind == opTok {
		if err := p.advance(); err != nil {
			return nil, err
		}
		next, err := operand(obsLevelOp[level].after)
		if err != nil {
			return nil, err
		}
		operands = append(operands, next)
	}
	return &CompoundObservation{Op: obsLevelOp[level].op, Operands: operands}, nil
}

// qualifiedObservation parses "[…]" or "(…)" and the qualifiers that
// follow it.
func (p *parser) qualifiedObservation(after string) (ObservationExpr, error) {
	var expr ObservationExpr
	var err error
	direct := p.tok.kind == tokLBrack
	switch p.tok.kind {
	case tokLBrack:
		expr, err = p.bracketed()
	case tokLParen:
		expr, err = p.parenthesizedObservation()
	default:
		msg := "observation expression '[…]'" + after
		if after == "" && p.tok.kind == tokIdent {
			msg += " (comparisons must be enclosed in square brackets)"
		}
		return nil, p.unexpected(msg)
	}
	if err != nil {
		return nil, err
	}
	quals, err := p.qualifiers(direct)
	if err != nil || quals == nil {
		return expr, err
	}
	return &QualifiedObservation{Expr: expr, Qualifiers: quals}, nil
}

func (p *parser) bracketed() (ObservationExpr, error) {
	open := p.tok.pos
	if err := p.enter(); err != nil {
		return nil, err
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	cmp, err := p.comparisonExpr(Or, " after '['")
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokRBrack {
		return nil, p.unexpected("AND, OR or ']' closing the '[' at " + position(p.lex.src, open))
	}
	p.leave()
	return &Observation{Expr: cmp}, p.advance()
}

func (p *parser) parenthesizedObservation() (ObservationExpr, error) {
	open := p.tok.pos
	if err := p.enter(); err != nil {
		return nil, err
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	expr, err := p.observationExpr(obsFollowedBy, " after '('")
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokRParen {
		return nil, p.unexpected("AND, OR, FOLLOWEDBY, qualifier or ')' closing the '(' at " + position(p.lex.src, open))
	}
	p.leave()
	return expr, p.advance()
}

// qualifiers parses the qualifiers following an observation expression; it
// returns nil when there are none. The specification says an observation
// expression must not have more than one qualifier of a kind; like the
// OASIS pattern validator (see oasis-tcs/cti-stix2 issue 214) this applies
// to qualifiers directly following "[…]" (direct), while a parenthesised
// group may stack them: "([a] OR [b]) WITHIN 5 SECONDS WITHIN 9 SECONDS".
func (p *parser) qualifiers(direct bool) ([]Qualifier, error) {
	var quals []Qualifier
	var seen [StartStop + 1]bool
	for {
		var kind QualifierKind
		switch p.tok.kind {
		case tokWithin:
			kind = Within
		case tokRepeats:
			kind = Repeats
		case tokStart:
			kind = StartStop
		default:
			return quals, nil
		}
		if seen[kind] && direct {
			return nil, p.errAt(p.tok.pos, "duplicate "+kind.String()+" qualifier on the same observation expression")
		}
		seen[kind] = true
		q, err := p.qualifier(kind)
		if err != nil {
			return nil, err
		}
		quals = append(quals, q)
	}
}

func (p *parser) qualifier(kind QualifierKind) (Qualifier, error) {
	if err := p.advance(); err != nil {
		return Qualifier{}, err
	}
	switch kind {
	case Within:
		return p.withinQualifier()
	case Repeats:
		return p.repeatsQualifier()
	}
	return p.startStopQualifier()
}

func (p *parser) withinQualifier() (Qualifier, error) {
	t := p.tok
	if t.kind != tokInt && t.kind != tokFloat {
		return Qualifier{}, p.unexpected("positive number of seconds after WITHIN")
	}
	v, _, err := p.literal()
	if err != nil {
		return Qualifier{}, err
	}
	if v.Int <= 0 && v.Float <= 0 {
		return Qualifier{}, p.errAt(t.pos, "WITHIN needs a positive number of seconds, found "+t.text)
	}
	if err := p.expect(tokSeconds, "SECONDS", "WITHIN ", t.text); err != nil {
		return Qualifier{}, err
	}
	return Qualifier{Kind: Within, Value: v}, nil
}

func (p *parser) repeatsQualifier() (Qualifier, error) {
	t := p.tok
	if t.kind != tokInt {
		return Qualifier{}, p.unexpected("positive integer after REPEATS")
	}
	v, _, err := p.literal()
	if err != nil {
		return Qualifier{}, err
	}
	if v.Int <= 0 {
		return Qualifier{}, p.errAt(t.pos, "REPEATS needs a positive integer, found "+t.text)
	}
	if err := p.expect(tokTimes, "TIMES", "REPEATS ", t.text); err != nil {
		return Qualifier{}, err
	}
	return Qualifier{Kind: Repeats, Value: v}, nil
}

func (p *parser) startStopQualifier() (Qualifier, error) {
	startTok := p.tok
	if startTok.kind != tokTimestamp {
		return Qualifier{}, p.unexpected("timestamp t'…' after START")
	}
	start, _, err := p.literal()
	if err != nil {
		return Qualifier{}, err
	}
	if err := p.expect(tokStop, "STOP", "START ", startTok.text); err != nil {
		return Qualifier{}, err
	}
	t := p.tok
	if t.kind != tokTimestamp {
		return Qualifier{}, p.unexpected("timestamp t'…' after STOP")
	}
	stop, _, err := p.literal()
	if err != nil {
		return Qualifier{}, err
	}
	if !start.Time.Before(stop.Time) {
		return Qualifier{}, p.errAt(t.pos, "STOP t'"+stop.Text+"' must be later than START t'"+start.Text+"'")
	}
	return Qualifier{Kind: StartStop, Start: start, Stop: stop}, nil
}

// comparisonExpr parses comparisons joined by op (Or, then And at the next
// level), AND binding tighter than OR.
func (p *parser) comparisonExpr(op LogicalOp, after string) (ComparisonExpr, error) {
	operand := func(after string) (ComparisonExpr, error) {
		if op == Or {
			return p.comparisonExpr(And, after)
		}
		return p.comparisonPrimary(after)
	}
	first, err := operand(after)
	if err != nil {
		return nil, err
	}
	opTok, opAfter := tokOr, " after OR"
	if op == And {
		opTok, opAfter = tokAnd, " after AND"
	}
	if p.tok.kind != opTok {
		return first, nil
	}
	operands := append(make([]ComparisonExpr, 0, 4), first)
	for p.tok.kind == opTok {
		if err := p.advance(); err != nil {
			return nil, err
		}
		next, err := operand(opAfter)
		if err != nil {
			return nil, err
		}
		operands = append(operands, next)
	}
	return &CompoundComparison{Op: op, Operands: operands}, nil
}

// comparisonPrimary parses "(…)", "EXISTS path" or "path [NOT] op value".
func (p *parser) comparisonPrimary(after string) (ComparisonExpr, error) {
	switch p.tok.kind {
	case tokLParen:
		return p.parenthesizedComparison()
	case tokExists:
		if err := p.advance(); err != nil {
			return nil, err
		}
		path, err := p.path(" after EXISTS")
		if err != nil {
			return nil, err
		}
		return &Comparison{Path: path, Op: Exists}, nil
	case tokIdent:
		path, err := p.path(after)
		if err != nil {
			return nil, err
		}
		return p.comparison(path)
	}
	return nil, p.unexpected("comparison" + after)
}

func (p *parser) parenthesizedComparison() (ComparisonExpr, error) {
	open := p.tok.pos
	if err := p.enter(); err != nil {
		return nil, err
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	expr, err := p.comparisonExpr(Or, " after '('")
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokRParen {
		return nil, p.unexpected("AND, OR or ')' closing the '(' at " + position(p.lex.src, open))
	}
	p.leave()
	return expr, p.advance()
}

var tokOperator = [...]Operator{
	tokEq:         Equal,
	tokNeq:        NotEqual,
	tokLt:         Less,
	tokLe:         LessOrEqual,
	tokGt:         Greater,
	tokGe:         GreaterOrEqual,
	tokIn:         In,
	tokLike:       Like,
	tokMatches:    Matches,
	tokIsSubset:   IsSubset,
	tokIsSuperset: IsSuperset,
}

func operatorOf(k tokenKind) Operator {
	if int(k) < len(tokOperator) {
		return tokOperator[k]
	}
	return 0
}

// comparison parses the operator and operand following an object path.
func (p *parser) comparison(path Path) (*Comparison, error) {
	c := &Comparison{Path: path}
	if p.tok.kind == tokNot {
		c.Negated = true
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	opTok := p.tok
	c.Op = operatorOf(opTok.kind)
	if c.Op == 0 {
		after := " after " + path.String()
		if c.Negated {
			after = " after NOT"
		}
		return nil, p.unexpected("comparison operator" + after)
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	var err error
	switch c.Op {
	case In:
		c.Set, err = p.set()
	case Like, Matches, IsSubset, IsSuperset:
		c.Value, err = p.stringOperand(c.Op)
	default:
		c.Value, err = p.scalarOperand(opTok)
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// scalarOperand parses the constant of =, !=, <, <=, > or >=. Booleans
// cannot be ordered.
func (p *parser) scalarOperand(opTok token) (Literal, error) {
	t := p.tok
	lit, ok, err := p.literal()
	if err != nil {
		return Literal{}, err
	}
	if !ok {
		return Literal{}, p.unexpected("constant after " + opTok.text)
	}
	if lit.Kind == KindBool && opTok.kind != tokEq && opTok.kind != tokNeq {
		return Literal{}, p.errAt(t.pos, "a boolean cannot be compared with "+opTok.text+"; only = and != apply to booleans")
	}
	return lit, nil
}

// stringOperand parses and checks the string operand of LIKE, MATCHES,
// ISSUBSET and ISSUPERSET.
func (p *parser) stringOperand(op Operator) (Literal, error) {
	t := p.tok
	if t.kind != tokString {
		return Literal{}, p.unexpected("string after " + op.String())
	}
	switch op {
	case Matches:
		if msg := checkRegexp(t.val); msg != "" {
			return Literal{}, p.errAt(t.pos, msg)
		}
	case IsSubset, IsSuperset:
		if !checkSubnet(t.val) {
			return Literal{}, p.errAt(t.pos, op.String()+" needs an IP address or CIDR subnet such as '10.0.0.0/8', found "+describe(t))
		}
	}
	lit, _, err := p.literal()
	return lit, err
}

// set parses the parenthesised constant list of IN; it may be empty.
func (p *parser) set() ([]Literal, error) {
	if err := p.expect(tokLParen, "'('", "IN", ""); err != nil {
		return nil, err
	}
	if p.tok.kind == tokRParen {
		return nil, p.advance()
	}
	set := make([]Literal, 0, 4)
	for {
		lit, ok, err := p.literal()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, p.unexpected("constant in the IN list")
		}
		set = append(set, lit)
		switch p.tok.kind {
		case tokRParen:
			return set, p.advance()
		case tokComma:
			if err := p.advance(); err != nil {
				return nil, err
			}
		default:
			return nil, p.unexpected("',' or ')' in the IN list")
		}
	}
}

// path parses an object path: object-type ':' property steps.
func (p *parser) path(after string) (Path, error) {
	t := p.tok
	if t.kind != tokIdent {
		return Path{}, p.unexpected("object path" + after)
	}
	if msg := checkObjectType(t.text); msg != "" {
		return Path{}, p.errAt(t.pos, msg)
	}
	if err := p.advance(); err != nil {
		return Path{}, err
	}
	if err := p.expect(tokColon, "':'", "object type ", t.text); err != nil {
		return Path{}, err
	}
	first, err := p.key("':'")
	if err != nil {
		return Path{}, err
	}
	steps := make([]Step, 1, 4)
	steps[0] = first
	for {
		switch p.tok.kind {
		case tokDot:
			if err := p.advance(); err != nil {
				return Path{}, err
			}
			s, err := p.key("'.'")
			if err != nil {
				return Path{}, err
			}
			steps = append(steps, s)
		case tokLBrack:
			s, err := p.index()
			if err != nil {
				return Path{}, err
			}
			steps = append(steps, s)
		default:
			return Path{ObjectType: t.text, Steps: steps}, nil
		}
	}
}

// key parses a property name: an identifier without hyphens, or a quoted
// string for names with other characters ('SHA-256').
func (p *parser) key(after string) (Step, error) {
	t := p.tok
	switch t.kind {
	case tokIdent:
		if strings.IndexByte(t.text, '-') >= 0 {
			name := truncate(t.text)
			return Step{}, p.errAt(t.pos, "property name "+name+" contains '-': quote it as '"+name+"'")
		}
		return Step{Kind: KeyStep, Key: t.text}, p.advance()
	case tokString:
		if t.val == "" {
			return Step{}, p.errAt(t.pos, "empty property name")
		}
		return Step{Kind: KeyStep, Key: t.val}, p.advance()
	}
	msg := "property name after " + after
	if t.kind.isKeyword() {
		msg += " (quote a property named like a keyword: '" + t.text + "')"
	}
	return Step{}, p.unexpected(msg)
}

// index parses "[*]" or "[n]".
func (p *parser) index() (Step, error) {
	if err := p.advance(); err != nil {
		return Step{}, err
	}
	t := p.tok
	var s Step
	switch t.kind {
	case tokStar:
		s = Step{Kind: AnyIndexStep}
	case tokInt:
		n, err := strconv.Atoi(t.text)
		if err != nil {
			return Step{}, p.errAt(t.pos, "list index "+t.text+" is out of range")
		}
		s = Step{Kind: IndexStep, Index: n}
	default:
		return Step{}, p.unexpected("list index or '*' after '['")
	}
	if err := p.advance(); err != nil {
		return Step{}, err
	}
	if err := p.expect(tokRBrack, "']'", "list index ", t.text); err != nil {
		return Step{}, err
	}
	return s, nil
}

// checkObjectType validates an object type name: lower-case ASCII letters,
// digits and hyphens, starting with a letter (the STIX type-name rule).
func checkObjectType(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isLower(c) && !isDigit(c) && c != '-' {
			return "invalid object type " + truncate(s) + ": only lower-case letters, digits and '-' are allowed"
		}
	}
	return ""
}

// position formats a byte offset as "line L col C".
func position(src string, off int) string {
	e := errorAt(src, off, "")
	return "line " + strconv.Itoa(e.Line) + " col " + strconv.Itoa(e.Col)
}

// describe names a token for an error message.
func describe(t token) string {
	switch t.kind {
	case tokEOF:
		return "end of pattern"
	case tokIdent:
		s := "identifier " + truncate(t.text)
		if k := keyword(strings.ToUpper(t.text)); k.isKeyword() && k != tokTrue && k != tokFalse {
			s += " (keywords are upper case: " + strings.ToUpper(t.text) + ")"
		}
		return s
	case tokString:
		return "string " + truncate(t.text)
	case tokInt, tokFloat:
		return "number " + truncate(t.text)
	case tokBinary, tokHex, tokTimestamp:
		return truncate(t.text)
	}
	if t.kind.isKeyword() {
		return t.text
	}
	return "'" + t.text + "'"
}

// truncate shortens s to at most 32 runes for an error message and shows
// line breaks and tabs as \n, \r and \t so that the message is one line.
func truncate(s string) string {
	const max = 32
	if utf8.RuneCountInString(s) > max {
		i := 0
		for n := 0; n < max-1; n++ {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		s = s[:i] + "…"
	}
	return controlEscaper.Replace(s)
}

var controlEscaper = strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`)
