package calendar

// Lanes gives each of spans a lane, the row a bar takes in a week of the
// month grid: taken in order, each span goes into the lowest lane where it
// overlaps no span placed before it. The caller chooses the order (the
// month grid: earliest first, then longest).
func Lanes(spans []Range) []int {
	out := make([]int, len(spans))
	var lanes [][]Range
	for i, s := range spans {
		lane := 0
		for ; lane < len(lanes); lane++ {
			if !overlapsAny(lanes[lane], s) {
				break
			}
		}
		if lane == len(lanes) {
			lanes = append(lanes, nil)
		}
		lanes[lane] = append(lanes[lane], s)
		out[i] = lane
	}
	return out
}

func overlapsAny(rs []Range, s Range) bool {
	for _, r := range rs {
		if _, ok := r.Intersect(s); ok {
			return true
		}
	}
	return false
}
