package calendar

import (
	"sort"
	"time"
)

// MinutesPerDay is the height of a day column in minutes.
const MinutesPerDay = 24 * 60

// MinEventMinutes is the minimum height LayoutDay gives an event.
const MinEventMinutes = 15

// Interval is a timed event's [Start, End).
type Interval struct {
	Start, End time.Time
}

// Placed is the position of one event in a day column.
type Placed struct {
	Index     int // index into the items passed to LayoutDay
	Column    int // 0-based column within its cluster of overlapping events
	Columns   int // number of columns in that cluster
	TopMin    int // wall-clock minutes from local midnight, 0..1439
	HeightMin int // at least MinEventMinutes
}

// LayoutDay positions the timed events items on day in loc.
//
// Each event is clipped to the day's bounds; events that miss the day are
// left out (a zero-length event belongs to the day containing its start).
// TopMin and the bottom use wall-clock minutes, so on a DST day 09:00 is at
// 540 and a 25-hour day still fits in MinutesPerDay; an event that runs
// past the day ends at MinutesPerDay. Heights are at least MinEventMinutes,
// so an event starting after 23:45 may extend past MinutesPerDay.
//
// Events whose boxes overlap (using the displayed, minimum-height extents)
// share a cluster and go into side-by-side columns: sorted by start, longer
// first, each takes the first free column; Columns is the cluster's maximum
// concurrency. The result follows the order of items.
func LayoutDay(items []Interval, day Date, loc *time.Location) []Placed {
	out := placeOnDay(items, day, orUTC(loc))
	assignColumns(out, byTopThenLonger(out))
	return out
}

// placeOnDay returns the events of items that are on day, in their order,
// with their Index, TopMin and HeightMin set.
func placeOnDay(items []Interval, day Date, loc *time.Location) []Placed {
	ds, de := DayBounds(day, loc)
	out := make([]Placed, 0, len(items))
	for i, it := range items {
		s, e := it.Start, it.End
		if e.Before(s) {
			e = s
		}
		if s.Equal(e) {
			if s.Before(ds) || !s.Before(de) {
				continue
			}
		} else if !s.Before(de) || !e.After(ds) {
			continue
		}
		if s.Before(ds) {
			s = ds
		}
		top := wallMinutes(s, day, loc, false)
		if top > MinutesPerDay-1 {
			top = MinutesPerDay - 1
		}
		bottom := MinutesPerDay
		if e.Before(de) {
			bottom = wallMinutes(e, day, loc, true)
		}
		h := bottom - top
		if h < MinEventMinutes {
			h = MinEventMinutes
		}
		out = append(out, Placed{Index: i, TopMin: top, HeightMin: h})
	}
	return out
}

// byTopThenLonger returns the positions in out sorted by top, the taller
// box first, then by Index.
func byTopThenLonger(out []Placed) []int {
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		pa, pb := out[order[a]], out[order[b]]
		if pa.TopMin != pb.TopMin {
			return pa.TopMin < pb.TopMin
		}
		if pa.HeightMin != pb.HeightMin {
			return pa.HeightMin > pb.HeightMin
		}
		return pa.Index < pb.Index
	})
	return order
}

// assignColumns sets Column and Columns of the boxes in out, taken in
// order: each box goes into the first column free at its top, and a box
// that starts below every box of the cluster so far starts a new cluster.
func assignColumns(out []Placed, order []int) {
	var colEnds []int // bottom of the last box in each column
	var cluster []int // positions in out of the current cluster
	clusterEnd := 0   // bottom of the lowest box in the cluster
	flush := func() {
		for _, k := range cluster {
			out[k].Columns = len(colEnds)
		}
		colEnds, cluster = colEnds[:0], cluster[:0]
	}
	for _, k := range order {
		p := &out[k]
		if len(cluster) > 0 && p.TopMin >= clusterEnd {
			flush()
		}
		col := -1
		for c, end := range colEnds {
			if end <= p.TopMin {
				col = c
				break
			}
		}
		if col < 0 {
			col = len(colEnds)
			colEnds = append(colEnds, 0)
		}
		bottom := p.TopMin + p.HeightMin
		colEnds[col] = bottom
		p.Column = col
		if len(cluster) == 0 || bottom > clusterEnd {
			clusterEnd = bottom
		}
		cluster = append(cluster, k)
	}
	flush()
}

// wallMinutes returns t's wall-clock minutes after midnight on day, rounding
// up partial minutes if ceil. Instants dated before or after day map to 0
// or MinutesPerDay.
func wallMinutes(t time.Time, day Date, loc *time.Location, ceil bool) int {
	lt := t.In(loc)
	switch c := DateOf(lt, loc).Compare(day); {
	case c < 0:
		return 0
	case c > 0:
		return MinutesPerDay
	}
	m := lt.Hour()*60 + lt.Minute()
	if ceil && (lt.Second() != 0 || lt.Nanosecond() != 0) {
		m++
	}
	return m
}
