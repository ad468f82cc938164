package accounts

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"time"
)

// FieldErrors maps a form field to why its value is refused, in words for
// the user. A service call returns it when nothing was written.
type FieldErrors map[string]string

func (e FieldErrors) Error() string {
	var b strings.Builder
	for i, k := range slices.Sorted(maps.Keys(e)) {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(k + ": " + e[k])
	}
	return b.String()
}

// add records a field's problem ("" is none).
func (e FieldErrors) add(field, problem string) {
	if problem != "" {
		e[field] = problem
	}
}

// orNil is e as an error, nil when empty.
func (e FieldErrors) orNil() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

// RefusalReason says which rule refused an admin action.
type RefusalReason int

const (
	// LastAdmin: the action would leave no active administrator.
	LastAdmin RefusalReason = iota + 1
	// OwnAccount: an administrator may not do this to their own account.
	OwnAccount
)

// Refusal is an action refused by a rule, with the message the
// administrator sees.
type Refusal struct {
	Reason  RefusalReason
	Message string
}

func (e *Refusal) Error() string { return e.Message }

// ThrottledError: too many failed attempts; try again after Wait.
type ThrottledError struct{ Wait time.Duration }

func (e *ThrottledError) Error() string { return "too many failed attempts, wait " + e.Wait.String() }

var (
	// ErrBadCredentials is the one answer to an unknown name, a wrong
	// password and a deactivated account alike.
	ErrBadCredentials = errors.New("accounts: the username and password do not match an account")
	// ErrNotAdmin: the acting user is no longer an active administrator.
	ErrNotAdmin = errors.New("accounts: not an active administrator")
	// ErrUnavailable wraps a failure of Redis where the action needs it
	// (ending sessions, dropping the cache); the database write, if any,
	// has been committed.
	ErrUnavailable = errors.New("accounts: Redis unavailable")
)
