package recur

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error of this package wraps one of them and is an
// *Error, whose Msg is a sentence fit for a form.
var (
	// ErrInvalidRule is wrapped by the errors of Parse, except for a rule
	// that can never match (ErrNoOccurrence).
	ErrInvalidRule = errors.New("recur: invalid rule")
	// ErrInvalidSeries is wrapped when a Series is malformed (no rule, a
	// negative duration, an UNTIL before the start, ...).
	ErrInvalidSeries = errors.New("recur: invalid series")
	// ErrNoOccurrence is wrapped when a rule never matches a date: by Parse
	// when no start could help (BYMONTH=2;BYMONTHDAY=30), by NewSeries and
	// Validate when it matches nothing from the start on (within
	// NoOccurrenceHorizonYears) or before its UNTIL.
	ErrNoOccurrence = errors.New("recur: the rule produces no occurrence")
	// ErrNotOccurrence is wrapped when a recurrence id is not one of the
	// series' occurrences.
	ErrNotOccurrence = errors.New("recur: not an occurrence of the series")
	// ErrSplitAtFirst is wrapped by SplitAt at the first occurrence:
	// "this and following" there means the whole series.
	ErrSplitAtFirst = errors.New("recur: split at the first occurrence")
)

// Error is the error type of this package. Msg is an English sentence meant
// for the person who typed the rule (it may quote a clipped part of their
// input, so it must be HTML-escaped like any user data; templ does that).
// Use errors.Is with the sentinels above to branch, never the text.
type Error struct {
	Msg  string
	kind error
}

func (e *Error) Error() string { return "recur: " + e.Msg }

// Unwrap returns the sentinel the error belongs to.
func (e *Error) Unwrap() error { return e.kind }

func errorf(kind error, format string, args ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, args...), kind: kind}
}
