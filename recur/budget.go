package recur

import "errors"

// ErrOverBudget is returned when a Budget runs out.
var ErrOverBudget = errors.New("recur: more occurrences than the budget allows")

// Budget bounds how many occurrences the calls given it may compute
// together, so that work driven by untrusted input (an imported file's
// rules) stays bounded. A nil *Budget is no bound.
type Budget struct {
	left int
	over bool
}

// NewBudget allows n occurrences.
func NewBudget(n int) *Budget { return &Budget{left: n} }

// Exhausted reports whether a computation ran out of the budget.
func (b *Budget) Exhausted() bool { return b != nil && b.over }

// Left is how many occurrences may still be computed.
func (b *Budget) Left() int { return b.left }

// spend takes one occurrence from the budget; false once it is used up.
func (b *Budget) spend() bool {
	if b == nil {
		return true
	}
	if b.left <= 0 {
		b.over = true
		return false
	}
	b.left--
	return true
}
