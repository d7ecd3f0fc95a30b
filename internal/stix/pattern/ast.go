package pattern

import (
	"encoding/base64"
	"encoding/hex"
	"time"
)

// Pattern is a parsed STIX pattern: one observation expression, possibly
// compound.
type Pattern struct {
	Expr ObservationExpr
}

// ObservationExpr is an observation expression. Its dynamic type is one of
// *Observation, *CompoundObservation or *QualifiedObservation.
type ObservationExpr interface {
	observationExpr()
}

// Observation is a bracketed comparison expression, "[ … ]", matched against
// a single observed-data instance.
type Observation struct {
	Expr ComparisonExpr
}

// CompoundObservation joins two or more observation expressions with the
// same observation operator (And, Or or FollowedBy). A chain written without
// parentheses, "[a] AND [b] AND [c]", is one node with three operands; an
// operand that is itself a CompoundObservation was written in parentheses.
type CompoundObservation struct {
	Op       LogicalOp
	Operands []ObservationExpr
}

// QualifiedObservation is an observation expression followed by one or more
// qualifiers, in the order written. When Expr is an *Observation each
// qualifier kind appears at most once, unless the observation was written in
// parentheses ("([a]) WITHIN 1 SECONDS WITHIN 2 SECONDS"); any other Expr
// was written in parentheses and may carry a kind several times.
type QualifiedObservation struct {
	Expr       ObservationExpr
	Qualifiers []Qualifier
}

func (*Observation) observationExpr()          {}
func (*CompoundObservation) observationExpr()  {}
func (*QualifiedObservation) observationExpr() {}

// ComparisonExpr is a comparison expression inside an observation. Its
// dynamic type is *Comparison or *CompoundComparison.
type ComparisonExpr interface {
	comparisonExpr()
}

// CompoundComparison joins two or more comparison expressions with And or
// Or. As with CompoundObservation, an operand that is itself a
// CompoundComparison was written in parentheses.
type CompoundComparison struct {
	Op       LogicalOp
	Operands []ComparisonExpr
}

// Comparison is a leaf comparison: an object path compared with a constant,
// or an EXISTS test.
type Comparison struct {
	Path Path
	// Negated is true when NOT precedes the operator ("a NOT IN (…)").
	Negated bool
	Op      Operator
	// Value is the constant compared with; it is the zero Literal for In
	// and Exists.
	Value Literal
	// Set holds the members of an In list, in order; nil for other
	// operators and for an empty list.
	Set []Literal
}

func (*Comparison) comparisonExpr()         {}
func (*CompoundComparison) comparisonExpr() {}

// LogicalOp is an operator joining expressions.
type LogicalOp uint8

// Logical operators, from the tightest binding to the loosest. FollowedBy
// only joins observation expressions.
const (
	And LogicalOp = iota + 1
	Or
	FollowedBy
)

// String returns the keyword of the operator.
func (op LogicalOp) String() string {
	switch op {
	case And:
		return "AND"
	case Or:
		return "OR"
	case FollowedBy:
		return "FOLLOWEDBY"
	}
	return "LogicalOp(?)"
}

// Operator is a comparison operator.
type Operator uint8

// Comparison operators.
const (
	Equal Operator = iota + 1
	NotEqual
	Less
	LessOrEqual
	Greater
	GreaterOrEqual
	In
	Like
	Matches
	IsSubset
	IsSuperset
	Exists
)

var operatorText = [...]string{
	Equal:          "=",
	NotEqual:       "!=",
	Less:           "<",
	LessOrEqual:    "<=",
	Greater:        ">",
	GreaterOrEqual: ">=",
	In:             "IN",
	Like:           "LIKE",
	Matches:        "MATCHES",
	IsSubset:       "ISSUBSET",
	IsSuperset:     "ISSUPERSET",
	Exists:         "EXISTS",
}

// String returns the canonical spelling of the operator ("=", "IN", …).
func (op Operator) String() string {
	if op == 0 || int(op) >= len(operatorText) {
		return "Operator(?)"
	}
	return operatorText[op]
}

// Path is an object path: an object type and the property steps that lead
// from the object to the value compared. The first step is always a key.
type Path struct {
	ObjectType string
	Steps      []Step
}

// StepKind says what a path step selects.
type StepKind uint8

// Path step kinds.
const (
	// KeyStep selects a property or dictionary key (Step.Key).
	KeyStep StepKind = iota + 1
	// IndexStep selects one list element (Step.Index).
	IndexStep
	// AnyIndexStep, written [*], selects any list element.
	AnyIndexStep
)

// Step is one step of an object path.
type Step struct {
	Kind StepKind
	// Key is the property name or dictionary key, unescaped, exactly as
	// written (no case folding): "MD5", "SHA-256".
	Key string
	// Index is the list index of an IndexStep; the grammar allows it to be
	// negative.
	Index int
}

// Kind is the type of a constant.
type Kind uint8

// Constant kinds.
const (
	KindString Kind = iota + 1
	KindInt
	KindFloat
	KindBool
	KindBinary
	KindHex
	KindTimestamp
)

var kindText = [...]string{
	KindString:    "string",
	KindInt:       "integer",
	KindFloat:     "float",
	KindBool:      "boolean",
	KindBinary:    "binary",
	KindHex:       "hex",
	KindTimestamp: "timestamp",
}

// String returns the name of the kind ("string", "integer", …).
func (k Kind) String() string {
	if k == 0 || int(k) >= len(kindText) {
		return "Kind(?)"
	}
	return kindText[k]
}

// Literal is a constant of a pattern. Which fields are set depends on Kind:
//
//	KindString     Text is the unescaped string
//	KindInt        Int
//	KindFloat      Float, and Text is the number as written (without a
//	               leading '+'), so that printing keeps its exact form
//	KindBool       Bool
//	KindBinary     Text is the base64 text between b' and '
//	KindHex        Text is the hex digits between h' and ', case kept
//	KindTimestamp  Time (UTC), and Text is the RFC 3339 text between t' and '
type Literal struct {
	Kind  Kind
	Text  string
	Int   int64
	Float float64
	Bool  bool
	Time  time.Time
}

// Bytes returns the octets of a binary or hex constant, or nil for any other
// kind. Parse has validated the encoding, so decoding cannot fail.
func (l Literal) Bytes() []byte {
	switch l.Kind {
	case KindBinary:
		b, _ := base64.StdEncoding.DecodeString(l.Text)
		return b
	case KindHex:
		b, _ := hex.DecodeString(l.Text)
		return b
	}
	return nil
}

// QualifierKind says which qualifier a Qualifier is.
type QualifierKind uint8

// Qualifier kinds.
const (
	// Within is "WITHIN n SECONDS".
	Within QualifierKind = iota + 1
	// Repeats is "REPEATS n TIMES".
	Repeats
	// StartStop is "START t'…' STOP t'…'".
	StartStop
)

// String returns the qualifier's leading keyword ("WITHIN", "REPEATS",
// "START").
func (k QualifierKind) String() string {
	switch k {
	case Within:
		return "WITHIN"
	case Repeats:
		return "REPEATS"
	case StartStop:
		return "START"
	}
	return "QualifierKind(?)"
}

// Qualifier restricts the observations that may match the observation
// expression it follows.
type Qualifier struct {
	Kind QualifierKind
	// Value is the number of seconds of Within (a positive KindInt or
	// KindFloat) or the count of Repeats (a positive KindInt).
	Value Literal
	// Start and Stop are the KindTimestamp bounds of StartStop; Start is
	// earlier than Stop.
	Start, Stop Literal
}
