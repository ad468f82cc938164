package calendar

import (
	"slices"
	"testing"
)

func TestLanes(t *testing.T) {
	d := func(day int) Date { return MakeDate(2025, 6, day) }
	r := func(a, b int) Range { return Range{d(a), d(b)} }
	for _, tc := range []struct {
		name  string
		spans []Range
		want  []int
	}{
		{"none", nil, []int{}},
		{"apart", []Range{r(2, 4), r(4, 6), r(6, 9)}, []int{0, 0, 0}},
		{"overlapping", []Range{r(2, 5), r(3, 4), r(4, 8)}, []int{0, 1, 1}},
		{"gap reused", []Range{r(2, 9), r(2, 4), r(3, 6), r(5, 7)}, []int{0, 1, 2, 1}},
		{"empty range takes no day", []Range{r(2, 9), r(5, 5)}, []int{0, 0}},
	} {
		if got := Lanes(tc.spans); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Lanes = %v, want %v", tc.name, got, tc.want)
		}
	}
}
