package quickadd

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error of Parse is an *Error wrapping one of them;
// branch with errors.Is, never on the text.
var (
	// ErrEmpty: nothing but white space was typed.
	ErrEmpty = errors.New("quickadd: empty")
	// ErrTooLong: the text is longer than MaxLen characters.
	ErrTooLong = errors.New("quickadd: too long")
	// ErrInvalidText: the text is not valid UTF-8 or has control characters.
	ErrInvalidText = errors.New("quickadd: invalid text")
	// ErrNoDate: no date, time or repetition was understood.
	ErrNoDate = errors.New("quickadd: no date understood")
	// ErrInvalidDate: a date or range was recognised but does not exist
	// ("Feb 30", "12/24" read as day/month, a range ending before it starts,
	// a year out of range).
	ErrInvalidDate = errors.New("quickadd: invalid date")
	// ErrInvalidRepeat: the repetition makes no valid series (an "until"
	// before the start).
	ErrInvalidRepeat = errors.New("quickadd: invalid repetition")
	// ErrNoTitle: a date was understood but nothing is left for a title.
	// Parse still returns the Result it understood, for a preview.
	ErrNoTitle = errors.New("quickadd: no title")
)

// Error is the error type of Parse. Msg is an English sentence for the
// person who typed the text; it may quote a clipped part of the input, so
// escape it like any user data.
type Error struct {
	Msg  string
	kind error
}

func (e *Error) Error() string { return "quickadd: " + e.Msg }

// Unwrap returns the sentinel the error belongs to.
func (e *Error) Unwrap() error { return e.kind }

func errorf(kind error, format string, args ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, args...), kind: kind}
}

// clip shortens input before it is quoted in a message.
func clip(s string) string {
	const limit = 40
	n := 0
	for i := range s {
		if n == limit {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
