package pattern

import (
	"strconv"
	"unicode/utf8"
)

// SyntaxError reports why a pattern was rejected and where.
type SyntaxError struct {
	// Line and Col locate the offending input, both counted from 1; Col
	// counts runes, not bytes.
	Line, Col int
	// Msg says what was expected and what was found.
	Msg string
}

// Error returns "line L col C: message".
func (e *SyntaxError) Error() string {
	return "line " + strconv.Itoa(e.Line) + " col " + strconv.Itoa(e.Col) + ": " + e.Msg
}

// errorAt builds a SyntaxError for byte offset off of src. The position is
// computed only here, on the error path, so that tokens need carry no more
// than a byte offset.
func errorAt(src string, off int, msg string) *SyntaxError {
	if off > len(src) {
		off = len(src)
	}
	line, col := 1, 1
	for i := 0; i < off; {
		r, size := utf8.DecodeRuneInString(src[i:])
		i += size
		if r == '\n' {
			line++
			col = 1
			continue
		}
		col++
	}
	return &SyntaxError{Line: line, Col: col, Msg: msg}
}
