package ioc

import (
	"errors"
	"fmt"
)

// ErrInvalid is wrapped by every error this package returns: the value is
// not usable by a tool in the asked form.
var ErrInvalid = errors.New("invalid value")

type invalidError struct{ msg string }

func (e *invalidError) Error() string { return e.msg }
func (e *invalidError) Unwrap() error { return ErrInvalid }

func errorf(format string, args ...any) error {
	return &invalidError{msg: fmt.Sprintf(format, args...)}
}
